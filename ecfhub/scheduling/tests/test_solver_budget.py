"""The solver's time budget: the moves (levels 2 and 3) stop at the deadline, placements never do; and
the moves' shortcuts (allowed days worked out once per rules and path) give the same dates."""

from __future__ import annotations

import hashlib
import random
import time
from collections import Counter

import pytest

from ecfhub.scheduling.solver import (
    EventIn,
    FixedIn,
    ParticipantIn,
    Problem,
    Result,
    SessionIn,
    SessionState,
    placed_staff_out,
    solve,
)
from ecfhub.scheduling.solver.allowed import allowed_sessions, narrowed_by_placed
from ecfhub.scheduling.solver.moves import improve_by_flow
from ecfhub.scheduling.tests.test_solver import BLOCK, assert_hard_rules, weekday

OLDER, NEWER = (2024, "ect"), (2025, "ect")


def seeded_hub(seed: int = 16, people: int = 400, schools: int = 30, *, overlapping: bool = False) -> Problem:
    """A random hub of two blocks (four events each), with people who work part time, have other training,
    hold a date already, or hold two participations; more seats than people, so the greedy start proves
    placements and the moves decide the rest. Big enough that the per-school CP-SAT refinement is skipped
    (`cpsat.EXACT_REFINE_MAX_ARCS`): the answer is the moves' alone, the same on any machine. Each event's
    sessions fall in twelve weekdays of their own, or, `overlapping`, running into the next events' (so a
    person's other dates bound where an event may move)."""
    spread = 4 if overlapping else 12
    rng = random.Random(seed)
    events = [EventIn(b * 10 + i, block, (1, i)) for b, block in enumerate((OLDER, NEWER), 1) for i in range(1, 5)]
    sessions = []
    for event in events:
        for _ in range(rng.randint(3, 5)):
            capacity = rng.choice((60, 120, 180))
            sessions.append(
                SessionIn(
                    id=len(sessions) + 1,
                    event_id=event.id,
                    day=weekday(event.position[1] * spread + rng.randint(0, 11)),
                    capacity=capacity,
                    taken=rng.choice((0, 0, capacity // 3)),
                    state=rng.choice([SessionState.OPEN] * 6 + [SessionState.SHORT_NOTICE]),
                    needs_cover=rng.random() < 0.8,
                )
            )
    participants = []
    for pid in range(1, people + 1):
        block = 1 if pid % 2 else 2
        needs = [block * 10 + i for i in range(1, 5)]
        fixed: tuple[FixedIn, ...] = ()
        if rng.random() < 0.1:
            needs.remove(block * 10 + 1)
            fixed = (FixedIn(block * 10 + 1, weekday(rng.randint(0, 11))),)
        participants.append(
            ParticipantIn(
                id=pid,
                school_id=rng.randint(1, schools),
                needs=tuple(needs),
                unavailable_weekdays=frozenset(rng.sample(range(5), rng.choice((0, 0, 0, 1, 2)))),
                fixed=fixed,
                busy_days=frozenset({weekday(rng.randint(0, 60))}) if rng.random() < 0.2 else frozenset(),
                # Pairs (1, 2), (3, 4)... of the first 40 are one person in both blocks.
                person_id=(pid + 1) // 2 if pid <= 40 else None,
            )
        )
    school_day_taken = Counter({(rng.randint(1, schools), weekday(rng.randint(0, 60))): 2 for _ in range(20)})
    return Problem(
        participants=participants,
        events=events,
        sessions=sessions,
        max_staff_per_school_day=2,
        school_day_taken=dict(school_day_taken),
    )


def digest(result: Result) -> str:
    rows = sorted((pid, e, s) for pid, path in result.placements.items() for e, s in path.items())
    return hashlib.sha256(repr(rows).encode()).hexdigest()[:16]


def one_school_all_on_monday() -> tuple[Problem, dict[int, dict[int, int]]]:
    """Six staff of one school all placed on Monday, with Tuesday and Wednesday free: the moves spread them."""
    problem = Problem(
        participants=[ParticipantIn(id=i, school_id=1, needs=(1,)) for i in range(1, 7)],
        events=[EventIn(1, BLOCK, (1, 1))],
        sessions=[SessionIn(s, 1, weekday(s - 1), capacity=10) for s in (1, 2, 3)],
    )
    return problem, {i: {1: 1} for i in range(1, 7)}


def run_moves(
    problem: Problem, chosen: dict[int, dict[int, int]], deadline: float | None
) -> tuple[dict[int, dict[int, int]], bool]:
    sessions = {s.id: s for s in problem.sessions}
    return improve_by_flow(
        list(problem.participants),
        {e.id: e for e in problem.events},
        {e.id: [s for s in problem.sessions if s.event_id == e.id] for e in problem.events},
        sessions,
        problem,
        {},
        {},
        chosen,
        deadline=deadline,
    )


def test_moves_past_their_deadline_change_nothing_and_say_they_stopped() -> None:
    problem, start = one_school_all_on_monday()
    moved, stopped = run_moves(problem, start, deadline=time.perf_counter() - 1)
    assert stopped
    assert moved == start


def test_moves_with_time_to_spare_finish_as_without_a_deadline() -> None:
    problem, start = one_school_all_on_monday()
    unlimited, stopped_unlimited = run_moves(problem, start, deadline=None)
    generous, stopped_generous = run_moves(problem, start, deadline=time.perf_counter() + 3600)
    assert not stopped_unlimited and not stopped_generous
    assert generous == unlimited
    sessions = {s.id: s for s in problem.sessions}
    assert max(placed_staff_out(problem.participants, generous, sessions).values()) == 2


def test_a_run_with_no_time_left_still_places_the_proven_optimum_and_claims_nothing_more() -> None:
    generous = solve(seeded_hub())
    problem = seeded_hub()
    problem.time_limit_seconds = 0
    rushed = solve(problem)
    assert_hard_rules(problem, rushed)
    assert rushed.placements_optimal and generous.placements_optimal
    assert rushed.placed == generous.placed
    assert rushed.school_excess > generous.school_excess  # the moves did not run
    assert not rushed.school_excess_optimal and not rushed.evenness_optimal
    assert not any(b.school_excess_optimal or b.evenness_optimal for b in rushed.blocks)


def test_a_small_run_with_no_time_left_skips_the_exact_refinement_and_claims_no_proof_of_it() -> None:
    # Small enough for the per-school CP-SAT refinement, which proves levels 2 and 3 when it runs.
    problem = Problem(
        participants=[ParticipantIn(id=i, school_id=1, needs=(1,)) for i in range(1, 7)],
        events=[EventIn(1, BLOCK, (1, 1))],
        sessions=[SessionIn(s, 1, weekday(s - 1), capacity=10) for s in (1, 2, 3)],
    )
    assert solve(problem).proven_optimal
    problem.time_limit_seconds = 0
    rushed = solve(problem)
    assert rushed.placed == 6 and rushed.placements_optimal
    assert not rushed.school_excess_optimal and not rushed.evenness_optimal


@pytest.mark.parametrize(
    ("overlapping", "figures", "expected_digest"),
    [
        # Recorded with the solver of commit 64d82d2, before the moves had a budget or shortcuts.
        (False, (1537, 1562, 161), "c2d5515d8918a254"),
        # Recorded with commit 39d0654 (the moves keep a person's other dates in order; no shortcuts yet):
        # the solver before it broke the order rule on this hub.
        (True, (1381, 1562, 381), "8ac0cafe618164c1"),
    ],
)
def test_with_time_to_spare_a_seeded_hub_gets_the_same_dates_as_before_the_budget_and_shortcuts(
    overlapping: bool, figures: tuple[int, int, int], expected_digest: str
) -> None:
    # The budget and the moves' shortcuts must not change a single date when there is time.
    problem = seeded_hub(overlapping=overlapping)
    problem.time_limit_seconds = 3600
    result = solve(problem)
    assert_hard_rules(problem, result)
    assert (result.placed, result.wanted, result.school_excess) == figures
    assert digest(result) == expected_digest


def test_the_moves_keep_a_persons_other_dates_in_order_on_a_hub_too_big_for_the_exact_refinement() -> None:
    # Event 1 only on Wednesday, event 2 on Tuesday or Thursday: everyone's path is Wednesday then
    # Thursday, three staff of a school out on each (limit 2). Moving one to Tuesday would lower the
    # excess but put event 2 before event 1. Sixty schools keep the per-school CP-SAT refinement out
    # (it would redo the moves' answer), so the moves' own answer is what is checked.
    tue, wed, thu = (weekday(d) for d in (1, 2, 3))
    sessions = [SessionIn(10 + n, 1, wed, capacity=200) for n in range(4)]
    sessions += [SessionIn(20 + n, 2, tue, capacity=200) for n in range(4)]
    sessions += [SessionIn(30 + n, 2, thu, capacity=200) for n in range(4)]
    problem = Problem(
        participants=[ParticipantIn(id=i, school_id=i // 3, needs=(1, 2)) for i in range(180)],
        events=[EventIn(1, BLOCK, (1, 1)), EventIn(2, BLOCK, (1, 2))],
        sessions=sessions,
        time_limit_seconds=3600,
    )
    result = solve(problem)
    assert not result.school_excess_optimal  # the refinement did not run
    assert_hard_rules(problem, result)
    assert result.placed == 360


def test_narrowing_allowed_sessions_by_new_dates_agrees_with_asking_the_rules_again() -> None:
    problem = seeded_hub(overlapping=True)
    rng = random.Random(3)
    events = {e.id: e for e in problem.events}
    by_event = {e.id: [s for s in problem.sessions if s.event_id == e.id] for e in problem.events}
    narrowed = 0
    for p in problem.participants:
        for event_id in p.needs:
            others = [e for e in p.needs if e != event_id and by_event[e]]
            placed = [(e, rng.choice(by_event[e]).day) for e in rng.sample(others, rng.randint(0, len(others)))]
            busy = frozenset({weekday(rng.randint(0, 60))})
            event, sessions = events[event_id], by_event[event_id]
            before = allowed_sessions(p, event, sessions, events, busy=busy)
            after = narrowed_by_placed(before, event, events, placed)
            assert after == allowed_sessions(
                p, event, sessions, events, busy=busy | {day for _, day in placed}, placed=placed
            )
            narrowed += after != before
    assert narrowed > 100  # the new dates did rule sessions out
