"""Each person's progress: events attended against the requirement, what they missed, engagement and status."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db.models import QuerySet
from django.utils import timezone

from ecfhub.attendance.models import (
    ATTENDED,
    Mark,
)
from ecfhub.attendance.progress import (
    Engagement,
    EngagementItem,
    Facts,
    Status,
    Verdict,
    Window,
    declaration_windows,
    engagement_by_window,
    engagement_up_to,
    judge,
    window_on,
)
from ecfhub.attendance.sources import ENGAGEMENT_SOURCES, programme_places
from ecfhub.events.models import TrainingEvent
from ecfhub.events.queries import required_q
from ecfhub.lib import when
from ecfhub.people.models import Participant
from ecfhub.programme.requirements import RequirementBook
from ecfhub.scheduling.models import Assignment, ChangeRequest

KINDS = (TrainingEvent.Kind.CLINIC, TrainingEvent.Kind.CONFERENCE)

# --- progress -------------------------------------------------------------------------------


@dataclass(frozen=True)
class MissedEvent:
    """An event someone was marked absent from with no catch-up yet: no catch-up date booked or
    asked for, no self-study chosen. `place_id` is the missed place (the catch-up page's address)."""

    title: str
    kind: str
    on: datetime.date
    place_id: int = 0


@dataclass
class Progress:
    """One person's progress: events attended against the requirement, what they missed,
    engagement per declaration window and their status."""

    participant: Participant
    required: dict[str, int]
    attended: dict[str, int]
    missed: list[MissedEvent]
    awaiting_register: int
    next_date: tuple[str, datetime.datetime] | None
    windows: list[Engagement]
    current: Window | None
    so_far: Engagement | None
    verdict: Verdict
    absences: int = 0
    items: list[EngagementItem] = field(default_factory=list)
    # The same verdict said to the person on their own page, in their words, not DfE's declaration names.
    verdict_to_you: Verdict | None = None

    @property
    def status(self) -> Status:
        return self.verdict.status

    @property
    def status_key(self) -> str:
        return self.verdict.status.name.lower()

    @property
    def attended_total(self) -> int:
        return sum(self.attended.values())

    @property
    def required_total(self) -> int:
        return sum(self.required.values())

    def line(self, kind: str) -> str:
        label = "Clinics" if kind == TrainingEvent.Kind.CLINIC else "Conferences"
        return f"{label} {self.attended.get(kind, 0)} of {self.required.get(kind, 0)}"

    @property
    def clinics(self) -> str:
        return self.line(TrainingEvent.Kind.CLINIC)

    @property
    def conferences(self) -> str:
        return self.line(TrainingEvent.Kind.CONFERENCE)

    @property
    def next_step(self) -> str:
        if self.missed:
            first = self.missed[0]
            return f"You missed {first.title} on {when.plain_date(first.on)}: choose a catch-up date."
        if self.next_date is not None:
            title, starts = self.next_date
            return f"Go to {title} on {when.day(starts)} at {when.clock(starts)}."
        if self.attended_total >= self.required_total > 0:
            return "You have attended every event your programme requires."
        return "The hub will give you your next date; you will get an e-mail when it does."


def progress_for(participants: QuerySet[Participant], *, now: datetime.datetime) -> dict[int, Progress]:
    """Progress for every participant in `participants`, keyed by participant id.

    A fixed number of queries however many people: the people, their requirements, their places
    with marks and catch-up self-study, their open requests for a catch-up date, and each source's
    items (training events one; modules and coaching nine: the people with cohorts,
    `learning.queries.engagement_weeks`' six, the learning settings, the pairings)."""
    people = list(participants.select_related("user", "school", "cohort").order_by("user__full_name", "pk"))
    if not people:
        return {}
    ids = participants.values("pk")
    # Each person's own requirement: the most specific row (a mentor already trained has their own).
    requirements = RequirementBook({p.cohort_id for p in people})
    per_person = _places_by_person(ids)
    asked = _catch_ups_asked(ids)
    items: dict[int, list[EngagementItem]] = defaultdict(list)
    for source in ENGAGEMENT_SOURCES:
        for pid, found in source.items(Participant.objects.filter(pk__in=ids), now=now).items():
            items[pid].extend(found)
    today = timezone.localtime(now).date()
    windows_by_year: dict[int, list[Window]] = {}
    out: dict[int, Progress] = {}
    for person in people:
        requirement = requirements.for_participant(person)
        required: dict[str, int] = {
            TrainingEvent.Kind.CLINIC: requirement.clinics if requirement else 0,
            TrainingEvent.Kind.CONFERENCE: requirement.conferences if requirement else 0,
        }
        attended: dict[str, int] = dict.fromkeys(KINDS, 0)
        missed: list[MissedEvent] = []
        awaiting = absences = 0
        upcoming: list[tuple[datetime.datetime, str]] = []
        for event_id, sessions in per_person[person.pk].items():
            kind = sessions[0].kind
            absences += sum(1 for s in sessions if s.mark == Mark.ABSENT)
            awaiting += sum(
                1 for s in sessions if s.status == Assignment.Status.ASSIGNED and s.starts <= now and s.mark is None
            )
            upcoming.extend(
                (s.starts, s.title) for s in sessions if s.status == Assignment.Status.ASSIGNED and s.starts > now
            )
            if _came(sessions):
                attended[kind] = attended.get(kind, 0) + 1
            elif (gone := _missed(sessions, asked=(person.pk, event_id) in asked, now=now)) is not None:
                missed.append(gone)
        year = person.cohort.start_year
        windows = windows_by_year.setdefault(year, declaration_windows(year))
        current = window_on(windows, today)
        mine = items.get(person.pk, [])
        by_window = engagement_by_window(mine, windows)
        so_far = engagement_up_to(mine, current) if current else None
        due_now = [i for i in mine if i.due]
        horizon = current.ends_on if current else today
        to_come = sum(1 for i in mine if not i.due and i.on <= horizon)
        declaration = (
            f"the {current.declaration} declaration ({when.plain_date(current.ends_on)})" if current else "the end"
        )
        facts = Facts(missed=len(missed), done=sum(1 for i in due_now if i.done), due=len(due_now), to_come=to_come)
        verdict = judge(facts, declaration=declaration)
        verdict_to_you = judge(
            facts,
            declaration=f"the end of this term ({when.plain_date(current.ends_on)}), when {current.meaning}"
            if current
            else "the end",
        )
        missed.sort(key=lambda m: m.on)
        upcoming.sort()
        progress = Progress(
            participant=person,
            required=required,
            attended=attended,
            missed=missed,
            awaiting_register=awaiting,
            next_date=(upcoming[0][1], upcoming[0][0]) if upcoming else None,
            windows=by_window,
            current=current,
            so_far=so_far,
            verdict=verdict,
            absences=absences,
            items=mine,
            verdict_to_you=verdict_to_you,
        )
        out[person.pk] = progress
    return out


def missed_without_catch_up(participants: QuerySet[Participant], *, now: datetime.datetime) -> int:
    """How many events the people in `participants` missed with no catch-up yet: the same count as
    the `missed` of their `progress_for`, in two queries and without the engagement sources (for the
    hub's attention list, whatever the size of the hub)."""
    ids = participants.values("pk")
    asked = _catch_ups_asked(ids)
    return len(
        [
            event_id
            for pid, events in _places_by_person(ids).items()
            for event_id, sessions in events.items()
            if not _came(sessions) and _missed(sessions, asked=(pid, event_id) in asked, now=now) is not None
        ]
    )


def _places_by_person(ids: QuerySet[Participant, Any]) -> dict[int, dict[int, list[_PlaceRow]]]:
    # Only required events count towards the requirement; an optional one attended is extra.
    rows = (
        programme_places(Participant.objects.filter(pk__in=ids))
        .filter(required_q("event__"))
        .values_list(
            "participant_id",
            "event_id",
            "event__kind",
            "event__title",
            "status",
            "session__starts_at",
            "session__ends_at",
            "attendance__mark",
            "pk",
            "catch_up_study__chosen_at",
            "catch_up_study__signed_off_at",
        )
    )
    per_person: dict[int, dict[int, list[_PlaceRow]]] = defaultdict(lambda: defaultdict(list))
    for pid, event_id, kind, title, status, starts, ends, mark, place_id, chosen_at, signed_off_at in rows:
        per_person[pid][event_id].append(
            _PlaceRow(kind, title, status, starts, ends, mark, place_id, chosen_at, signed_off_at)
        )
    return per_person


def _catch_ups_asked(ids: QuerySet[Participant, Any]) -> set[tuple[int, int]]:
    # Open requests for a catch-up date: asked for counts as arranged, like a date booked.
    return set(
        ChangeRequest.objects.filter(
            participant_id__in=ids,
            reason=ChangeRequest.Reason.MISSED,
            status__in=[ChangeRequest.Status.PENDING, ChangeRequest.Status.WAITING],
        ).values_list("participant_id", "event_id")
    )


def _came(sessions: list[_PlaceRow]) -> bool:
    # Came to a session of the event, or did catch-up self-study that was signed off: once per event.
    return any(s.mark in ATTENDED or s.signed_off_at is not None for s in sessions)


def _missed(sessions: list[_PlaceRow], *, asked: bool, now: datetime.datetime) -> MissedEvent | None:
    """The event as missed, when they were marked absent and no catch-up is arranged: no later date
    booked, none asked for, no self-study chosen (the one rule; `_came` is checked first)."""
    absent = [s for s in sessions if s.mark == Mark.ABSENT]
    booked_ahead = any(s.status == Assignment.Status.ASSIGNED and s.starts > now for s in sessions)
    if not absent or booked_ahead or asked or any(s.chosen_at for s in sessions):
        return None
    last = max(absent, key=lambda s: s.starts)
    first = sessions[0]
    return MissedEvent(first.title, first.kind, timezone.localtime(last.starts).date(), last.place_id)


class _PlaceRow(NamedTuple):
    kind: str
    title: str
    status: str
    starts: datetime.datetime
    ends: datetime.datetime
    mark: str | None
    place_id: int
    chosen_at: datetime.datetime | None  # catch-up self-study chosen
    signed_off_at: datetime.datetime | None  # ... and signed off
