"""Read-only questions about the programme, shaped for pages."""

from __future__ import annotations

from dataclasses import dataclass

from ecfhub.people.models import ParticipantType
from ecfhub.programme.models import DEFAULT_REQUIREMENTS, ProgrammeRequirement


@dataclass(frozen=True)
class RequirementRow:
    participant_type: str
    label: str
    clinics: int
    conferences: int
    cohorts: str


def requirements_for_display() -> list[RequirementRow]:
    """What ECTs and mentors must attend, from the two newest cohorts' data.

    When cohorts differ, each distinct figure is shown with the cohorts it applies to.
    Before any cohort exists the programme's default figures are shown."""
    rows = ProgrammeRequirement.objects.select_related("cohort").order_by("-cohort__start_year", "participant_type")[:4]
    grouped: dict[tuple[str, int, int], list[str]] = {}
    for row in rows:
        grouped.setdefault((row.participant_type, row.clinics, row.conferences), []).append(row.cohort.label)
    if not grouped:
        grouped = {(kind, c, f): [] for kind, (c, f) in DEFAULT_REQUIREMENTS.items()}
    result = [
        RequirementRow(kind, ParticipantType(kind).plural, clinics, conferences, ", ".join(sorted(cohorts)))
        for (kind, clinics, conferences), cohorts in grouped.items()
    ]
    return sorted(result, key=lambda r: (r.participant_type != ParticipantType.ECT, r.cohorts))
