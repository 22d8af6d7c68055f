"""Which sessions the hard rules allow a person, and the first rule that stopped them when none does."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from ecfhub.scheduling.solver.problem import EventIn, ParticipantIn, Reason, SessionIn, SessionState


def _window(
    participant: ParticipantIn,
    event: EventIn,
    events: dict[int, EventIn],
    extra: Iterable[tuple[int, datetime.date]] = (),
) -> tuple[datetime.date | None, datetime.date | None]:
    """Dates strictly between which `event` must fall, given the person's other dated events."""
    after: datetime.date | None = None
    before: datetime.date | None = None
    dated = [(f.event_id, f.day) for f in participant.fixed] + list(extra)
    for event_id, day in dated:
        other = events.get(event_id)
        if other is None or other.id == event.id or other.block != event.block:
            continue
        if other.position < event.position:
            after = day if after is None or day > after else after
        elif other.position > event.position:
            before = day if before is None or day < before else before
    return after, before


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
        and s.day.weekday() not in participant.unavailable_weekdays
        and s.day not in taken_days
        and (after is None or s.day > after)
        and (before is None or s.day < before)
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
    candidates = [s for s in candidates if s.state == SessionState.OPEN]
    if not candidates:
        return Reason.NO_NOTICE
    candidates = [s for s in candidates if s.day.weekday() not in participant.unavailable_weekdays]
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
