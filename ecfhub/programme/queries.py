"""Read-only questions about the programme, shaped for pages."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from ecfhub.lib.page_cache import table_values
from ecfhub.people.models import Participant, ParticipantType
from ecfhub.programme.models import DEFAULT_REQUIREMENTS, Cohort, ProgrammeRequirement
from ecfhub.programme.requirements import pick, without_required_dates

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

    @property
    def asks_nothing(self) -> bool:
        """No clinics and no conferences (a mentor already trained): a row of noughts says less than its note."""
        return not self.clinics and not self.conferences


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


def requirements_shown() -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """Every requirement row and cohort, as plain values: what `requirements_for_display` is made from,
    for keying a cached page on (`lib.page_cache`); two queries."""
    return table_values(ProgrammeRequirement), table_values(Cohort)


def needing_dates(participants: QuerySet[Participant]) -> QuerySet[Participant]:
    """`participants` less those whose requirement asks for no dates (a mentor already trained): the people
    a missing date is a problem for. One query for the requirement rows."""
    return participants.exclude(without_required_dates())


@dataclass(frozen=True)
class RequirementWithPeople:
    """One requirement row and how many people it applies to now (active participants for whom it is the
    most specific row: `programme.requirements.pick`)."""

    requirement: ProgrammeRequirement
    people: int


def requirement_rows() -> list[RequirementWithPeople]:
    """Every requirement row of every cohort, newest cohort first, each with the number of active participants
    it applies to. Two queries, however many rows and people: the rows, and the participants counted by
    cohort, type, mentor training and schedule (each group is then matched to its row in Python)."""
    rows = list(ProgrammeRequirement.objects.select_related("cohort").order_by("-cohort__start_year", "pk"))
    by_cohort: dict[int, list[ProgrammeRequirement]] = defaultdict(list)
    for row in rows:
        by_cohort[row.cohort_id].append(row)
    counts: Counter[int] = Counter()
    groups = (
        Participant.objects.filter(status=Participant.Status.ACTIVE, cohort_id__in=by_cohort)
        .values("cohort_id", "participant_type", "mentor_training", "schedule_identifier")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for group in groups:
        applies = pick(
            by_cohort[group["cohort_id"]],
            participant_type=group["participant_type"],
            mentor_training=group["mentor_training"] or "",
            schedule_identifier=group["schedule_identifier"] or "",
        )
        if applies is not None:
            counts[applies.pk] += group["n"]
    order: dict[str, int] = {ParticipantType.ECT: 0, ParticipantType.MENTOR: 1}
    rows.sort(key=lambda r: (-r.cohort.start_year, order.get(r.participant_type, 2), not r.is_base, r.who))
    return [RequirementWithPeople(row, counts[row.pk]) for row in rows]
