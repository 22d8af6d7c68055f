"""What the public events calendar shows: sessions of an academic year, filtered, with seats left.

Every function here issues a fixed number of queries whatever the number of
sessions, so the page and the feed stay fast for a lead provider's thousands.
"""

from __future__ import annotations

import calendar as stdlib_calendar
import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from ecfhub.calendar.ical import FeedItem
from ecfhub.events.models import Session, TrainingEvent, Venue
from ecfhub.lib import when
from ecfhub.lib.page_cache import digest, row_values
from ecfhub.lib.request_memo import memo
from ecfhub.people.models import ParticipantType
from ecfhub.programme.models import Cohort, cohort_start_year_for
from ecfhub.scheduling.models import Assignment
from ecfhub.terms.models import AcademicYear, ClosureDay, HalfTerm
from ecfhub.terms.schooldays import bank_holidays_between


@dataclass(frozen=True)
class CalendarFilters:
    year: int  # the academic year's start year
    kind: str = ""
    audience: str = ""
    half_term: int | None = None
    venue: int | None = None  # a Venue's id: its in-person sessions only


def venue_choices() -> list[tuple[int, str]]:
    """The hub's venues as (id, name), for the venue filter: one query per request."""
    return memo("calendar-venues", lambda: list(Venue.objects.order_by("name").values_list("pk", "name")))


def academic_years() -> list[AcademicYear]:
    return list(AcademicYear.objects.order_by("start_year"))


def default_year(years: list[int], today: datetime.date) -> int:
    """The academic year `today` falls in if the hub has it, else the nearest one it has."""
    current = cohort_start_year_for(today)
    if not years or current in years:
        return current
    return min(years, key=lambda y: (abs(y - current), -y))


def half_terms_of(year: int) -> list[HalfTerm]:
    return list(HalfTerm.objects.filter(academic_year__start_year=year).order_by("starts_on"))


def _bounds(filters: CalendarFilters, terms: list[HalfTerm]) -> tuple[datetime.datetime, datetime.datetime]:
    if filters.half_term:
        term = next((t for t in terms if t.number == filters.half_term), None)
        if term is not None:
            start, end = term.starts_on, term.ends_on + datetime.timedelta(days=1)
            return _aware(start), _aware(end)
    # The whole academic year, September to August, so nothing outside the half terms is lost.
    return _aware(datetime.date(filters.year, 9, 1)), _aware(datetime.date(filters.year + 1, 9, 1))


def _aware(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def public_sessions(filters: CalendarFilters, terms: list[HalfTerm]) -> QuerySet[Session]:
    """Sessions matching the filters, with `booked` for seats left, and their event and cohort; one query."""
    start, end = _bounds(filters, terms)
    sessions = (
        Session.objects.filter(starts_at__gte=start, starts_at__lt=end)
        .select_related("event__cohort", "venue_place")
        .with_booked()
        .order_by("starts_at", "pk")
    )
    if filters.venue is not None:
        sessions = sessions.filter(venue_place_id=filters.venue, mode=Session.Mode.IN_PERSON)
    if filters.kind in TrainingEvent.Kind.values:
        sessions = sessions.filter(event__kind=filters.kind)
    if filters.audience in ParticipantType.values:
        sessions = sessions.filter(event__audience=filters.audience)
    return sessions


def sessions_shown(filters: CalendarFilters, terms: list[HalfTerm], now: datetime.datetime) -> list[tuple[object, ...]]:
    """What the calendar page shows of its sessions, as plain values for keying a cached page on
    (`lib.page_cache`): every stored value of each session, its event and cohort, its seats taken, and
    whether it has started. One query, no model instances."""
    names = [f.attname for f in Session._meta.concrete_fields]
    names += [f"event__{f.attname}" for f in TrainingEvent._meta.concrete_fields]
    names += [f"event__cohort__{f.attname}" for f in Cohort._meta.concrete_fields]
    names += [f"venue_place__{f.attname}" for f in Venue._meta.concrete_fields]
    starts = names.index("starts_at")
    rows = public_sessions(filters, terms).values_list(*names, "booked")
    return [(*row, row[starts] < now) for row in rows]


def fingerprint(sessions: list[Session], terms: list[HalfTerm], *more: object) -> str:
    """A digest of everything the calendar shows of these sessions: every stored value of each session,
    its event and cohort, its seats taken (`booked`), the half terms, and `more` (filters, the hub's
    venue, today). Rendered output cached under it can never be out of date: any change, a place taken
    or given up included, gives another digest."""

    parts = [
        (
            row_values(s),
            getattr(s, "booked", None),
            row_values(s.event),
            row_values(s.event.cohort),
            row_values(s.venue_place) if s.venue_place is not None else None,
        )
        for s in sessions
    ]
    return digest(parts, [row_values(t) for t in terms], more)


@dataclass
class TermGroup:
    label: str
    term: HalfTerm | None
    sessions: list[Session] = field(default_factory=list)


def group_by_half_term(sessions: list[Session], terms: list[HalfTerm]) -> list[TermGroup]:
    """Sessions under their half term, in date order; anything outside every half term goes in its own group."""
    groups = [
        TermGroup(label=f"{t.name}: {when.day_month(t.starts_on)} to {when.plain_date(t.ends_on)}", term=t)
        for t in terms
    ]
    outside = TermGroup(label="Outside the half terms", term=None)
    for session in sessions:
        day = session.date
        for group in groups:
            assert group.term is not None
            if group.term.starts_on <= day <= group.term.ends_on:
                group.sessions.append(session)
                break
        else:
            outside.sessions.append(session)
    result = [g for g in groups if g.sessions]
    if outside.sessions:
        result.append(outside)
    return result


@dataclass
class MonthGrid:
    """A month as weeks of school-week days (Monday to Friday), each day with its sessions, and why a
    weekday is no school day (`closed`: "Bank holiday", the closure day's reason, "School holiday")."""

    year: int
    month: int
    weeks: list[list[tuple[datetime.date | None, list[Session]]]]
    closed: dict[datetime.date, str] = field(default_factory=dict)

    @property
    def days(self) -> list[list[tuple[datetime.date | None, list[Session], str]]]:
        """The weeks, each day with its sessions and why it is closed ("" on a school day)."""
        return [[(day, sessions, self.closed.get(day, "") if day else "") for day, sessions in w] for w in self.weeks]

    @property
    def label(self) -> str:
        return f"{stdlib_calendar.month_name[self.month]} {self.year}"


def closure_days_of(year: int) -> list[tuple[datetime.date, str]]:
    """The academic year's closure days (September to August) with their reasons: one query."""
    start, end = datetime.date(year, 9, 1), datetime.date(year + 1, 8, 31)
    return list(ClosureDay.objects.filter(date__gte=start, date__lte=end).values_list("date", "reason"))


def closed_days(
    terms: list[HalfTerm], closures: dict[datetime.date, str], start: datetime.date, end: datetime.date
) -> dict[datetime.date, str]:
    """Each weekday from `start` to `end` that is no school day, and why: a bank holiday (the `holidays`
    library, as `terms.schooldays` reads it), a closure day (its reason), or outside every half term
    (a school holiday)."""
    bank = bank_holidays_between(start, end)
    found: dict[datetime.date, str] = {}
    day = start
    while day <= end:
        if day.weekday() < 5:
            if day in bank:
                found[day] = "Bank holiday"
            elif day in closures:
                found[day] = f"Closed: {closures[day]}"
            elif not any(t.starts_on <= day <= t.ends_on for t in terms):
                found[day] = "School holiday"
        day += datetime.timedelta(days=1)
    return found


def month_grids(
    sessions: list[Session],
    *,
    terms: list[HalfTerm] | None = None,
    closures: Sequence[tuple[datetime.date, str]] = (),
) -> list[MonthGrid]:
    """One grid per month that has sessions. Weekends are left out: sessions are only on school days.
    Given the year's half terms, each grid also says which weekdays are holidays or closure days."""
    by_day: dict[datetime.date, list[Session]] = {}
    for session in sessions:
        by_day.setdefault(session.date, []).append(session)
    months = sorted({(d.year, d.month) for d in by_day})
    weeks_of = stdlib_calendar.Calendar(firstweekday=0)
    grids = []
    for year, month in months:
        weeks = []
        for week in weeks_of.monthdatescalendar(year, month):
            row: list[tuple[datetime.date | None, list[Session]]] = []
            for day in week[:5]:
                row.append((day, by_day.get(day, [])) if day.month == month else (None, []))
            if any(day is not None for day, _ in row):
                weeks.append(row)
        grids.append(MonthGrid(year=year, month=month, weeks=weeks))
    if terms is not None and grids:
        first = datetime.date(grids[0].year, grids[0].month, 1)
        last_year, last_month = grids[-1].year, grids[-1].month
        last = datetime.date(last_year, last_month, stdlib_calendar.monthrange(last_year, last_month)[1])
        closed = closed_days(terms, dict(closures), first, last)
        for grid in grids:
            grid.closed = {d: why for d, why in closed.items() if (d.year, d.month) == (grid.year, grid.month)}
    return grids


#: How far back a place the person no longer holds is still sent, as cancelled, so subscribed
#: calendars drop it; older ones are left out (calendar apps keep past events as they were).
WITHDRAWN_LOOKBACK = datetime.timedelta(days=60)

_WITHDRAWN = (Assignment.Status.MOVED, Assignment.Status.RELEASED, Assignment.Status.DISPLACED)


def private_items(user_id: int) -> list[FeedItem]:
    """A person's own sessions, in two queries whatever their history.

    - active places, as confirmed;
    - places ended because the session was cancelled, as cancelled;
    - places they no longer hold because they were moved to another date or released
      (left or deferred), as cancelled if the session starts within the last 60 days or later,
      unless they are on that same session again;
    - sessions they facilitate.

    Calendar apps only apply a change with a higher SEQUENCE than the one they hold, so each
    time the person leaves or rejoins a session the event's sequence goes one higher than the
    session's own: it is the session's sequence plus one per such change, so it stays the same
    on every request and only ever grows."""
    history: dict[int, list[Assignment]] = {}
    assignments = (
        Assignment.objects.filter(participant__user_id=user_id)
        .select_related("session__event")
        .order_by("session__starts_at", "session_id", "pk")
    )
    for assignment in assignments:
        history.setdefault(assignment.session_id, []).append(assignment)
    cutoff = timezone.now() - WITHDRAWN_LOOKBACK
    items: dict[int, FeedItem] = {}
    for session_id, places in history.items():
        session = places[0].session
        withdrawals = sum(1 for a in places if a.status in _WITHDRAWN)
        if any(a.is_active for a in places):
            items[session_id] = FeedItem(session=session, private=True, extra_sequence=2 * withdrawals)
        elif places[-1].status == Assignment.Status.SESSION_CANCELLED:
            items[session_id] = FeedItem(session=session, cancelled=True, private=True, extra_sequence=2 * withdrawals)
        elif session.starts_at >= cutoff:
            items[session_id] = FeedItem(
                session=session,
                cancelled=True,
                private=True,
                withdrawn=True,
                extra_sequence=2 * withdrawals - 1,
            )
    for session in Session.objects.filter(facilitators__id=user_id).select_related("event"):
        previous = items.get(session.pk)
        if previous is None or previous.withdrawn:
            extra = previous.extra_sequence + 1 if previous is not None else 0
            items[session.pk] = FeedItem(session=session, private=True, extra_sequence=extra)
    return sorted(items.values(), key=lambda item: (item.session.starts_at, item.session.pk))
