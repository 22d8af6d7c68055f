"""Data protection: a person's data export, and anonymisation after the retention period.

Anonymising keeps every row (assignments, attendance, mentorships, the audit log) so the
programme's figures stay true; it removes what identifies the person: name, e-mail address,
TRN, password, and free text written about them (observation notes, message bodies)."""

from __future__ import annotations

import datetime
import json
from typing import Any

from dateutil.relativedelta import relativedelta
from django.contrib.auth.hashers import make_password
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone

from ecfhub.audit.models import AuditEntry
from ecfhub.audit.services import record, redact_person
from ecfhub.hub.settings import current_hub_settings
from ecfhub.lib.errors import DomainError
from ecfhub.people.models import Participant, User
from ecfhub.privacy.collect import Holdings, collect, public_fields

ERASED_DOMAIN = "erased.invalid"  # RFC 2606: never deliverable
FINISHED = [Participant.Status.WITHDRAWN, Participant.Status.COMPLETED]


def is_anonymised(user: User) -> bool:
    return user.email.endswith(f"@{ERASED_DOMAIN}")


def placeholder_trn(participant: Participant) -> str:
    """Seven characters like a TRN, unique per participant, and never a real TRN (real ones are digits)."""
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    number, text = participant.pk, ""
    while number:
        number, rest = divmod(number, 36)
        text = digits[rest] + text
    return ("X" + text.rjust(6, "0")).upper()[-7:]


def export_data(*, user: User, actor: Any) -> dict[str, Any]:
    """Everything held about `user`, as JSON-ready data; the export itself is audited.

    Guarantees: no password, token or hash appears in the result."""
    holdings = collect(user)

    def rows(groups: dict[str, dict[object, models.Model]]) -> dict[str, list[dict[str, object]]]:
        return {
            label: [public_fields(obj) for obj in objects.values()]
            for label, objects in sorted(groups.items())
            if objects
        }

    audit = [
        {
            "at": e.at,
            "by": e.actor_label,
            "action": e.action,
            "summary": e.summary,
            "about": f"{e.target_type} {e.target_id}",
        }
        for e in AuditEntry.objects.filter(holdings.audit_filter())
    ]
    data = {
        "generated_at": timezone.now(),
        "about": "Everything this hub's ECF Hub holds about you.",
        "person": public_fields(user),
        "roles": list(user.roles),
        "records": rows(holdings.owned),
        "linked_records": rows(holdings.linked),
        "messages_to_your_address": rows(holdings.addressed),
        "audit_log": audit,
    }
    by_self = getattr(actor, "pk", None) == user.pk
    record(
        actor=actor,
        action="privacy.exported",
        summary=f"Exported the data held about {user.full_name}" + (" at their request" if by_self else ""),
        target=user,
        details={"records": sum(len(v) for v in holdings.owned.values())},
    )
    return data


def export_json(*, user: User, actor: Any) -> str:
    return json.dumps(export_data(user=user, actor=actor), cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)


def _erase_free_text(holdings: Holdings, placeholder_email: str) -> int:
    """Empty every long free-text field of the person's own records and of messages sent to them
    (and those messages' subjects); revoke any secret link or feed they still held."""
    changed = 0
    for groups in (holdings.owned, holdings.addressed):
        for objects in groups.values():
            for obj in objects.values():
                model = type(obj)
                if model in (User, Participant):
                    continue
                updates: dict[str, object] = {}
                # Short free text kept in a CharField (a reason, a message) is named by its model.
                named = set(getattr(model, "FREE_TEXT_FIELDS", ()))
                for f in model._meta.concrete_fields:
                    is_text = isinstance(f, models.TextField) and not f.null and not f.primary_key
                    if is_text or (f.name in named and getattr(obj, f.name)):
                        updates[f.name] = ""
                    elif isinstance(f, models.EmailField):
                        if (getattr(obj, f.name) or "").lower() == holdings.user.email.lower():
                            updates[f.name] = placeholder_email
                    elif isinstance(f, models.JSONField) and f.name == "attachments":
                        updates[f.name] = []
                    elif f.name == "subject" and groups is holdings.addressed:
                        updates[f.name] = "(erased)"
                    elif f.name == "revoked_at" and getattr(obj, f.name) is None:
                        updates[f.name] = timezone.now()  # links and feeds they held stop working
                if updates:
                    # update(), not save(): some records (the outbox, the audit log) refuse ordinary edits.
                    model._base_manager.filter(pk=obj.pk).update(**updates)
                    changed += 1
    return changed


@transaction.atomic
def anonymise_participant(*, participant: Participant, actor: Any) -> User:
    """Anonymise the person behind `participant`: their account and every one of their participations.

    Guarantees: the name becomes "Former participant #<id>", the e-mail address an unusable
    unique placeholder, every TRN a non-identifying placeholder, the password unusable and the
    account inactive; free text about them is emptied; the audit log keeps its entries with
    their name and address replaced. No row is deleted, so attendance and assignment figures
    do not change. Running it twice changes nothing more. Raises DomainError for someone still
    on the programme or holding a staff role."""
    user = User.objects.select_for_update().get(pk=participant.user_id)
    if is_anonymised(user):
        return user
    if Participant.objects.filter(user=user).exclude(status__in=FINISHED).exists():
        raise DomainError(
            "still_on_programme", f"{user.full_name} is still on the programme; withdraw or complete them first."
        )
    if user.is_hub_admin or user.is_facilitator or user.tutored_schools.exists():
        raise DomainError("staff_role", f"{user.full_name} holds a staff role; remove it before anonymising.")
    holdings = collect(user)
    old_name, old_email = user.full_name, user.email
    placeholder_email = f"former-participant-{user.pk}@{ERASED_DOMAIN}"
    texts = _erase_free_text(holdings, placeholder_email)
    for p in Participant.objects.filter(user=user):
        Participant.objects.filter(pk=p.pk).update(trn=placeholder_trn(p), unavailable_weekdays=[])
    user.full_name = f"Former participant #{user.pk}"
    user.email = placeholder_email
    user.password = make_password(None)  # unusable
    user.is_active = False
    user.last_login = None
    user.save()
    _forget_sign_ins(old_email, placeholder_email)
    redact_person(
        user_id=user.pk, name=old_name, email=old_email, replacement=user.full_name, query=holdings.audit_filter()
    )
    record(
        actor=actor,
        action="privacy.anonymised",
        summary=f"Anonymised {user.full_name}: name, e-mail address, TRN and free text removed",
        target=user,
        details={"participations": len(holdings.participations), "records_with_text_erased": texts},
    )
    return user


def _forget_sign_ins(old_email: str, placeholder: str) -> None:
    """django-axes keeps sign-in attempts by e-mail address; they go too."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username__iexact=old_email).update(username=placeholder)


def retention_cutoff(today: datetime.date) -> datetime.date:
    return today - relativedelta(years=current_hub_settings().retention_years)


def due_for_erasure(today: datetime.date) -> models.QuerySet[User]:
    """People whose every participation ended (withdrawn or completed) before the retention cut-off.

    People with a staff role, anyone still on the programme, and people already anonymised are left out;
    so are participations with no recorded end date (nobody can say when they left)."""
    cutoff = retention_cutoff(today)
    return (
        User.objects.filter(
            participations__isnull=False, is_hub_admin=False, is_facilitator=False, tutored_schools__isnull=True
        )
        .exclude(email__endswith=f"@{ERASED_DOMAIN}")
        .exclude(participations__status__in=[s for s in Participant.Status.values if s not in FINISHED])
        .exclude(participations__status_changed_on__isnull=True)
        .annotate(left_on=Max("participations__status_changed_on"))
        .filter(left_on__lt=cutoff)
        .distinct()
        .order_by("left_on", "pk")
    )


def erase_expired(*, today: datetime.date, actor: Any = None) -> list[int]:
    """Anonymise everyone due for erasure; returns their user ids. Each person is its own transaction."""
    erased = []
    for user in due_for_erasure(today):
        participant = Participant.objects.filter(user=user).first()
        if participant is not None:
            anonymise_participant(participant=participant, actor=actor)
            erased.append(user.pk)
    return erased
