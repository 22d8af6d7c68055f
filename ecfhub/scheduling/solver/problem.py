"""The solver's plain data: the problem it is given and the result it returns."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

# ---------------------------------------------------------------------------
# Inputs


@dataclass(frozen=True)
class EventIn:
    id: int
    block: tuple[object, ...]  # events of one block share sessions' people: (cohort, audience)
    position: tuple[int, int]  # (programme year, order): a person takes events in this order
    title: str = ""


class SessionState:
    OPEN = "open"
    CANCELLED = "cancelled"
    PAST = "past"  # already happened or too close to change
    SHORT_NOTICE = "short_notice"  # open, but not enough school days' notice


@dataclass(frozen=True)
class SessionIn:
    id: int
    event_id: int
    day: datetime.date
    capacity: int
    taken: int = 0  # places already held by active assignments
    state: str = SessionState.OPEN
    # Takes staff out of school (a daytime conference), so it counts towards the
    # school's daily limit; an after-school clinic does not.
    needs_cover: bool = True
    # Where it happens, as a British National Grid (easting, northing); None: online or not located.
    place: tuple[int, int] | None = None

    @property
    def places_left(self) -> int:
        return max(0, self.capacity - self.taken)


@dataclass(frozen=True)
class FixedIn:
    """An assignment the run must not move (notified, manual, or outside the scope)."""

    event_id: int
    day: datetime.date


@dataclass(frozen=True)
class ParticipantIn:
    id: int
    school_id: int
    needs: tuple[int, ...]  # event ids still to place
    unavailable_weekdays: frozenset[int] = frozenset()
    fixed: tuple[FixedIn, ...] = ()  # this participant's kept assignments (any event of the block)
    busy_days: frozenset[datetime.date] = frozenset()  # other training days (e.g. another participation)
    person_id: int | None = None  # the account, when one person holds two participations
    # Their own programme years (`rules.in_programme_year`), from the first day of their year 1; None: no
    # window of their own (the sessions' states still keep every session inside the cohort's span).
    year_one_starts: datetime.date | None = None
    starts_on: datetime.date | None = None  # their induction start date: no session before it


@dataclass
class Problem:
    participants: Sequence[ParticipantIn]
    events: Sequence[EventIn]
    sessions: Sequence[SessionIn]
    max_staff_per_school_day: int = 2
    # Staff already out per (school, day) from assignments the run keeps.
    school_day_taken: dict[tuple[int, datetime.date], int] = field(default_factory=dict)
    # The run's time, shared out by `blocks.solve`: placements (level 1) always run to the end; the moves for
    # levels 2 and 3 stop when their share is spent, and the result then says those levels are unproven.
    time_limit_seconds: float = 25.0
    # The most work each refinement stage (levels 2 and 3 on the CP-SAT model) may do, in CP-SAT's
    # deterministic seconds: on a large hub the refinement seldom proves an optimum, so it runs to this
    # limit. Being deterministic, a lower limit still gives the same answer every time (tests and the
    # demo's many runs use one); placements (level 1) are never limited by it.
    refine_work_seconds: float = 5.0
    optimise_school_days: bool = True
    optimise_evenness: bool = True
    # Nearness (`solver.travel`): each school's grid reference, and whether to prefer the sessions nearest
    # it, after placements and staff out (levels 1 and 2), before evenness. `max_travel_km` (None: no cap):
    # nobody goes further than this while a session nearer than it, that they could use, has a seat.
    school_places: dict[int, tuple[int, int]] = field(default_factory=dict)
    optimise_travel: bool = True
    max_travel_km: float | None = None
    # The most rounds of nearness moves over every event; they stop sooner when a round changes nothing
    # (then no one event's reassignment lowers the travel). At 10,000 the second round adds little and a
    # sixth nothing measurable (bench/README.md), so two keep the run's time down.
    travel_rounds: int = 2
    # Also keep the dates as they would be without nearness (`Result.without_travel`), for the preview.
    compare_without_travel: bool = False


# ---------------------------------------------------------------------------
# Outputs


class Reason:
    NO_SESSIONS = "no_sessions"
    NONE_OPEN = "none_open"
    BEFORE_START = "before_start"
    OUTSIDE_YEAR = "outside_year"
    NO_NOTICE = "no_notice"
    NOT_WORKING_DAY = "not_working_day"
    BUSY_DAY = "busy_day"
    ORDER = "order"
    FULL = "full"
    TRADE_OFF = "trade_off"


REASON_TEXT = {
    Reason.NO_SESSIONS: "the event has no sessions yet",
    Reason.NONE_OPEN: "every session has been cancelled or has already happened",
    Reason.BEFORE_START: "every session left is before they start",
    Reason.OUTSIDE_YEAR: "no session left in their programme year for the event",
    Reason.NO_NOTICE: "no session with enough notice",
    Reason.NOT_WORKING_DAY: "no session with enough notice on a day they work",
    Reason.BUSY_DAY: "every session they could attend is on a day they already have training",
    Reason.ORDER: "no session left that keeps their events in order",
    Reason.FULL: "every session with enough notice is full",
    Reason.TRADE_OFF: "left out so that more people could be placed overall",
}


@dataclass(frozen=True)
class Unplaced:
    participant_id: int
    event_id: int
    reason: str

    @property
    def reason_text(self) -> str:
        return REASON_TEXT[self.reason]


@dataclass
class BlockReport:
    block: tuple[object, ...]
    participants: int
    profiles: int
    placed: int
    placements_optimal: bool
    school_excess: int
    school_excess_optimal: bool
    evenness_optimal: bool
    seconds: float
    travel_optimal: bool = True


@dataclass
class Result:
    placements: dict[int, dict[int, int]]  # participant id -> {event id: session id}
    unplaced: list[Unplaced]
    placed: int
    wanted: int  # (participant, event) pairs asked for
    school_excess: int
    placements_optimal: bool
    school_excess_optimal: bool
    evenness_optimal: bool
    blocks: list[BlockReport]
    seconds: float
    travel_optimal: bool = True
    # The same placements before nearness was considered (when `Problem.compare_without_travel`).
    without_travel: dict[int, dict[int, int]] | None = None

    @property
    def proven_optimal(self) -> bool:
        return self.placements_optimal and self.school_excess_optimal and self.evenness_optimal

    def session_loads(self) -> dict[int, int]:
        loads: dict[int, int] = defaultdict(int)
        for chosen in self.placements.values():
            for session_id in chosen.values():
                loads[session_id] += 1
        return dict(loads)


def count_staff_out(rows: Iterable[tuple[int, datetime.date, bool]]) -> Counter[tuple[int, datetime.date]]:
    """Staff out of class per (school, day), from one (school, day, needs cover) row per person and date.

    The one count of the hub's daily limit: the solver's own placements and the
    dates read from the database (`scheduling.staff_out`) both go through it."""
    return Counter((school_id, day) for school_id, day, cover in rows if cover)


def placed_staff_out(
    participants: Iterable[ParticipantIn], chosen: dict[int, dict[int, int]], sessions: dict[int, SessionIn]
) -> Counter[tuple[int, datetime.date]]:
    """Staff out of class per (school, day) from the dates in `chosen` (participant id -> {event id: session id})."""
    return count_staff_out(
        (p.school_id, sessions[session_id].day, sessions[session_id].needs_cover)
        for p in participants
        for session_id in chosen.get(p.id, {}).values()
    )
