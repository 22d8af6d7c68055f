"""May this person take this session, and if not, why: the place rules, once, in plain Python.

No Django here: the facts come in as plain dataclasses (built from the database
by `scheduling.eligibility`), so the rules can be read in one sitting and tested
at every boundary without a database. Manual placement, moves the person asks
for, waiting-list promotion, a session's change of day and the places service
all ask `refusals()`; the solver applies the same rules to whole paths (see its
docstring) and `tests/test_rules.py` holds them to the same boundaries.

The rules, each with its stable code (the order is the order they are reported):

- `participant_inactive`: the person has left or deferred;
- `wrong_event`: the event is not one of their programme's (their cohort, as ECT or mentor);
- `session_closed`: the session is cancelled, or has started (what has happened is never rewritten);
- `outside_programme_year`: the session's day lies outside the person's own programme year for the
  event: a year from their intake's start (`people.schedules.programme_year_dates`; in the 2025
  cohort year 1 is September 2025 to August 2026 for a September starter, January to December 2026
  for a January starter, April 2026 to March 2027 for an April starter);
- `before_start`: the session is before the person's induction start date;
- `not_working_day`: a weekday the person does not work (part-time);
- `same_day`: they already have training that day (any of their participations);
- `out_of_order`: it would put their events out of programme order (year, then position),
  against the dates they already hold; dates must strictly increase with the order;
- `short_notice`: fewer school days strictly between today and the session than the hub's
  minimum, when notice applies (a move the person asked for needs none; a hub admin may waive it);
- `session_full`: no seat left.

A person's current place on the same event never counts against a new session of that event
(a move replaces it), and the session they already hold is not "full" for them.

A catch-up after a missed session is judged by the same rules, with one difference
(`for_catch_up`): their dates that are already past do not bind event order. Having missed
an event, they may already have been to the next one; the catch-up cannot come before a day
that has gone, and requiring it would leave no catch-up at all. Dates still to come bind as usual.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ecfhub.lib import when
from ecfhub.programme.years import person_programme_year_dates, programme_year_dates, programme_year_span

# The codes, for callers that branch on them (the waiting list treats `session_full` differently).
PARTICIPANT_INACTIVE = "participant_inactive"
WRONG_EVENT = "wrong_event"
SESSION_CLOSED = "session_closed"
OUTSIDE_PROGRAMME_YEAR = "outside_programme_year"
BEFORE_START = "before_start"
NOT_WORKING_DAY = "not_working_day"
SAME_DAY = "same_day"
OUT_OF_ORDER = "out_of_order"
SHORT_NOTICE = "short_notice"
SESSION_FULL = "session_full"
# About a session's own date, whoever is on it.
SESSION_IN_PAST = "session_in_past"

CODES = (
    PARTICIPANT_INACTIVE,
    WRONG_EVENT,
    SESSION_CLOSED,
    OUTSIDE_PROGRAMME_YEAR,
    BEFORE_START,
    NOT_WORKING_DAY,
    SAME_DAY,
    OUT_OF_ORDER,
    SHORT_NOTICE,
    SESSION_FULL,
)

# What would fix each refusal, for the hub's "people without a date" list.
REMEDIES = {
    PARTICIPANT_INACTIVE: "Nothing: they are not taking part at the moment.",
    WRONG_EVENT: "Nothing: the event is not part of their programme.",
    SESSION_CLOSED: "Add a session still to come.",
    OUTSIDE_PROGRAMME_YEAR: "Add a session inside their programme year for the event.",
    BEFORE_START: "Add a session after they start.",
    NOT_WORKING_DAY: "Add a session on a day they work.",
    SAME_DAY: "Add a session on a day they have no other training.",
    OUT_OF_ORDER: "Add a session between their dates for the events before and after it.",
    SHORT_NOTICE: "Add a session further ahead, or place them by hand with the notice waived.",
    SESSION_FULL: "Raise a session's capacity or add a session.",
}

WEEKDAY_PLURALS = ("Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays", "Sundays")


@dataclass(frozen=True)
class Refusal:
    """One rule that refuses the place: a stable `code` and a `message` a teacher understands."""

    code: str
    message: str


@dataclass(frozen=True)
class BookedDate:
    """A date the person already holds (an active place), on any of their participations."""

    event_id: int
    day: datetime.date
    title: str
    # The participation it belongs to: event order only binds events of the same participation.
    participant_id: int
    position: tuple[int, int]  # (programme year, order in that year)
    session_id: int = 0


@dataclass(frozen=True)
class Person:
    """A participation (an ECT or mentor in one cohort), with the account's other dates."""

    participant_id: int
    name: str
    active: bool
    cohort_id: int
    participant_type: str
    unavailable_weekdays: frozenset[int] = frozenset()
    booked: tuple[BookedDate, ...] = ()
    # The first day of their programme year 1 (`people.schedules.year_one_starts`: their intake's start);
    # None for the cohort's September calendar.
    year_one_starts: datetime.date | None = None
    starts_on: datetime.date | None = None  # their induction start date; no session before it

    def programme_year_dates(self, cohort_start_year: int, programme_year: int) -> tuple[datetime.date, datetime.date]:
        """The first and last day of this person's programme year 1 or 2."""
        if self.year_one_starts is None:
            return programme_year_dates(cohort_start_year, programme_year)
        return person_programme_year_dates(self.year_one_starts, programme_year)


@dataclass(frozen=True)
class SessionFacts:
    """One session and its event, as the rules see them."""

    id: int
    event_id: int
    title: str
    cohort_id: int
    cohort_start_year: int
    audience: str
    programme_year: int
    order: int
    day: datetime.date
    starts_at: datetime.datetime
    cancelled: bool
    capacity: int
    taken: int  # active places on it now

    @property
    def position(self) -> tuple[int, int]:
        return (self.programme_year, self.order)

    @property
    def seats_left(self) -> int:
        return max(0, self.capacity - self.taken)


def _no_school_days(a: datetime.date, b: datetime.date) -> int:
    return 0


@dataclass(frozen=True)
class Context:
    """When the question is asked and how notice is counted.

    `school_days_between(a, b)` counts school days strictly between two dates (the
    hub's term calendar); `notice_applies` is False for a move the person asked
    for, a waiting-list promotion, or a hub admin's waiver."""

    now: datetime.datetime
    today: datetime.date
    minimum_notice: int
    notice_applies: bool = True
    school_days_between: Callable[[datetime.date, datetime.date], int] = field(default=_no_school_days)


def in_programme_year(day: datetime.date, *, year_one_starts: datetime.date, programme_year: int) -> bool:
    """Does `day` fall inside the person's programme year (a year from the start of their year 1, N-1 years on)?"""
    first, last = person_programme_year_dates(year_one_starts, programme_year)
    return first <= day <= last


def in_programme_year_span(day: datetime.date, *, cohort_start_year: int, programme_year: int) -> bool:
    """May a session of a year-N event of the cohort be on `day`: is it in year N for some intake (from the
    September intake's first day to the April intake's last)? Who may take it is `in_programme_year`'s."""
    first, last = programme_year_span(cohort_start_year, programme_year)
    return first <= day <= last


def not_before_start(day: datetime.date, starts_on: datetime.date | None) -> bool:
    """Is `day` on or after the person's induction start date (anyone without one: always)?"""
    return starts_on is None or day >= starts_on


# ---------------------------------------------------------------------------
# The rules as small predicates. `refusals` below says which of them refuse one place and why;
# the solver (`solver/allowed.py`) asks the same predicates for whole paths of dates at once, and
# the schedule loader (`services/loading.py`) asks them which sessions are open. A rule changed
# here changes everywhere; `tests/test_rules_agreement.py` holds the two arrangements together.


def works_on(day: datetime.date, unavailable_weekdays: frozenset[int] | set[int]) -> bool:
    """Does a part-time person work on this day's weekday?"""
    return day.weekday() not in unavailable_weekdays


def order_window(
    position: tuple[int, int], dated: Iterable[tuple[tuple[int, int], datetime.date]]
) -> tuple[datetime.date | None, datetime.date | None]:
    """The dates strictly between which an event at `position` must fall, given the person's dates
    (position, day) for the other events of the same participation: dates strictly increase with
    the programme order. Events at the same position do not bind each other."""
    after: datetime.date | None = None
    before: datetime.date | None = None
    for other_position, day in dated:
        if other_position < position:
            after = day if after is None or day > after else after
        elif other_position > position:
            before = day if before is None or day < before else before
    return after, before


def keeps_order(
    position: tuple[int, int], day: datetime.date, dated: Iterable[tuple[tuple[int, int], datetime.date]]
) -> bool:
    """Would a date on `day` for the event at `position` keep the person's events in programme order?"""
    after, before = order_window(position, dated)
    return (after is None or day > after) and (before is None or day < before)


def gives_notice(school_days_away: int, minimum_notice: int) -> bool:
    """Are there enough school days strictly between today and the session?"""
    return school_days_away >= minimum_notice


def _long_day(day: datetime.date) -> str:
    return f"{when.day(day)}"


def _other_dates(person: Person, session: SessionFacts) -> list[BookedDate]:
    # The place being replaced (same participation, same event) never counts against the new one.
    return [
        b for b in person.booked if not (b.participant_id == person.participant_id and b.event_id == session.event_id)
    ]


def for_catch_up(person: Person, today: datetime.date) -> Person:
    """The person as the rules see them when choosing a catch-up for a missed session: only the dates
    from `today` on (a past day is never the same day as a session to come, and what has happened
    cannot be put back in order)."""
    return Person(
        participant_id=person.participant_id,
        name=person.name,
        active=person.active,
        cohort_id=person.cohort_id,
        participant_type=person.participant_type,
        unavailable_weekdays=person.unavailable_weekdays,
        booked=tuple(b for b in person.booked if b.day >= today),
    )


def holds(person: Person, session: SessionFacts) -> bool:
    """Does the person already hold a place on this very session?"""
    return any(b.session_id == session.id and b.participant_id == person.participant_id for b in person.booked)


def refusals(person: Person, session: SessionFacts, ctx: Context) -> list[Refusal]:
    """Every rule that refuses `person` a place on `session`, in the module's order; empty means allowed."""
    found: list[Refusal] = []
    name = person.name
    if not person.active:
        found.append(Refusal(PARTICIPANT_INACTIVE, f"{name} is not taking part in the programme at the moment."))
    if session.cohort_id != person.cohort_id or session.audience != person.participant_type:
        found.append(Refusal(WRONG_EVENT, f"{session.title} is not part of {name}'s programme."))
    if session.cancelled:
        found.append(Refusal(SESSION_CLOSED, "This session has been cancelled."))
    elif session.starts_at <= ctx.now:
        found.append(Refusal(SESSION_CLOSED, "This session has already started, so its places cannot change."))
    first, last = person.programme_year_dates(session.cohort_start_year, session.programme_year)
    if not first <= session.day <= last:
        found.append(
            Refusal(
                OUTSIDE_PROGRAMME_YEAR,
                f"{_long_day(session.day)} is outside {name}'s programme year {session.programme_year} "
                f"({when.plain_date(first)} to {when.plain_date(last)}).",
            )
        )
    if person.starts_on is not None and not not_before_start(session.day, person.starts_on):
        found.append(Refusal(BEFORE_START, f"{name} starts on {_long_day(person.starts_on)}, after this date."))
    if not works_on(session.day, person.unavailable_weekdays):
        found.append(Refusal(NOT_WORKING_DAY, f"{name} does not work on {WEEKDAY_PLURALS[session.day.weekday()]}."))
    others = _other_dates(person, session)
    for other in others:
        if other.day == session.day:
            found.append(Refusal(SAME_DAY, f"{name} already has {other.title} on {_long_day(other.day)}."))
            break
    for other in others:
        # Same day is `same_day`'s to report; order binds only the events of one participation.
        if other.participant_id != person.participant_id or other.day == session.day:
            continue
        if not keeps_order(session.position, session.day, [(other.position, other.day)]):
            before = other.position < session.position
            found.append(
                Refusal(
                    OUT_OF_ORDER,
                    f"This date would put {session.title} out of order with {other.title} on "
                    f"{_long_day(other.day)}: {'that event comes first' if before else 'this event comes first'}.",
                )
            )
            break
    if ctx.notice_applies:
        notice = ctx.school_days_between(ctx.today, session.day)
        if not gives_notice(notice, ctx.minimum_notice):
            found.append(
                Refusal(
                    SHORT_NOTICE,
                    f"This date is {notice} school day{'s' if notice != 1 else ''} away; "
                    f"the hub gives at least {ctx.minimum_notice}.",
                )
            )
    if session.taken >= session.capacity and not holds(person, session):
        found.append(Refusal(SESSION_FULL, "This session is full."))
    return found


def first_refusal(person: Person, session: SessionFacts, ctx: Context) -> Refusal | None:
    found = refusals(person, session, ctx)
    return found[0] if found else None


def session_day_refusals(
    *,
    starts_at: datetime.datetime,
    day: datetime.date,
    now: datetime.datetime,
    cohort_start_year: int,
    programme_year: int,
) -> list[Refusal]:
    """What refuses a session (new, or moved) this start: it must be still to come, and inside the
    event's programme year for some intake of its cohort (`in_programme_year_span`). Sessions added or
    moved by the hub ask this; the people on them are judged by `refusals`, each by their own year."""
    found = []
    if starts_at <= now:
        found.append(
            Refusal(SESSION_IN_PAST, f"{_long_day(day)} at that time has already passed. Choose a date still to come.")
        )
    first, last = programme_year_span(cohort_start_year, programme_year)
    if not in_programme_year_span(day, cohort_start_year=cohort_start_year, programme_year=programme_year):
        found.append(
            Refusal(
                OUTSIDE_PROGRAMME_YEAR,
                f"{_long_day(day)} is outside programme year {programme_year} of the {cohort_start_year} cohort "
                f"({when.plain_date(first)} to {when.plain_date(last)}).",
            )
        )
    return found


# ---------------------------------------------------------------------------
# Nobody silently without a date: why a person has no session of an event, and what would fix it

NONE_LEFT = "none_left"  # every session of the event has happened or been cancelled
GAP_TEXT = {
    NONE_LEFT: "every session of this event has happened or been cancelled",
    OUTSIDE_PROGRAMME_YEAR: "the sessions left fall outside their programme year for the event",
    BEFORE_START: "every session left is before they start",
    NOT_WORKING_DAY: "every session left is on a day they do not work",
    SAME_DAY: "every session left is on a day they already have training",
    OUT_OF_ORDER: "no session left keeps their events in order",
    SHORT_NOTICE: "no session left gives the hub's notice",
    SESSION_FULL: "every session they could take is full",
    SESSION_CLOSED: "every session left has been cancelled or has started",
}
# The same reasons said to the person themselves (their own home page speaks to "you").
GAP_TEXT_TO_YOU = {
    NONE_LEFT: "every session of this event has happened or been cancelled",
    OUTSIDE_PROGRAMME_YEAR: "the sessions left fall outside your programme year for the event",
    BEFORE_START: "every session left is before you start",
    NOT_WORKING_DAY: "every session left is on a day you do not work",
    SAME_DAY: "every session left is on a day you already have training",
    OUT_OF_ORDER: "no session left keeps your events in order",
    SHORT_NOTICE: "no session left gives you the hub's notice",
    SESSION_FULL: "every session you could take is full",
    SESSION_CLOSED: "every session left has been cancelled or has started",
}
GAP_REMEDIES = {NONE_LEFT: "Add a session still to come.", **REMEDIES}
# Which rule to name when several sessions are refused for different reasons: the one the person
# can do least about first (their days, their order), then what the hub can change easily.
_GAP_PRIORITY = (
    NOT_WORKING_DAY,
    OUT_OF_ORDER,
    SAME_DAY,
    BEFORE_START,
    OUTSIDE_PROGRAMME_YEAR,
    SHORT_NOTICE,
    SESSION_FULL,
)


@dataclass(frozen=True)
class Gap:
    """A person with no date for an event and no session the rules allow them: why, and the dates
    between which a new session would fit them (either end may be open)."""

    code: str
    earliest: datetime.date | None
    latest: datetime.date | None

    @property
    def text(self) -> str:
        return GAP_TEXT.get(self.code, self.code)

    @property
    def text_to_you(self) -> str:
        """`text` said to the person themselves, on their own pages."""
        return GAP_TEXT_TO_YOU.get(self.code, self.text)

    @property
    def remedy(self) -> str:
        return GAP_REMEDIES.get(self.code, "")


def fitting_window(
    person: Person,
    *,
    event_id: int,
    position: tuple[int, int],
    cohort_start_year: int,
    programme_year: int,
    earliest_with_notice: datetime.date | None,
) -> tuple[datetime.date | None, datetime.date | None]:
    """The first and last day a new session of the event could be for this person: after their dates
    for earlier events, before their dates for later ones, inside their programme year, not before they
    start, with notice."""
    first, last = person.programme_year_dates(cohort_start_year, programme_year)
    earliest: datetime.date = first if person.starts_on is None else max(first, person.starts_on)
    latest: datetime.date = last
    if earliest_with_notice is not None:
        earliest = max(earliest, earliest_with_notice)
    for other in person.booked:
        if other.participant_id != person.participant_id or other.event_id == event_id:
            continue
        if other.position < position:
            earliest = max(earliest, other.day + datetime.timedelta(days=1))
        elif other.position > position:
            latest = min(latest, other.day - datetime.timedelta(days=1))
    return earliest, latest


def gap(person: Person, sessions: list[SessionFacts], ctx: Context) -> str | None:
    """Why no session in `sessions` (one event's, every state) can be given to this person, or None when
    one can (a free seat the rules allow, or they already hold one). The code names the rule that
    stands in the way; a person refused for different reasons by different sessions is given the one
    they can do least about."""
    if any(holds(person, s) for s in sessions):
        return None
    ahead = [s for s in sessions if not s.cancelled and s.starts_at > ctx.now]
    if not ahead:
        return NONE_LEFT
    seen: set[str] = set()
    for session in ahead:
        found = {r.code for r in refusals(person, session, ctx)}
        if not found:
            return None
        seen |= found
    for code in _GAP_PRIORITY:
        if code in seen:
            return code
    return sorted(seen)[0]
