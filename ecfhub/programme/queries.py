"""Read-only questions about the programme, shaped for pages."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from ecfhub.people.models import Participant, ParticipantType
from ecfhub.programme.models import DEFAULT_REQUIREMENTS, Cohort, ProgrammeRequirement
from ecfhub.programme.requirements import without_required_dates

# DfE keeps four cohorts open at once since 2025 (2023 and 2024 run on until about 2027).
OPEN_COHORTS = 4


@dataclass(frozen=True)
class RequirementRow:
    participant_type: str
    label: str
    clinics: int
    conferences: int
    cohorts: str
    note: str = ""
    mentor_training: str = ""
    schedule_kind: str = ""

    @property
    def is_base(self) -> bool:
        return not self.mentor_training and not self.schedule_kind


def requirements_for_display() -> list[RequirementRow]:
    """What each kind of participant must attend, from the open cohorts' data (the newest four).

    Each distinct requirement is one row (ECTs; mentors new to mentor training; mentors already
    trained, for whom sessions are optional; a reduced schedule, …) with the cohorts it applies to.
    Before any cohort exists the programme's default figures are shown. Two queries."""
    open_ids = list(Cohort.objects.order_by("-start_year").values_list("pk", flat=True)[:OPEN_COHORTS])
    rows = ProgrammeRequirement.objects.filter(cohort_id__in=open_ids).select_related("cohort")
    grouped: dict[tuple[str, str, str, int, int, str], tuple[str, list[str]]] = {}
    for row in rows:
        key = (row.participant_type, row.mentor_training, row.schedule_kind, row.clinics, row.conferences, row.note)
        grouped.setdefault(key, (row.who, []))[1].append(row.cohort.label)
    if not grouped:
        grouped = {
            (kind, "", "", c, f, ""): (ParticipantType(kind).plural, [])
            for kind, (c, f) in DEFAULT_REQUIREMENTS.items()
        }
    result = [
        RequirementRow(
            participant_type=kind,
            label=label,
            clinics=clinics,
            conferences=conferences,
            cohorts=", ".join(sorted(cohorts)),
            note=note,
            mentor_training=training,
            schedule_kind=schedule,
        )
        for (kind, training, schedule, clinics, conferences, note), (label, cohorts) in grouped.items()
    ]
    return sorted(
        result,
        key=lambda r: (r.participant_type != ParticipantType.ECT, not r.is_base, r.label, r.cohorts),
    )


def needing_dates(participants: QuerySet[Participant]) -> QuerySet[Participant]:
    """`participants` less those whose requirement asks for no dates (a mentor already trained): the people
    a missing date is a problem for. One query for the requirement rows."""
    return participants.exclude(without_required_dates())
