"""Nearness in the solver: among the sessions a person may use, the nearest to their school, never at the
cost of a placement (random small hubs, Hypothesis)."""

from __future__ import annotations

import dataclasses
import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ecfhub.scheduling.solver import EventIn, ParticipantIn, Problem, SessionIn, SessionState, solve
from ecfhub.scheduling.solver.allowed import allowed_sessions
from ecfhub.scheduling.solver.travel import Travel, travel_figures

MONDAY = datetime.date(2026, 1, 5)
BLOCK = (2025, "ect")
# Norfolk-sized: grid references within 100 km of each other.
PLACES = st.tuples(st.integers(560_000, 660_000), st.integers(270_000, 340_000))


def weekday(n: int) -> datetime.date:
    return MONDAY + datetime.timedelta(days=n // 5 * 7 + n % 5)


@st.composite
def hubs(draw: st.DrawFn) -> Problem:
    n_events = draw(st.integers(1, 3))
    events = [EventIn(id=i + 1, block=BLOCK, position=(1, i + 1)) for i in range(n_events)]
    venues = draw(st.lists(PLACES, min_size=1, max_size=3))
    sessions = []
    for event in events:
        for _ in range(draw(st.integers(1, 4))):
            sessions.append(
                SessionIn(
                    id=len(sessions) + 1,
                    event_id=event.id,
                    day=weekday(draw(st.integers(0, 9))),
                    capacity=draw(st.integers(1, 3)),
                    state=draw(st.sampled_from([SessionState.OPEN] * 5 + [SessionState.SHORT_NOTICE])),
                    needs_cover=draw(st.booleans()),
                    place=draw(st.sampled_from(venues)),
                )
            )
    schools = {school_id: draw(PLACES) for school_id in range(1, draw(st.integers(1, 3)) + 1)}
    participants = [
        ParticipantIn(
            id=pid,
            school_id=draw(st.sampled_from(sorted(schools))),
            needs=tuple(sorted(draw(st.sets(st.sampled_from([e.id for e in events]), min_size=1)))),
            unavailable_weekdays=frozenset(draw(st.sets(st.integers(0, 4), max_size=2))),
        )
        for pid in range(1, draw(st.integers(1, 6)) + 1)
    ]
    return Problem(
        participants=participants,
        events=events,
        sessions=sessions,
        # No school-day limit to trade against here: that rule is kept ahead of nearness and tested elsewhere.
        max_staff_per_school_day=100,
        school_places=schools,
        max_travel_km=draw(st.sampled_from([None, 20.0, 40.0])),
        refine_work_seconds=1.0,
        # The preview's way (nearness by the moves alone, after the run without it) and the exact one.
        compare_without_travel=draw(st.booleans()),
    )


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hubs())
def test_nobody_travels_further_than_needed_and_nearness_never_costs_a_placement(problem):
    result = solve(problem)
    plain = solve(dataclasses.replace(problem, optimise_travel=False, compare_without_travel=False))
    assert result.placed == plain.placed
    if result.without_travel is not None:
        assert result.without_travel == plain.placements  # "without nearness" is exactly that run
        assert result.school_excess <= plain.school_excess
    assert result.placements_optimal

    travel = Travel.of(problem)
    events = {e.id: e for e in problem.events}
    sessions = {s.id: s for s in problem.sessions}
    seats = {s.id: s.places_left for s in problem.sessions}
    for path in result.placements.values():
        for session_id in path.values():
            seats[session_id] -= 1
    assert all(left >= 0 for left in seats.values())
    for p in problem.participants:
        path = result.placements.get(p.id, {})
        for event_id, session_id in path.items():
            # Every session the hard rules would let them have instead, given their other new dates.
            others = [(e, sessions[s].day) for e, s in path.items() if e != event_id]
            could = allowed_sessions(
                p,
                events[event_id],
                [s for s in problem.sessions if s.event_id == event_id],
                events,
                busy=frozenset(day for _, day in others),
                placed=others,
            )
            mine = travel.units(p.school_id, sessions[session_id])
            for s in could:
                if seats[s.id] > 0:
                    assert travel.units(p.school_id, s) >= mine, (p.id, event_id, session_id, s.id)


def test_a_nearer_session_with_seats_is_chosen_and_the_preview_figures_show_the_saving():
    norwich, thetford, yarmouth = (623_000, 308_500), (587_000, 283_000), (652_500, 307_500)
    events = [EventIn(id=1, block=BLOCK, position=(1, 1))]
    sessions = [
        SessionIn(id=1, event_id=1, day=weekday(1), capacity=10, place=norwich),
        SessionIn(id=2, event_id=1, day=weekday(2), capacity=10, place=thetford),
    ]
    participants = [ParticipantIn(id=1, school_id=1, needs=(1,)), ParticipantIn(id=2, school_id=2, needs=(1,))]
    problem = Problem(
        participants=participants,
        events=events,
        sessions=sessions,
        school_places={1: (588_000, 284_000), 2: yarmouth},
        max_travel_km=40,
        compare_without_travel=True,
        refine_work_seconds=1.0,
    )
    result = solve(problem)
    assert result.placements == {1: {1: 2}, 2: {1: 1}}
    # The preview's way finds nearness by the moves (a local optimum), so it does not claim a proof.
    assert not result.travel_optimal
    assert solve(dataclasses.replace(problem, compare_without_travel=False)).travel_optimal
    by_id = {s.id: s for s in sessions}
    near = travel_figures(participants, result.placements, by_id, Travel.of(problem))
    assert near.over_cap == 0
    assert round(near.total_km) == round(1.4 + 29.5)
    assert result.without_travel is not None
    before = travel_figures(participants, result.without_travel, by_id, Travel.of(problem))
    assert before.total_km >= near.total_km


def test_the_cap_keeps_everyone_within_it_when_it_can_even_at_more_total_travel():
    # One seat at A and one at B, 39 km apart. School 1 is at A; school 2 is 38 km from A and 45 km from B.
    # Least total travel puts 1 at A and 2 at B (45 km); with a 40 km cap, 1 goes to B (39 km) and 2 to A
    # (38 km): more travel in all, nobody beyond the cap.
    a, b = (600_000, 300_000), (600_000, 339_000)
    events = [EventIn(id=1, block=BLOCK, position=(1, 1))]
    sessions = [
        SessionIn(id=1, event_id=1, day=weekday(1), capacity=1, place=a),
        SessionIn(id=2, event_id=1, day=weekday(2), capacity=1, place=b),
    ]
    participants = [ParticipantIn(id=1, school_id=1, needs=(1,)), ParticipantIn(id=2, school_id=2, needs=(1,))]
    schools = {1: a, 2: (636_040, 312_051)}
    base = Problem(participants=participants, events=events, sessions=sessions, school_places=schools)
    free = solve(dataclasses.replace(base, max_travel_km=None))
    capped = solve(dataclasses.replace(base, max_travel_km=40))
    assert free.placements == {1: {1: 1}, 2: {1: 2}}
    assert capped.placements == {1: {1: 2}, 2: {1: 1}}
    assert free.placed == capped.placed == 2
