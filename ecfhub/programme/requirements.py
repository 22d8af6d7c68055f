"""Which requirement applies to a person: the most specific row for their cohort, type, mentor training and schedule.

Pure functions over rows already read, so the scheduler's loader, "My programme" and the
participants' area ask the same question the same way without a query per person."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q

from ecfhub.lib.request_memo import memo
from ecfhub.people.models import Participant
from ecfhub.people.schedules import kind_of
from ecfhub.programme.models import ProgrammeRequirement


def _rank(row: ProgrammeRequirement) -> int:
    # Mentor training weighs more than the schedule: a trained mentor on a reduced schedule is still trained.
    return (2 if row.mentor_training else 0) + (1 if row.schedule_kind else 0)


def _score(row: ProgrammeRequirement, mentor_training: str, schedule_kind: str) -> int | None:
    # A row matches when each of its optional parts is empty or equal; the more parts it names, the better.
    if row.mentor_training and row.mentor_training != mentor_training:
        return None
    if row.schedule_kind and row.schedule_kind != schedule_kind:
        return None
    return _rank(row)


def pick(
    rows: Iterable[ProgrammeRequirement], *, participant_type: str, mentor_training: str, schedule_identifier: str
) -> ProgrammeRequirement | None:
    """The most specific of `rows` (one cohort's) that applies to this person, or None when none does."""
    kind = kind_of(schedule_identifier)
    best: tuple[int, ProgrammeRequirement] | None = None
    for row in rows:
        if row.participant_type != participant_type:
            continue
        score = _score(row, mentor_training, kind)
        if score is not None and (best is None or score > best[0]):
            best = (score, row)
    return best[1] if best else None


def all_requirement_rows() -> list[ProgrammeRequirement]:
    """Every requirement row of every cohort (a few per cohort), read once per page (`lib.request_memo`):
    a page's parts each ask. Shared between them: read-only."""
    return memo("programme-requirements", lambda: list(ProgrammeRequirement.objects.all()))


class RequirementBook:
    """Every requirement row of some cohorts, read in one query, answering per person."""

    def __init__(self, cohort_ids: Iterable[int]) -> None:
        wanted = set(cohort_ids)
        self._rows: dict[int, list[ProgrammeRequirement]] = defaultdict(list)
        for row in all_requirement_rows():
            if row.cohort_id in wanted:
                self._rows[row.cohort_id].append(row)

    def for_person(
        self, *, cohort_id: int, participant_type: str, mentor_training: str, schedule_identifier: str
    ) -> ProgrammeRequirement | None:
        return pick(
            self._rows.get(cohort_id, []),
            participant_type=participant_type,
            mentor_training=mentor_training or "",
            schedule_identifier=schedule_identifier or "",
        )

    def for_participant(self, participant: Participant) -> ProgrammeRequirement | None:
        return self.for_person(
            cohort_id=participant.cohort_id,
            participant_type=participant.participant_type,
            mentor_training=participant.mentor_training,
            schedule_identifier=participant.schedule_identifier,
        )


def requirement_for(participant: Participant) -> ProgrammeRequirement | None:
    """The requirement that applies to one participant (one query)."""
    return RequirementBook([participant.cohort_id]).for_participant(participant)


def without_required_dates() -> Q:
    """A filter on Participant for the people whose requirement asks for no dates (an already trained mentor,
    by the default rows): one query for the rows, then a plain Q. Use `~without_required_dates()` to keep
    only people the scheduler must give dates to."""
    rows = all_requirement_rows()
    by_cohort: dict[int, list[ProgrammeRequirement]] = defaultdict(list)
    for row in rows:
        by_cohort[row.cohort_id].append(row)
    q = Q(pk__in=[])
    for cohort_id, cohort_rows in by_cohort.items():
        for row in cohort_rows:
            if row.requires_dates:
                continue
            # People this row applies to, unless a more specific row of the same cohort takes them back.
            match = Q(cohort_id=cohort_id, participant_type=row.participant_type)
            if row.mentor_training:
                match &= Q(mentor_training=row.mentor_training)
            if row.schedule_kind:
                match &= Q(schedule_identifier__startswith=f"ecf-{row.schedule_kind}-")
            for other in cohort_rows:
                if other is row or other.participant_type != row.participant_type or not other.requires_dates:
                    continue
                if _more_specific_overlap(other, row):
                    more = Q()
                    if other.mentor_training:
                        more &= Q(mentor_training=other.mentor_training)
                    if other.schedule_kind:
                        more &= Q(schedule_identifier__startswith=f"ecf-{other.schedule_kind}-")
                    match &= ~more
            q |= match
    return q


def _more_specific_overlap(other: ProgrammeRequirement, row: ProgrammeRequirement) -> bool:
    # Could `other` win over `row` for someone `row` matches? It must agree where `row` names a part,
    # and score higher.
    if row.mentor_training and other.mentor_training and other.mentor_training != row.mentor_training:
        return False
    if row.schedule_kind and other.schedule_kind and other.schedule_kind != row.schedule_kind:
        return False
    return _rank(other) > _rank(row)
