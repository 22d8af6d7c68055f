"""The solver's greedy start for placements: what it proves, and what it leaves to CP-SAT."""

from __future__ import annotations

from collections import Counter

from ecfhub.scheduling.solver import EventIn, ParticipantIn, Problem, SessionIn, greedy, solve
from ecfhub.scheduling.solver.allowed import allowed_sessions
from ecfhub.scheduling.solver.cpsat import Profile, group_profiles
from ecfhub.scheduling.tests.test_solver import BLOCK, weekday

MON, TUE, WED, THU = 0, 1, 2, 3


def merged_profiles(problem: Problem) -> list[Profile]:
    events = {e.id: e for e in problem.events}
    allowed = {}
    for p in problem.participants:
        nodes = [
            (k, s)
            for k, event_id in enumerate(p.needs)
            for s in allowed_sessions(
                p, events[event_id], [x for x in problem.sessions if x.event_id == event_id], events
            )
        ]
        allowed[p.id] = sorted(nodes, key=lambda n: (n[1].day, n[0], n[1].id))
    return group_profiles(problem.participants, allowed, by_school=False)


def seats_for_everyone(people: int) -> Problem:
    events = [EventIn(i, BLOCK, (1, i)) for i in (1, 2, 3)]
    sessions = [
        SessionIn(id=event.id * 10 + n, event_id=event.id, day=weekday(event.id * 10 + n), capacity=people)
        for event in events
        for n in range(3)
    ]
    participants = [
        ParticipantIn(id=i, school_id=i % 7, needs=(1, 2, 3), unavailable_weekdays=frozenset({i % 5}))
        for i in range(1, people + 1)
    ]
    return Problem(participants=participants, events=events, sessions=sessions)


def test_with_seats_for_everyone_the_greedy_start_reaches_the_bound_and_is_proven_optimal() -> None:
    problem = seats_for_everyone(60)
    profiles = merged_profiles(problem)
    flows = greedy.greedy_flows(profiles, {s.id: s.places_left for s in problem.sessions})
    assert greedy.placed(flows) == greedy.upper_bound(profiles) == 180
    result = solve(problem)
    assert result.placed == 180
    assert result.placements_optimal


def test_the_greedy_start_never_seats_more_people_on_a_session_than_it_has_places_left() -> None:
    problem = seats_for_everyone(60)
    problem.sessions = [
        SessionIn(s.id, s.event_id, s.day, capacity=15, taken=5 if s.id % 2 else 0) for s in problem.sessions
    ]
    profiles = merged_profiles(problem)
    flows = greedy.greedy_flows(profiles, {s.id: s.places_left for s in problem.sessions})
    seated: Counter[int] = Counter()
    for profile, arcs in zip(profiles, flows, strict=True):
        for (_, head), people in arcs.items():
            if head != greedy.SINK:
                seated[profile.nodes[head][1].id] += people
    assert all(seated[s.id] <= s.places_left for s in problem.sessions)
    assert greedy.placed(flows) < greedy.upper_bound(profiles)


def test_when_the_greedy_start_falls_short_the_solver_still_places_the_optimum() -> None:
    # Ann (off on Tuesdays) can do Monday then Wednesday or Thursday; greedy gives her the earliest,
    # Wednesday. Ben (off on Thursdays) has only Wednesday for event 2 and the Tuesday sessions for
    # event 1. Greedy seats 3; giving Ann Thursday seats all 4.
    problem = Problem(
        participants=[
            ParticipantIn(id=1, school_id=1, needs=(1, 2), unavailable_weekdays=frozenset({TUE})),
            ParticipantIn(id=2, school_id=2, needs=(1, 2), unavailable_weekdays=frozenset({THU})),
        ],
        events=[EventIn(1, BLOCK, (1, 1)), EventIn(2, BLOCK, (1, 2))],
        sessions=[
            SessionIn(1, 1, weekday(MON), capacity=1),
            SessionIn(2, 1, weekday(TUE), capacity=1),
            SessionIn(3, 1, weekday(TUE), capacity=1),
            SessionIn(4, 2, weekday(WED), capacity=1),
            SessionIn(5, 2, weekday(THU), capacity=1),
        ],
    )
    profiles = merged_profiles(problem)
    start = greedy.greedy_flows(profiles, {s.id: s.places_left for s in problem.sessions})
    assert greedy.placed(start) == 3
    assert greedy.upper_bound(profiles) == 4
    result = solve(problem)
    assert result.placed == 4
    assert result.placements_optimal
    assert result.placements[1] == {1: 1, 2: 5}
