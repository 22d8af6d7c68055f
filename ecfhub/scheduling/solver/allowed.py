"""Which sessions the hard rules allow a person, and the first rule that stopped them when none does.

The rules themselves are `scheduling.rules`' predicates (`works_on`, `keeps_order`, the person's own
`in_programme_year` and `not_before_start`, and the session states the loader sets with `gives_notice`
and `in_programme_year_span`); this module only
arranges them for the solver, which judges a person's whole path of new dates at once rather
than one place at a time. `tests/test_rules_agreement.py` checks that both arrangements give
the same verdict for any person and session."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from ecfhub.scheduling import rules
from ecfhub.scheduling.solver.problem import EventIn, ParticipantIn, Reason, SessionIn, SessionState


def session_state(
    *,
    cancelled: bool,
    day: datetime.date,
    as_of: datetime.date,
    school_days_away: int,
    minimum_notice: int,
    cohort_start_year: int,
    programme_year: int,
) -> str:
    """A session's state for a run made on the morning of `as_of`, by the place rules."""
    if cancelled:
        return SessionState.CANCELLED
    if not rules.in_programme_year_span(day, cohort_start_year=cohort_start_year, programme_year=programme_year):
        # A session outside its event's programme year for every intake takes nobody; only sessions added
        # before that rule can be there, so it counts as closed. Each person's own year is `_theirs`.
        return SessionState.CANCELLED
    if day <= as_of:
        return SessionState.PAST
    if not rules.gives_notice(school_days_away, minimum_notice):
        return SessionState.SHORT_NOTICE
    return SessionState.OPEN


def _theirs(participant: ParticipantIn, event: EventIn, day: datetime.date) -> bool:
    # The rules about the person's own calendar: inside their programme year for the event, not before they start.
    return rules.not_before_start(day, participant.starts_on) and (
        participant.year_one_starts is None
        or rules.in_programme_year(day, year_one_starts=participant.year_one_starts, programme_year=event.position[0])
    )


def _window(
    participant: ParticipantIn,
    event: EventIn,
    events: dict[int, EventIn],
    extra: Iterable[tuple[int, datetime.date]] = (),
) -> tuple[datetime.date | None, datetime.date | None]:
    """Dates strictly between which `event` must fall, given the person's other dated events of its block."""
    dated = [(f.event_id, f.day) for f in participant.fixed] + list(extra)
    return rules.order_window(
        event.position,
        (
            (events[event_id].position, day)
            for event_id, day in dated
            if event_id in events and event_id != event.id and events[event_id].block == event.block
        ),
    )


def rules_key(participant: ParticipantIn) -> tuple[object, ...]:
    """All that `allowed_sessions` reads of a participant: two with equal keys (and the same `busy` and
    `placed`) are allowed the same sessions, so the solver works them out once per key."""
    return (
        participant.unavailable_weekdays,
        participant.fixed,
        participant.busy_days,
        participant.year_one_starts,
        participant.starts_on,
    )


def allowed_sessions(
    participant: ParticipantIn,
    event: EventIn,
    sessions: Sequence[SessionIn],
    events: dict[int, EventIn],
    *,
    busy: frozenset[datetime.date] = frozenset(),
    placed: Iterable[tuple[int, datetime.date]] = (),
) -> list[SessionIn]:
    """The sessions of `event` the hard rules allow this person (ignoring capacity)."""
    after, before = _window(participant, event, events, placed)
    taken_days = busy | participant.busy_days | {f.day for f in participant.fixed}
    return [
        s
        for s in sessions
        if s.state == SessionState.OPEN
        and _theirs(participant, event, s.day)
        and rules.works_on(s.day, participant.unavailable_weekdays)
        and s.day not in taken_days
        and (after is None or s.day > after)
        and (before is None or s.day < before)
    ]


def narrowed_by_placed(
    allowed: Sequence[SessionIn],
    event: EventIn,
    events: dict[int, EventIn],
    placed: Iterable[tuple[int, datetime.date]],
) -> list[SessionIn]:
    """Of `allowed`, the result of `allowed_sessions(participant, event, sessions, events, busy=busy)`, the
    sessions left when the person also holds the new dates `placed` (event id, day): the same as
    `allowed_sessions(..., busy=busy | those days, placed=placed)`, since the order window of fixed and
    placed dates together is the narrower of the two windows. People who differ only in their new
    dates share `allowed`, so the solver's moves work it out once for all of them."""
    dated = [(e, day) for e, day in placed if e in events and e != event.id and events[e].block == event.block]
    after, before = rules.order_window(event.position, ((events[e].position, day) for e, day in dated))
    days = {day for _, day in placed}
    return [
        s
        for s in allowed
        if s.day not in days and (after is None or s.day > after) and (before is None or s.day < before)
    ]


def explain_unplaced(
    participant: ParticipantIn,
    event: EventIn,
    sessions: Sequence[SessionIn],
    events: dict[int, EventIn],
    *,
    placed: dict[int, datetime.date],
    places_left: dict[int, int],
    busy: frozenset[datetime.date] = frozenset(),
) -> str:
    """The first hard rule, in a fixed order, that rules out every session of `event` for this person.

    `placed` holds the person's new dates (event id -> day) from the result,
    `places_left` each session's places left after the result."""
    candidates = list(sessions)
    if not candidates:
        return Reason.NO_SESSIONS
    candidates = [s for s in candidates if s.state in (SessionState.OPEN, SessionState.SHORT_NOTICE)]
    if not candidates:
        return Reason.NONE_OPEN
    if not any(rules.not_before_start(s.day, participant.starts_on) for s in candidates):
        return Reason.BEFORE_START
    candidates = [s for s in candidates if _theirs(participant, event, s.day)]
    if not candidates:
        return Reason.OUTSIDE_YEAR
    candidates = [s for s in candidates if s.state == SessionState.OPEN]
    if not candidates:
        return Reason.NO_NOTICE
    candidates = [s for s in candidates if rules.works_on(s.day, participant.unavailable_weekdays)]
    if not candidates:
        return Reason.NOT_WORKING_DAY
    taken_days = busy | participant.busy_days | {f.day for f in participant.fixed} | set(placed.values())
    candidates = [s for s in candidates if s.day not in taken_days]
    if not candidates:
        return Reason.BUSY_DAY
    after, before = _window(participant, event, events, placed.items())
    candidates = [s for s in candidates if (after is None or s.day > after) and (before is None or s.day < before)]
    if not candidates:
        return Reason.ORDER
    candidates = [s for s in candidates if places_left.get(s.id, 0) > 0]
    if not candidates:
        return Reason.FULL
    return Reason.TRADE_OFF
