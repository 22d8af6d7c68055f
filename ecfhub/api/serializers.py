"""The API's bodies in DfE's v3 names and JSON:API shape, as DRF serializers: what is sent (from the plain
data api/queries.py builds) and what is read (the provider's participants, DfE's action requests). The
OpenAPI document is generated from these (drf-spectacular)."""

from __future__ import annotations

import datetime
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ecfhub.lib import when
from ecfhub.people.models import Participant
from ecfhub.people.schedules import SCHEDULE_CHOICES

SCHEDULES = [value for value, _ in SCHEDULE_CHOICES]
TRAINING_STATUSES = ["active", "deferred", "withdrawn"]
COURSES = ["ecf-induction", "ecf-mentor"]
DECLARATION_TYPES = [
    "started", "retained-1", "retained-2", "retained-3", "retained-4", "completed",
    "extended-1", "extended-2", "extended-3",
]  # fmt: skip
EVIDENCE_HELD = [
    "training-event-attended", "self-study-material-completed", "materials-engaged-with-offline",
    "75-percent-engagement-met", "75-percent-engagement-met-reduced-induction", "one-term-induction", "other",
]  # fmt: skip


@extend_schema_field(OpenApiTypes.DATETIME)
class MomentField(serializers.DateTimeField):
    """A moment as ISO 8601 on the hub's clock with its offset (lib/when.iso), to the second."""

    def to_representation(self, value: datetime.datetime | None) -> str | None:
        return when.iso(value) if value is not None else None


# --- participants ------------------------------------------------------------------------------


class ReasonDateSerializer(serializers.Serializer):
    reason = serializers.CharField()
    date = MomentField()


class WithdrawalSerializer(ReasonDateSerializer):
    reason = serializers.ChoiceField(choices=Participant.WithdrawalReason.choices)


class DeferralSerializer(ReasonDateSerializer):
    reason = serializers.ChoiceField(choices=Participant.DeferralReason.choices)


class EnrolmentSerializer(serializers.Serializer):
    """One of DfE's `ecf_enrolments`."""

    training_record_id = serializers.UUIDField()
    email = serializers.CharField()
    mentor_id = serializers.UUIDField(allow_null=True)
    school_urn = serializers.CharField()
    participant_type = serializers.ChoiceField(choices=["ect", "mentor"])
    working_pattern = serializers.ChoiceField(choices=["full_time", "part_time"], allow_null=True)
    cohort = serializers.CharField()
    training_status = serializers.ChoiceField(choices=TRAINING_STATUSES)
    participant_status = serializers.ChoiceField(choices=["active", "joining", "leaving", "left"])
    schedule_identifier = serializers.ChoiceField(choices=SCHEDULES, allow_blank=True)
    withdrawal = WithdrawalSerializer(allow_null=True)
    deferral = DeferralSerializer(allow_null=True)
    created_at = MomentField()
    induction_end_date = serializers.DateField(allow_null=True)
    overall_induction_start_date = serializers.DateField(allow_null=True)
    mentor_funding_end_date = serializers.DateField(allow_null=True)


class ParticipantEcfHubSerializer(serializers.Serializer):
    """ECF Hub's additions, not in DfE's API: progress against the hub's requirement."""

    progress = serializers.ChoiceField(
        choices=["on_track", "at_risk", "behind", "not_started", "none"],
        help_text="On track, at risk or behind against the hub's requirement (docs/progress.md).",
    )
    sessions_attended = serializers.IntegerField(help_text="Training events attended (clinics and conferences).")
    sessions_required = serializers.IntegerField(help_text="Training events the requirement asks for.")


class ParticipantAttributesSerializer(serializers.Serializer):
    full_name = serializers.CharField()
    teacher_reference_number = serializers.CharField(allow_null=True)
    ecf_enrolments = EnrolmentSerializer(many=True)
    participant_id_changes = serializers.ListField(child=serializers.DictField(), help_text="Always empty here.")
    updated_at = MomentField()
    ecf_hub = ParticipantEcfHubSerializer(
        required=False, help_text="ECF Hub's additions, with include_ecf_hub=true (not in DfE's API)."
    )


class ParticipantSerializer(serializers.Serializer):
    id = serializers.UUIDField(help_text="The lead provider's participant_id once reconciled, else the hub's own UUID.")
    type = serializers.ChoiceField(choices=["participant"])
    attributes = ParticipantAttributesSerializer()


class ParticipantResponseSerializer(serializers.Serializer):
    data = ParticipantSerializer()


class ParticipantsResponseSerializer(serializers.Serializer):
    data = ParticipantSerializer(many=True)


# --- declarations (the evidence) ------------------------------------------------------------------


class DeclarationEcfHubSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, help_text="Why a declaration is not yet declarable.")
    evidence_sessions = serializers.CharField(allow_blank=True, help_text="The sessions and modules behind it.")
    sent_on = serializers.DateField(allow_null=True, help_text="When the hub recorded it as sent to you.")


class DeclarationAttributesSerializer(serializers.Serializer):
    participant_id = serializers.UUIDField()
    declaration_type = serializers.ChoiceField(choices=DECLARATION_TYPES)
    declaration_date = MomentField(allow_null=True)
    course_identifier = serializers.ChoiceField(choices=COURSES)
    evidence_held = serializers.ChoiceField(choices=EVIDENCE_HELD, allow_null=True)
    state = serializers.ChoiceField(
        choices=["ready", "not-yet-declarable", "voided"],
        help_text="ready: POST it to DfE as it is; not-yet-declarable: see ecf_hub.reason; voided: the "
        "evidence was withdrawn after a register correction, so void it with DfE.",
    )
    created_at = MomentField()
    updated_at = MomentField()
    ecf_hub = DeclarationEcfHubSerializer()


class DeclarationSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    type = serializers.ChoiceField(choices=["participant-declaration"])
    attributes = DeclarationAttributesSerializer()


class DeclarationResponseSerializer(serializers.Serializer):
    data = DeclarationSerializer()


class DeclarationsResponseSerializer(serializers.Serializer):
    data = DeclarationSerializer(many=True)


# --- sessions and attendance (ECF Hub's additions) -----------------------------------------------


class SessionAttributesSerializer(serializers.Serializer):
    event_title = serializers.CharField()
    event_kind = serializers.CharField()
    starts_at = MomentField()
    ends_at = MomentField()
    mode = serializers.CharField()
    status = serializers.CharField()
    capacity = serializers.IntegerField()
    seats_taken = serializers.IntegerField()
    updated_at = MomentField()


class SessionSerializer(serializers.Serializer):
    id = serializers.CharField()
    type = serializers.ChoiceField(choices=["session"])
    attributes = SessionAttributesSerializer()


class SessionsResponseSerializer(serializers.Serializer):
    data = SessionSerializer(many=True)


class AttendanceAttributesSerializer(serializers.Serializer):
    participant_id = serializers.UUIDField()
    session_id = serializers.CharField()
    mark = serializers.CharField()
    updated_at = MomentField()


class AttendanceSerializer(serializers.Serializer):
    id = serializers.CharField()
    type = serializers.ChoiceField(choices=["attendance"])
    attributes = AttendanceAttributesSerializer()


class AttendanceResponseSerializer(serializers.Serializer):
    data = AttendanceSerializer(many=True)


# --- what the provider sends ----------------------------------------------------------------------


class StrictSerializer(serializers.Serializer):
    """Refuses a body that is not a JSON object where one is expected (DRF's own message otherwise)."""

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, dict):
            raise serializers.ValidationError({"non_field_errors": ["Send a JSON object here."]})
        return super().to_internal_value(data)


class ReasonDateInSerializer(StrictSerializer):
    reason = serializers.CharField(max_length=60)
    date = serializers.CharField(max_length=40, required=False, allow_blank=True, allow_null=True)


class EnrolmentInSerializer(StrictSerializer):
    """DfE's enrolment as the provider has it: the fields the reconciliation reads are required; the
    rest of DfE's fields are accepted and ignored."""

    email = serializers.CharField(max_length=254, required=False, allow_blank=True, allow_null=True)
    mentor_id = serializers.CharField(max_length=40, required=False, allow_blank=True, allow_null=True)
    school_urn = serializers.CharField(max_length=10)
    participant_type = serializers.CharField(max_length=20)
    cohort = serializers.CharField(max_length=10)
    training_status = serializers.CharField(max_length=20)
    schedule_identifier = serializers.CharField(max_length=60)
    withdrawal = ReasonDateInSerializer(required=False, allow_null=True)
    deferral = ReasonDateInSerializer(required=False, allow_null=True)


class ParticipantInAttributesSerializer(StrictSerializer):
    full_name = serializers.CharField(max_length=300, required=False, allow_blank=True, allow_null=True)
    teacher_reference_number = serializers.CharField(max_length=20, allow_null=True)
    ecf_enrolments = EnrolmentInSerializer(many=True, allow_empty=False, max_length=2)
    updated_at = serializers.CharField(max_length=40)


class ParticipantInSerializer(StrictSerializer):
    id = serializers.CharField(max_length=40)
    type = serializers.ChoiceField(choices=["participant"], required=False)
    attributes = ParticipantInAttributesSerializer()


class ParticipantsPutSerializer(StrictSerializer):
    """A page of DfE's `GET /api/v3/participants` response, as the provider received it."""

    data = ParticipantInSerializer(many=True, allow_empty=False, max_length=3000)


class DeliveryAttributesSerializer(serializers.Serializer):
    participants = serializers.IntegerField()
    differences = serializers.IntegerField()
    status = serializers.CharField()
    already_received = serializers.BooleanField(help_text="True when this exact delivery had been received before.")


class DeliveryOutSerializer(serializers.Serializer):
    id = serializers.CharField()
    type = serializers.ChoiceField(choices=["participant-delivery"])
    attributes = DeliveryAttributesSerializer()


class DeliveryResponseSerializer(serializers.Serializer):
    data = DeliveryOutSerializer()


def _action(name: str, reasons: list[tuple[str, str]] | None) -> type[serializers.Serializer]:
    fields: dict[str, Any] = {"course_identifier": serializers.ChoiceField(choices=COURSES)}
    if reasons is not None:
        fields["reason"] = serializers.ChoiceField(choices=reasons)
    attributes = type(f"{name.title()}AttributesSerializer", (StrictSerializer,), fields)
    data = type(
        f"{name.title()}DataSerializer",
        (StrictSerializer,),
        {"type": serializers.ChoiceField(choices=[f"participant-{name}"]), "attributes": attributes()},
    )
    return type(f"Participant{name.title()}RequestSerializer", (StrictSerializer,), {"data": data()})


WithdrawRequestSerializer = _action("withdraw", Participant.WithdrawalReason.choices)
DeferRequestSerializer = _action("defer", Participant.DeferralReason.choices)
ResumeRequestSerializer = _action("resume", None)
