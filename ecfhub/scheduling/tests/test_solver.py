"""The solver on random small hubs, checked against an independent exhaustive search."""

from __future__ import annotations

import datetime
import itertools
from collections import Counter
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ecfhub.scheduling.solver import (
    EventIn,
    FixedIn,
    ParticipantIn,
    Problem,
    Reason,
    Result,
    SessionIn,
    SessionState,
    blocks,
    solve,
)

MONDAY = datetime.date(2026, 1, 5)
BLOCK = (2025, "ect")


def weekday(n: int) -> datetime.date:
    """The n-th weekday from Monday 5 January 2026."""
    return MONDAY + datetime.timedelta(days=n // 5 * 7 + n % 5)


@st.composite
def hubs(draw: st.DrawFn) -> Problem:
    n_events = draw(st.integers(1, 3))
    events = [EventIn(id=i + 1, block=BLOCK, position=(1, i + 1)) for i in range(n_events)]
    sessions = []
    for event in events:
        for _ in range(draw(st.integers(0, 3))):
            capacity = draw(st.integers(1, 3))
            sessions.append(
                SessionIn(
                    id=len(sessions) + 1,
                    event_id=event.id,
                    day=weekday(draw(st.integers(0, 9))),
                    capacity=capacity,
                    taken=draw(st.integers(0, capacity)) if draw(st.booleans()) else 0,
                    state=draw(
                        st.sampled_from([SessionState.OPEN] * 4 + [SessionState.CANCELLED, SessionState.SHORT_NOTICE])
                    ),
                    needs_cover=draw(st.sampled_from([True, True, False])),
                )
            )
    participants = []
    for pid in range(1, draw(st.integers(1, 4)) + 1):
        fixed_events = draw(st.sets(st.sampled_from([e.id for e in events]), max_size=1)) if n_events > 1 else set()
        fixed = tuple(FixedIn(event_id=e, day=weekday(draw(st.integers(0, 9)))) for e in fixed_events)
        participants.append(
            ParticipantIn(
                id=pid,
                school_id=draw(st.integers(1, 2)),
                needs=tuple(e.id for e in events if e.id not in fixed_events),
                unavailable_weekdays=frozenset(draw(st.sets(st.integers(0, 4), max_size=2))),
                fixed=fixed,
                busy_days=frozenset(weekday(d) for d in draw(st.sets(st.integers(0, 9), max_size=1))),
            )
        )
    return Problem(
        participants=participants,
        events=events,
        sessions=sessions,
        max_staff_per_school_day=1,
        school_day_taken={},
        time_limit_seconds=5,
    )


def person_options(problem: Problem, p: ParticipantIn) -> list[dict[int, SessionIn]]:
    """Every schedule the hard rules allow one person, ignoring capacity (written independently of the solver)."""
    events = {e.id: e for e in problem.events}
    choices = []
    for event_id in p.needs:
        choices.append([None] + [s for s in problem.sessions if s.event_id == event_id])
    options = []
    for combo in itertools.product(*choices):
        chosen = {s.event_id: s for s in combo if s is not None}
        if schedule_breaks_a_rule(p, chosen, events) is None:
            options.append(chosen)
    return options


def schedule_breaks_a_rule(p: ParticipantIn, chosen: dict[int, SessionIn], events: dict[int, EventIn]) -> str | None:
    for event_id, s in chosen.items():
        if s.event_id != event_id or event_id not in p.needs:
            return "wrong event"
        if s.state != SessionState.OPEN:
            return "not open or not enough notice"
        if s.day.weekday() in p.unavailable_weekdays:
            return "a day they do not work"
        if s.day in p.busy_days:
            return "a day they already have training"
    dated = [(events[f.event_id].position, f.day) for f in p.fixed] + [
        (events[e].position, s.day) for e, s in chosen.items()
    ]
    days = [day for _, day in dated]
    if len(set(days)) != len(days):
        return "two sessions on one day"
    for (pos_a, day_a), (pos_b, day_b) in itertools.combinations(dated, 2):
        if (pos_a < pos_b) != (day_a < day_b):
            return "events out of order"
    return None


def exact_optimum(problem: Problem) -> tuple[int, int]:
    """(most placements, least school-day excess among those) by exhaustive search."""
    options = [person_options(problem, p) for p in problem.participants]
    best = (-1, 0)
    for combo in itertools.product(*options):
        load = Counter(s.id for chosen in combo for s in chosen.values())
        if any(load[s.id] > s.places_left for s in problem.sessions):
            continue
        out = Counter(
            (p.school_id, s.day)
            for p, chosen in zip(problem.participants, combo, strict=True)
            for s in chosen.values()
            if s.needs_cover
        )
        excess = sum(max(0, n - problem.max_staff_per_school_day) for n in out.values())
        placed = sum(len(chosen) for chosen in combo)
        if (placed, -excess) > (best[0], -best[1]):
            best = (placed, excess)
    return best


def assert_hard_rules(problem: Problem, result: Result) -> None:
    events = {e.id: e for e in problem.events}
    sessions = {s.id: s for s in problem.sessions}
    load = Counter(sid for path in result.placements.values() for sid in path.values())
    for session_id, n in load.items():
        assert n <= sessions[session_id].places_left, "a session is overbooked"
    for p in problem.participants:
        chosen = {e: sessions[s] for e, s in result.placements.get(p.id, {}).items()}
        assert schedule_breaks_a_rule(p, chosen, events) is None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hubs())
def test_every_result_keeps_the_hard_rules_and_places_the_exact_optimum(problem: Problem) -> None:
    result = solve(problem)
    assert_hard_rules(problem, result)
    best_placed, least_excess = exact_optimum(problem)
    assert result.placements_optimal
    assert result.placed == best_placed
    if result.school_excess_optimal:
        assert result.school_excess == least_excess
    assert result.placed + len(result.unplaced) == result.wanted


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hubs())
def test_a_proven_optimum_gives_everyone_left_out_a_rule_as_reason(problem: Problem) -> None:
    result = solve(problem)
    if result.placements_optimal:
        assert all(u.reason != Reason.TRADE_OFF for u in result.unplaced)


def one_event(*sessions: SessionIn, people: int = 1, **person: object) -> Problem:
    return Problem(
        participants=[ParticipantIn(id=i + 1, school_id=1, needs=(1,), **person) for i in range(people)],  # type: ignore[arg-type]
        events=[EventIn(id=1, block=BLOCK, position=(1, 1))],
        sessions=list(sessions),
    )


def only_reason(problem: Problem) -> str:
    result = solve(problem)
    return {u.reason_text for u in result.unplaced}.pop()


def test_it_says_every_session_with_enough_notice_is_full() -> None:
    problem = one_event(
        SessionIn(1, 1, weekday(0), capacity=1),
        SessionIn(2, 1, weekday(1), capacity=3, taken=3),
        SessionIn(3, 1, weekday(2), capacity=5, state=SessionState.SHORT_NOTICE),
        people=2,
    )
    assert only_reason(problem) == "every session with enough notice is full"


def test_it_says_there_is_no_session_on_a_day_they_work() -> None:
    problem = one_event(SessionIn(1, 1, weekday(0), capacity=5), unavailable_weekdays=frozenset({0}))
    assert only_reason(problem) == "no session with enough notice on a day they work"


def test_it_says_there_is_no_session_with_enough_notice() -> None:
    problem = one_event(SessionIn(1, 1, weekday(0), capacity=5, state=SessionState.SHORT_NOTICE))
    assert only_reason(problem) == "no session with enough notice"


def test_it_says_when_every_session_is_cancelled_or_over() -> None:
    problem = one_event(
        SessionIn(1, 1, weekday(0), capacity=5, state=SessionState.CANCELLED),
        SessionIn(2, 1, weekday(1), capacity=5, state=SessionState.PAST),
    )
    assert only_reason(problem) == "every session has been cancelled or has already happened"


def test_it_says_when_no_session_is_left_after_their_earlier_events() -> None:
    problem = Problem(
        participants=[ParticipantIn(id=1, school_id=1, needs=(2,), fixed=(FixedIn(event_id=1, day=weekday(5)),))],
        events=[EventIn(1, BLOCK, (1, 1)), EventIn(2, BLOCK, (1, 2))],
        sessions=[SessionIn(1, 2, weekday(3), capacity=5)],
    )
    assert only_reason(problem) == "no session left that keeps their events in order"


def test_it_keeps_a_persons_events_in_order_and_on_different_days() -> None:
    problem = Problem(
        participants=[ParticipantIn(id=1, school_id=1, needs=(1, 2))],
        events=[EventIn(1, BLOCK, (1, 1)), EventIn(2, BLOCK, (1, 2))],
        sessions=[
            SessionIn(1, 1, weekday(4), capacity=5),
            SessionIn(2, 2, weekday(4), capacity=5),
            SessionIn(3, 2, weekday(2), capacity=5),
            SessionIn(4, 1, weekday(2), capacity=5),
        ],
    )
    result = solve(problem)
    # Event 1 on Wednesday leaves event 2 on Friday; event 1 on Friday would leave no event 2.
    assert result.placements[1] == {1: 4, 2: 2}


def test_it_spreads_one_schools_staff_over_the_days() -> None:
    problem = one_event(
        SessionIn(1, 1, weekday(0), capacity=10),
        SessionIn(2, 1, weekday(1), capacity=10),
        SessionIn(3, 1, weekday(2), capacity=10),
        people=6,
    )
    result = solve(problem)
    assert sorted(Counter(path[1] for path in result.placements.values()).values()) == [2, 2, 2]
    assert result.school_excess == 0


def test_it_fills_repeat_sessions_evenly() -> None:
    problem = one_event(
        SessionIn(1, 1, weekday(0), capacity=10),
        SessionIn(2, 1, weekday(1), capacity=10),
        people=6,
    )
    problem.participants = [ParticipantIn(id=i, school_id=i, needs=(1,)) for i in range(1, 7)]
    result = solve(problem)
    assert result.session_loads() == {1: 3, 2: 3}


def test_after_school_sessions_do_not_count_towards_staff_out() -> None:
    problem = one_event(
        SessionIn(1, 1, weekday(0), capacity=10, needs_cover=False),
        SessionIn(2, 1, weekday(1), capacity=10),
        people=4,
    )
    result = solve(problem)
    assert result.school_excess == 0
    assert Counter(path[1] for path in result.placements.values())[2] <= 2


def test_each_block_reports_the_staff_over_the_limit_its_own_dates_add() -> None:
    # Two cohorts of one school, each with one daytime session: three of each cohort out on its day, limit 2.
    problem = Problem(
        participants=[ParticipantIn(id=i, school_id=1, needs=(1,)) for i in (1, 2, 3)]
        + [ParticipantIn(id=i, school_id=1, needs=(2,)) for i in (4, 5, 6)],
        events=[EventIn(1, (2024, "ect"), (1, 1)), EventIn(2, (2025, "ect"), (1, 1))],
        sessions=[SessionIn(1, 1, weekday(0), capacity=10), SessionIn(2, 2, weekday(1), capacity=10)],
        max_staff_per_school_day=2,
    )
    result = solve(problem)
    assert result.placed == 6
    assert [r.school_excess for r in result.blocks] == [1, 1]
    assert result.school_excess == 2


@given(hubs())
@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
def test_without_the_exact_refinement_every_result_still_keeps_the_hard_rules(problem: Problem) -> None:
    # Large hubs skip the CP-SAT refinement (too many arcs) and keep what the moves made: those must keep
    # the hard rules on their own, and never lose a placement.
    with_refinement = solve(problem)
    with mock.patch.object(blocks, "EXACT_REFINE_MAX_ARCS", -1):
        moves_only = solve(problem)
    assert_hard_rules(problem, moves_only)
    assert moves_only.placed == with_refinement.placed
