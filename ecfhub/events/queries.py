"""Read-only questions about training events, shaped for pages and checks."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from typing import Any

import holidays
from django.db.models import Count, Q, Sum
from django.utils import timezone

from ecfhub.events.models import Session, TrainingEvent
from ecfhub.lib import when
from ecfhub.people.models import WEEKDAY_NAMES, Participant, ParticipantType
from ecfhub.programme.models import Cohort, ProgrammeRequirement
from ecfhub.terms.models import ClosureDay, HalfTerm
from ecfhub.terms.schooldays import SchoolCalendar

KIND_PLURALS = {"clinic": "clinics", "conference": "conferences"}


def required_q(path: str = "") -> Q:
    """The events that are part of everyone's programme: all but those the hub marked optional.

    The one place this rule lives. Only required events are given to people by the scheduler, counted
    as "dates still to give" or "without a date", set against the requirement's figures, and counted in
    progress; an optional event is booked by hand. `path` reaches the event from another model
    (`"event__"` from a place)."""
    return Q(**{f"{path}optional": False})


@dataclass(frozen=True)
class RequirementCheck:
    """One line of the arithmetic: what a participant type must attend of one kind, and what is planned."""

    participant_type: str
    kind: str
    required: int
    planned: int

    @property
    def ok(self) -> bool:
        return self.required == self.planned

    @property
    def who(self) -> str:
        return ParticipantType(self.participant_type).plural

    @property
    def message(self) -> str:
        who = self.who
        kinds = KIND_PLURALS[self.kind]
        if self.planned < self.required:
            return (
                f"{who} must attend {self.required} {kinds} but only {self.planned} "
                f"{'is' if self.planned == 1 else 'are'} planned: add {self.required - self.planned}."
            )
        if self.planned > self.required:
            return (
                f"{who} must attend {self.required} {kinds} but {self.planned} are planned: "
                f"remove {self.planned - self.required} or change the cohort's requirement."
            )
        return f"{who}: {self.planned} {kinds}, as required."


def check_requirements(cohort: Cohort) -> list[RequirementCheck]:
    """Compare a cohort's training events with its ProgrammeRequirement rows.

    For each participant type and kind, the events of that audience across both
    programme years must number exactly what the requirement says. Events for an
    audience without a requirement row count against a requirement of 0, so they
    show up too. Two queries whatever the size of the programme."""
    planned = Counter(
        {
            (row["audience"], row["kind"]): row["n"]
            for row in TrainingEvent.objects.filter(required_q(), cohort=cohort)
            .values("audience", "kind")
            .annotate(n=Count("id"))
        }
    )
    required: dict[tuple[str, str], int] = {}
    # The base rows (any mentor training, any schedule): the figures the cohort's events are planned to.
    for req in ProgrammeRequirement.objects.filter(cohort=cohort, mentor_training="", schedule_kind=""):
        required[(req.participant_type, "clinic")] = req.clinics
        required[(req.participant_type, "conference")] = req.conferences
    keys = sorted(set(required) | set(planned), key=lambda k: (k[0] != ParticipantType.ECT, k[0], k[1]))
    return [
        RequirementCheck(audience, kind, required.get((audience, kind), 0), planned.get((audience, kind), 0))
        for audience, kind in keys
    ]


def requirement_problems(cohort: Cohort) -> list[RequirementCheck]:
    return [check for check in check_requirements(cohort) if not check.ok]


@dataclass
class EventRow:
    event: TrainingEvent
    sessions: int
    scheduled: int
    cancelled: int
    seats: int
    booked: int


def events_for_admin(
    *, cohort: Cohort, audience: str | None = None, programme_year: int | None = None
) -> list[EventRow]:
    """A cohort's events with session counts, seats and active places, in one query that reads each event's
    sessions (not their places)."""
    events = (
        TrainingEvent.objects.filter(cohort=cohort)
        .annotate(
            n_sessions=Count("sessions", distinct=True),
            n_scheduled=Count("sessions", filter=Q(sessions__status=Session.Status.SCHEDULED), distinct=True),
            n_seats=Sum("sessions__capacity", filter=Q(sessions__status=Session.Status.SCHEDULED)),
            # Active places on the event's sessions, from the count the database keeps on each session
            # (`Session.seats_taken`): the cohort's places are never read (37,000 at 10,000 participants).
            n_booked=Sum("sessions__seats_taken"),
        )
        .order_by("audience", "programme_year", "order")
    )
    if audience:
        events = events.filter(audience=audience)
    if programme_year:
        events = events.filter(programme_year=programme_year)
    return [
        EventRow(
            event=e,
            sessions=e.n_sessions,  # type: ignore[attr-defined]
            scheduled=e.n_scheduled,  # type: ignore[attr-defined]
            cancelled=e.n_sessions - e.n_scheduled,  # type: ignore[attr-defined]
            seats=e.n_seats or 0,  # type: ignore[attr-defined]
            booked=e.n_booked or 0,  # type: ignore[attr-defined]
        )
        for e in events
    ]


def participants_needing(cohort: Cohort) -> dict[str, int]:
    """Active participants of each type in the cohort: the people every event of that audience must seat."""
    rows = (
        Participant.objects.filter(cohort=cohort, status=Participant.Status.ACTIVE)
        .values("participant_type")
        .annotate(n=Count("id"))
    )
    return {row["participant_type"]: row["n"] for row in rows}


def explain_not_school_days(days: list[datetime.date]) -> dict[datetime.date, str]:
    """For each day that is not a school day, a sentence saying why (days that are school days are left out).

    Four queries whatever the number of days."""
    if not days:
        return {}
    start, end = min(days), max(days)
    calendar = SchoolCalendar.load(start, end)
    closures = dict(ClosureDay.objects.filter(date__gte=start, date__lte=end).values_list("date", "reason"))
    terms = list(HalfTerm.objects.filter(starts_on__lte=end, ends_on__gte=start).values_list("starts_on", "ends_on"))
    bank = holidays.country_holidays("GB", subdiv="ENG", years=range(start.year, end.year + 1))
    problems: dict[datetime.date, str] = {}
    for day in days:
        if calendar.is_school_day(day):
            continue
        label = f"{when.short_day(day)}"
        if day.weekday() >= 5:
            problems[day] = f"{label} is a {WEEKDAY_NAMES[day.weekday()]}, not a school day."
        elif day in bank:
            problems[day] = f"{label} is a bank holiday ({bank.get(day)})."
        elif day in closures:
            problems[day] = f"{label} is a school closure day ({closures[day]})."
        elif not any(s <= day <= e for s, e in terms):
            problems[day] = f"{label} falls in the school holidays, outside every half term on the term calendar."
        else:  # pragma: no cover - the four reasons above are the definition of a school day
            problems[day] = f"{label} is not a school day."
    return problems


def sessions_on(day: datetime.date) -> list[Session]:
    """The scheduled sessions on `day` (in the hub's time zone), earliest first, with their events; one query."""
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    return list(
        Session.objects.scheduled()
        .filter(starts_at__gte=start, starts_at__lt=start + datetime.timedelta(days=1))
        .select_related("event")
        .order_by("starts_at")
    )


def facilitating_summary(user: Any, *, now: datetime.datetime) -> dict[str, Any]:
    """For "My programme": the next session `user` facilitates and how many are still to come; two queries."""
    upcoming = Session.objects.scheduled().filter(facilitators=user, ends_at__gte=now).select_related("event")
    return {"next": upcoming.order_by("starts_at").first(), "count": upcoming.count()}
