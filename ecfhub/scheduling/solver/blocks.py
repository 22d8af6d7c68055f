"""Solving block by block: placements, then the school-day and evenness refinements, then the reasons."""

from __future__ import annotations

import dataclasses
import datetime
import time
from collections import Counter, defaultdict
from collections.abc import Sequence

from ortools.sat.python import cp_model

from ecfhub.scheduling.solver import greedy
from ecfhub.scheduling.solver.allowed import allowed_sessions, explain_unplaced, rules_key
from ecfhub.scheduling.solver.cpsat import (
    EXACT_REFINE_MAX_ARCS,
    build_flow,
    decompose,
    flow_values,
    group_profiles,
    new_solver,
    refine,
)
from ecfhub.scheduling.solver.moves import improve_by_flow
from ecfhub.scheduling.solver.problem import (
    BlockReport,
    EventIn,
    ParticipantIn,
    Problem,
    Result,
    SessionIn,
    Unplaced,
    placed_staff_out,
)
from ecfhub.scheduling.solver.travel import Travel

# The share of `Problem.time_limit_seconds` kept for the nearness pass.
NEARNESS_SHARE = 0.3


def _solve_block(
    block: tuple[object, ...],
    participants: list[ParticipantIn],
    events: dict[int, EventIn],
    sessions_by_event: dict[int, list[SessionIn]],
    sessions: dict[int, SessionIn],
    problem: Problem,
    school_day: dict[tuple[int, datetime.date], int],
    busy_by_person: dict[int, set[datetime.date]],
    deadline: float,
    travel: Travel | None = None,
) -> tuple[dict[int, dict[int, int]], BlockReport]:
    """The block's paths and its report."""
    started = time.perf_counter()
    # Each person's allowed (event, session) nodes, worked out once for everyone with the same needs,
    # rules and other training days (people of one profile share the list; nobody changes it).
    allowed: dict[int, list[tuple[int, SessionIn]]] = {}
    by_key: dict[tuple[object, ...], list[tuple[int, SessionIn]]] = {}
    for p in participants:
        busy = frozenset(busy_by_person.get(p.person_id, ())) if p.person_id is not None else frozenset()
        key = (rules_key(p), p.needs, busy)
        nodes = by_key.get(key)
        if nodes is None:
            nodes = []
            for k, event_id in enumerate(p.needs):
                for s in allowed_sessions(p, events[event_id], sessions_by_event.get(event_id, []), events, busy=busy):
                    if s.places_left > 0:
                        nodes.append((k, s))
            nodes.sort(key=lambda n: (n[1].day, n[0], n[1].id))
            by_key[key] = nodes
        allowed[p.id] = nodes

    # Level 1: as many placements as possible, schools merged. The greedy flow is proven optimal when
    # it reaches the seat-blind bound; otherwise it is CP-SAT's start, and kept if CP-SAT (stopped by
    # its limits, e.g. on a busy machine) finds nothing better.
    merged = group_profiles(participants, allowed, by_school=False)
    flow = build_flow(merged, sessions)
    start = greedy.greedy_flows(merged, {s.id: s.places_left for s in sessions.values()})
    placed = greedy.placed(start)
    values = [[start[pi].get((tail, head), 0) for tail, head, _ in arcs] for pi, arcs in enumerate(flow.arcs)]
    placements_optimal = placed == greedy.upper_bound(merged)
    if not placements_optimal:
        for arcs, hints in zip(flow.arcs, values, strict=True):
            for (_, _, var), hint in zip(arcs, hints, strict=True):
                flow.model.add_hint(var, hint)
        flow.model.maximize(flow.placements)
        solver = new_solver(max(0.5, (deadline - time.perf_counter()) * 0.5))
        status = solver.solve(flow.model)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) and int(solver.objective_value) >= placed:
            placed = int(solver.objective_value)
            placements_optimal = status == cp_model.OPTIMAL
            values = flow_values(solver, flow)
    chosen = decompose(flow, merged, values)
    report = BlockReport(block, len(participants), len(merged), placed, placements_optimal, 0, False, False, 0.0)

    # Levels 2 and 3 within the block's share of the run's time. Level 1 above is never cut by it: the
    # moves keep every placement, so stopping them early costs only the refinements, which the report
    # then leaves unproven (the exact refinement is skipped too: its time is spent).
    # Nearness is left out of the moves here: it comes after every block's staff out and evenness are
    # settled (`solve`), so it can never cost a person over the school-day limit that the run without
    # it would have avoided. The exact refinement, on small blocks, has it as its own stage.
    report.travel_optimal = travel is None
    if problem.optimise_school_days or problem.optimise_evenness or travel is not None:
        chosen, stopped = improve_by_flow(
            participants,
            events,
            sessions_by_event,
            sessions,
            problem,
            school_day,
            busy_by_person,
            chosen,
            deadline=deadline,
        )
        arc_count = sum(len(p.nodes) ** 2 for p in group_profiles(participants, allowed, by_school=True))
        if not stopped and arc_count <= EXACT_REFINE_MAX_ARCS:
            # With a comparison asked for, nearness waits for `solve`'s last pass, so the dates kept for
            # "without nearness" are exactly those of a run without it.
            exact_travel = None if problem.compare_without_travel else travel
            chosen = refine(
                participants, allowed, sessions, problem, school_day, chosen, placed, report, deadline, exact_travel
            )

    report.school_excess = _excess(participants, chosen, sessions, school_day, problem.max_staff_per_school_day)
    report.seconds = time.perf_counter() - started
    return chosen, report


def _excess(
    participants: Sequence[ParticipantIn],
    chosen: dict[int, dict[int, int]],
    sessions: dict[int, SessionIn],
    school_day: dict[tuple[int, datetime.date], int],
    limit: int,
) -> int:
    """Staff over the daily limit that `chosen` adds to the (school, day) counts in `school_day`."""
    total = 0
    for key, count in placed_staff_out(participants, chosen, sessions).items():
        before = school_day.get(key, 0)
        total += max(0, before + count - limit) - max(0, before - limit)
    return total


def solve(problem: Problem) -> Result:
    """Place everyone the hard rules allow, best first by the three preferences; see the module docstring."""
    started = time.perf_counter()
    # With nearness, its last pass keeps the final share of the run's time (`NEARNESS_SHARE`); the blocks'
    # levels 2 and 3 have the rest (placements, level 1, are never cut either way).
    with_nearness = problem.optimise_travel and bool(problem.school_places)
    deadline = started + problem.time_limit_seconds * (1 - NEARNESS_SHARE if with_nearness else 1)
    events = {e.id: e for e in problem.events}
    sessions = {s.id: s for s in problem.sessions}
    sessions_by_event: dict[int, list[SessionIn]] = defaultdict(list)
    for s in sorted(problem.sessions, key=lambda s: (s.day, s.id)):
        sessions_by_event[s.event_id].append(s)

    # Needs in programme order; a person's block is that of their events.
    ordered: list[ParticipantIn] = []
    by_block: dict[tuple[object, ...], list[ParticipantIn]] = defaultdict(list)
    for p in sorted(problem.participants, key=lambda p: p.id):
        needs = tuple(sorted(set(p.needs), key=lambda e: events[e].position))
        if needs != p.needs:
            p = dataclasses.replace(p, needs=needs)
        ordered.append(p)
        if needs:
            by_block[events[needs[0]].block].append(p)
    for block_people in by_block.values():
        for p in block_people:
            if len({events[e].block for e in p.needs}) != 1:
                raise ValueError(f"participant {p.id} needs events from more than one block")

    travel = Travel.of(problem) if problem.optimise_travel and problem.school_places else None
    without_travel: dict[int, dict[int, int]] | None = {} if travel and problem.compare_without_travel else None
    school_day = Counter(problem.school_day_taken)
    busy_by_person: dict[int, set[datetime.date]] = defaultdict(set)
    placements: dict[int, dict[int, int]] = {}
    reports: list[BlockReport] = []
    blocks = sorted(by_block, key=repr)

    def share_of_what_remains(index: int) -> float:
        """The deadline for block `index`: what remains of the run's time, shared by the blocks from it
        on in proportion to their people (in the past when the run's time is spent)."""
        now = time.perf_counter()
        later = sum(len(by_block[b]) for b in blocks[index:])
        return now + (deadline - now) * len(by_block[blocks[index]]) / max(1, later)

    for index, block in enumerate(blocks):
        people = by_block[block]
        chosen, report = _solve_block(
            block,
            people,
            events,
            sessions_by_event,
            sessions,
            problem,
            school_day,
            busy_by_person,
            share_of_what_remains(index),
            travel,
        )
        reports.append(report)
        school_day.update(placed_staff_out(people, chosen, sessions))
        for p in people:
            path = chosen.get(p.id, {})
            if path:
                placements[p.id] = path
            if p.person_id is not None:
                busy_by_person[p.person_id].update(sessions[session_id].day for session_id in path.values())

    participations: dict[int, list[ParticipantIn]] = defaultdict(list)
    for p in ordered:
        if p.person_id is not None:
            participations[p.person_id].append(p)

    def round_the_blocks(nearness: Travel | None, rounds: int) -> None:
        """Each block's moves again, round the other blocks' final days (staff out and other training days);
        with `nearness`, the moves that prefer the nearest venue."""
        # Staff out per (school, day) from everyone's dates, kept up to date as each block moves; a block
        # sees it without its own people's dates.
        everyone = Counter(problem.school_day_taken)
        everyone.update(placed_staff_out(ordered, placements, sessions))
        for index, (block, report) in enumerate(zip(blocks, reports, strict=True)):
            block_deadline = share_of_what_remains(index)
            stopped = time.perf_counter() >= block_deadline  # no time left: the moves would stop at once
            if not stopped:
                people = by_block[block]
                ids = {p.id for p in people}
                own = placed_staff_out(people, placements, sessions)
                base = everyone.copy()
                base.subtract(own)
                others: dict[int, set[datetime.date]] = defaultdict(set)
                for person_id in {p.person_id for p in people if p.person_id is not None}:
                    for p in participations[person_id]:
                        if p.id not in ids:
                            others[person_id].update(sessions[sid].day for sid in placements.get(p.id, {}).values())
                improved, stopped = improve_by_flow(
                    people,
                    events,
                    sessions_by_event,
                    sessions,
                    problem,
                    base,
                    others,
                    {p.id: placements[p.id] for p in people if p.id in placements},
                    rounds=rounds,
                    deadline=block_deadline,
                    travel=nearness,
                )
                placements.update({pid: path for pid, path in improved.items() if path})
                everyone.subtract(own)
                everyone.update(placed_staff_out(people, placements, sessions))
            if stopped and nearness is None:
                report.school_excess_optimal = report.evenness_optimal = False
            if stopped or (nearness is not None and len(blocks) > 1):
                # Across blocks nearness is a sequential optimum at best, as levels 2 and 3 are.
                report.travel_optimal = travel is None

    # A second pass lets each block's people move round the other blocks' final days.
    if problem.optimise_school_days and len(blocks) > 1:
        round_the_blocks(None, 2)
    # Then nearness, last: every step of these moves keeps each placement and never adds staff over the
    # limit (that level outweighs travel in their costs), so the count placed and the school-day excess
    # are those of the run without nearness, or better.
    if travel is not None:
        if without_travel is not None:
            without_travel.update({pid: dict(path) for pid, path in placements.items()})
        deadline = started + problem.time_limit_seconds
        round_the_blocks(travel, problem.travel_rounds)
    if len(blocks) > 1 or travel is not None:
        # Each block reports the staff over the limit its final dates add to the blocks before it,
        # as in the first pass, so the blocks' figures add up to the total.
        running = Counter(problem.school_day_taken)
        for block, report in zip(blocks, reports, strict=True):
            report.school_excess = _excess(
                by_block[block], placements, sessions, running, problem.max_staff_per_school_day
            )
            running.update(placed_staff_out(by_block[block], placements, sessions))

    # Reasons, against the final loads.
    places_left = {s.id: s.places_left for s in problem.sessions}
    for path in placements.values():
        for session_id in path.values():
            places_left[session_id] -= 1
    unplaced: list[Unplaced] = []
    wanted = 0
    for p in ordered:
        path = placements.get(p.id, {})
        placed_days = {e: sessions[s].day for e, s in path.items()}
        # Days from the person's other participations placed in this run count as busy.
        other_days = (
            frozenset(busy_by_person.get(p.person_id, set()) - set(placed_days.values()))
            if p.person_id
            else frozenset()
        )
        for event_id in p.needs:
            wanted += 1
            if event_id in path:
                continue
            reason = explain_unplaced(
                p,
                events[event_id],
                sessions_by_event.get(event_id, []),
                events,
                placed=placed_days,
                places_left=places_left,
                busy=other_days,
            )
            unplaced.append(Unplaced(p.id, event_id, reason))

    placed = sum(len(v) for v in placements.values())
    return Result(
        placements=placements,
        unplaced=unplaced,
        placed=placed,
        wanted=wanted,
        school_excess=sum(r.school_excess for r in reports),
        placements_optimal=all(r.placements_optimal for r in reports),
        school_excess_optimal=all(r.school_excess_optimal for r in reports),
        evenness_optimal=all(r.evenness_optimal for r in reports),
        blocks=reports,
        seconds=time.perf_counter() - started,
        travel_optimal=all(r.travel_optimal for r in reports),
        without_travel=without_travel,
    )
