"""The CP-SAT flow model: placements (level 1) and the exact refinement of levels 2 and 3.

A person's choices form a path through the sessions of the events they need,
dated strictly increasingly. People with the same school and the same allowed
sessions form one *profile*, and the model holds an integer flow per profile
on the small graph of its allowed sessions; the flows decompose into one path
per person."""

from __future__ import annotations

import datetime
import itertools
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ortools.sat.python import cp_model

from ecfhub.scheduling.solver.problem import BlockReport, ParticipantIn, Problem, SessionIn, placed_staff_out
from ecfhub.scheduling.solver.travel import Travel

# Above this size the per-school CP-SAT model is slow to prove anything; the
# min-cost-flow improvement alone is used and levels 2-3 are reported unproven.
EXACT_REFINE_MAX_ARCS = 6000
# The most deterministic time (CP-SAT's machine-independent work units) one solve may use.
EXACT_STAGE_DETERMINISTIC_LIMIT = 5.0


@dataclass
class Profile:
    school_id: int | None
    nodes: list[tuple[int, SessionIn]]  # (position index of the event among needs, session), sorted by day
    members: list[ParticipantIn]


def group_profiles(
    participants: Sequence[ParticipantIn],
    allowed: dict[int, list[tuple[int, SessionIn]]],
    *,
    by_school: bool,
) -> list[Profile]:
    groups: dict[tuple[object, ...], Profile] = {}
    for p in participants:
        nodes = allowed[p.id]
        key = (p.school_id if by_school else None, tuple((k, s.id) for k, s in nodes))
        profile = groups.get(key)
        if profile is None:
            profile = groups[key] = Profile(p.school_id if by_school else None, nodes, [])
        profile.members.append(p)
    return list(groups.values())


@dataclass
class FlowModel:
    model: cp_model.CpModel
    # per profile: arcs [(from node index or -1 for source, to node index or -2 for sink, var)]
    arcs: list[list[tuple[int, int, cp_model.IntVar]]]
    through: list[list[Any]]  # per profile per node: people passing through
    placements: Any
    loads: dict[int, Any]


SOURCE, SINK = -1, -2


def build_flow(profiles: list[Profile], sessions: dict[int, SessionIn]) -> FlowModel:
    model = cp_model.CpModel()
    all_arcs: list[list[tuple[int, int, cp_model.IntVar]]] = []
    all_through: list[list[Any]] = []
    load_terms: dict[int, list[Any]] = defaultdict(list)
    placement_terms: list[Any] = []
    for pi, profile in enumerate(profiles):
        size = len(profile.members)
        nodes = profile.nodes
        arcs: list[tuple[int, int, cp_model.IntVar]] = []
        incoming: list[list[cp_model.IntVar]] = [[] for _ in nodes]
        outgoing: list[list[cp_model.IntVar]] = [[] for _ in nodes]
        source_out: list[cp_model.IntVar] = []
        for a, (ka, sa) in enumerate(nodes):
            cap = min(size, sa.places_left)
            var = model.new_int_var(0, cap, f"p{pi}s{a}")
            arcs.append((SOURCE, a, var))
            incoming[a].append(var)
            source_out.append(var)
            var = model.new_int_var(0, cap, f"p{pi}{a}t")
            arcs.append((a, SINK, var))
            outgoing[a].append(var)
            for b, (kb, sb) in enumerate(nodes):
                if kb > ka and sb.day > sa.day:
                    var = model.new_int_var(0, min(cap, sb.places_left), f"p{pi}{a}_{b}")
                    arcs.append((a, b, var))
                    outgoing[a].append(var)
                    incoming[b].append(var)
        model.add(sum(source_out) <= size)
        through: list[Any] = []
        for a, (_, sa) in enumerate(nodes):
            inflow = sum(incoming[a])
            model.add(inflow == sum(outgoing[a]))
            through.append(inflow)
            load_terms[sa.id].append(inflow)
            placement_terms.append(inflow)
        all_arcs.append(arcs)
        all_through.append(through)
    loads: dict[int, Any] = {}
    for session_id, terms in load_terms.items():
        load = sum(terms)
        model.add(load <= sessions[session_id].places_left)
        loads[session_id] = load
    return FlowModel(model, all_arcs, all_through, sum(placement_terms), loads)


def new_solver(seconds: float, work_limit: float = EXACT_STAGE_DETERMINISTIC_LIMIT) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    # One worker: results are reproducible (the demo data depends on it) and this
    # machine has two cores; flow models like these are solved by the LP anyway.
    solver.parameters.num_workers = 1
    # The deterministic limit ends the search first in practice, so a given input
    # gives the same answer on any machine; wall time is only a backstop.
    solver.parameters.max_deterministic_time = min(work_limit, max(0.5, seconds))
    solver.parameters.max_time_in_seconds = max(1.0, 2 * seconds)
    solver.parameters.random_seed = 7
    return solver


def decompose(flow: FlowModel, profiles: list[Profile], values: list[list[int]]) -> dict[int, dict[int, int]]:
    """Turn each profile's integer flow into one path per member (members by id, paths in a fixed order)."""
    chosen: dict[int, dict[int, int]] = {}
    for pi, profile in enumerate(profiles):
        remaining: dict[tuple[int, int], int] = {}
        out: dict[int, list[int]] = defaultdict(list)
        for (tail, head, _), value in zip(flow.arcs[pi], values[pi], strict=True):
            if value:
                remaining[(tail, head)] = value
                out[tail].append(head)
        members = sorted(profile.members, key=lambda p: p.id)
        for member in members:
            node = SOURCE
            path: dict[int, int] = {}
            while True:
                nxt = next((h for h in out[node] if remaining.get((node, h), 0) > 0), None)
                if nxt is None:
                    break
                remaining[(node, nxt)] -= 1
                if nxt == SINK:
                    break
                k, session = profile.nodes[nxt]
                path[member.needs[k]] = session.id
                node = nxt
            chosen[member.id] = path
    return chosen


def flow_values(solver: cp_model.CpSolver, flow: FlowModel) -> list[list[int]]:
    return [[int(solver.value(var)) for _, _, var in arcs] for arcs in flow.arcs]


def hint_from_paths(flow: FlowModel, profiles: list[Profile], chosen: dict[int, dict[int, int]]) -> None:
    """Give CP-SAT a complete starting solution: the arc flows of known per-person paths."""
    for pi, profile in enumerate(profiles):
        counts: dict[tuple[int, int], int] = defaultdict(int)
        index = {(k, s.id): i for i, (k, s) in enumerate(profile.nodes)}
        for member in profile.members:
            path = chosen.get(member.id, {})
            nodes = sorted(
                (index[(member.needs.index(e), s)] for e, s in path.items()),
                key=lambda i: profile.nodes[i][1].day,
            )
            if not nodes:
                continue
            chain = [SOURCE, *nodes, SINK]
            for tail, head in itertools.pairwise(chain):
                counts[(tail, head)] += 1
        for tail, head, var in flow.arcs[pi]:
            flow.model.add_hint(var, counts.get((tail, head), 0))


def refine(
    participants: list[ParticipantIn],
    allowed: dict[int, list[tuple[int, SessionIn]]],
    sessions: dict[int, SessionIn],
    problem: Problem,
    school_day: dict[tuple[int, datetime.date], int],
    chosen: dict[int, dict[int, int]],
    placed: int,
    report: BlockReport,
    deadline: float,
    travel: Travel | None = None,
) -> dict[int, dict[int, int]]:
    """Levels 2 and 3 on the per-school model, never giving up a placement; with `travel`, between them
    the people beyond the hub's distance cap, then the total distance, each fixed at its best before the
    next stage (the same order as the moves)."""
    profiles = group_profiles(participants, allowed, by_school=True)
    report.profiles = len(profiles)
    flow = build_flow(profiles, sessions)
    model = flow.model
    model.add(flow.placements >= placed)
    limit = problem.max_staff_per_school_day
    school_size: dict[int, int] = defaultdict(int)
    for profile in profiles:
        school_size[profile.school_id or 0] += len(profile.members)

    excess_terms: list[cp_model.IntVar] = []
    hinted_excess: list[tuple[cp_model.IntVar, int]] = []
    start_counts = placed_staff_out(participants, chosen, sessions)
    if problem.optimise_school_days:
        per_school_day: dict[tuple[int, datetime.date], list[Any]] = defaultdict(list)
        for pi, profile in enumerate(profiles):
            for node, (_, session) in zip(flow.through[pi], profile.nodes, strict=True):
                if session.needs_cover:
                    per_school_day[(profile.school_id or 0, session.day)].append(node)
        for (school_id, day), terms in per_school_day.items():
            already = school_day.get((school_id, day), 0)
            top = already + school_size[school_id]
            if top <= limit:
                continue  # cannot go over
            excess = model.new_int_var(0, top, f"x{school_id}_{day.toordinal()}")
            model.add(excess >= sum(terms) + already - limit)
            excess_terms.append(excess)
            hinted_excess.append((excess, max(0, start_counts[(school_id, day)] + already - limit)))
    total_excess = sum(excess_terms)

    fullest: list[cp_model.IntVar] = []
    if problem.optimise_evenness:
        by_event: dict[int, list[int]] = defaultdict(list)
        for session_id in flow.loads:
            by_event[sessions[session_id].event_id].append(session_id)
        for event_id, session_ids in by_event.items():
            fill = model.new_int_var(0, 100, f"full{event_id}")
            for session_id in session_ids:
                s = sessions[session_id]
                # percentage full (rounded up) of the session, counting places already taken
                model.add(100 * (flow.loads[session_id] + s.taken) <= s.capacity * fill)
            fullest.append(fill)

    hint_from_paths(flow, profiles, chosen)
    for var, value in hinted_excess:
        model.add_hint(var, value)
    best = chosen
    if excess_terms:
        model.minimize(total_excess)
        solver = new_solver((deadline - time.perf_counter()) * 0.6, problem.refine_work_seconds)
        status = solver.solve(model)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            report.school_excess_optimal = status == cp_model.OPTIMAL
            values = flow_values(solver, flow)
            best = decompose(flow, profiles, values)
            model.add(total_excess <= int(solver.objective_value))
            model.clear_hints()
            hint_from_paths(flow, profiles, best)
    else:
        report.school_excess_optimal = True
    if travel is not None:
        far_terms: list[Any] = []
        unit_terms: list[Any] = []
        for pi, profile in enumerate(profiles):
            for node, (_, session) in zip(flow.through[pi], profile.nodes, strict=True):
                school_id = profile.school_id or 0
                if travel.over_cap(school_id, session):
                    far_terms.append(node)
                units = travel.units(school_id, session)
                if units:
                    unit_terms.append(units * node)
        proven = True
        for terms in (far_terms, unit_terms):
            if not terms:
                continue
            total = sum(terms)
            model.minimize(total)
            solver = new_solver(max(0.5, (deadline - time.perf_counter()) * 0.5), problem.refine_work_seconds)
            status = solver.solve(model)
            if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                proven = False
                break
            proven = proven and status == cp_model.OPTIMAL
            best = decompose(flow, profiles, flow_values(solver, flow))
            model.add(total <= int(solver.objective_value))
            model.clear_hints()
            hint_from_paths(flow, profiles, best)
        report.travel_optimal = proven
    if fullest:
        model.minimize(sum(fullest))
        solver = new_solver(deadline - time.perf_counter(), problem.refine_work_seconds)
        status = solver.solve(model)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            report.evenness_optimal = status == cp_model.OPTIMAL
            best = decompose(flow, profiles, flow_values(solver, flow))
    else:
        report.evenness_optimal = True
    return best
