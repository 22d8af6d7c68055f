"""Levels 2 and 3 by exact moves: one event at a time, the best reassignment is a min-cost flow."""

from __future__ import annotations

import datetime
import time
from collections import Counter, defaultdict

import numpy as np
from ortools.graph.python import min_cost_flow

from ecfhub.scheduling.solver.allowed import allowed_sessions, narrowed_by_placed, rules_key
from ecfhub.scheduling.solver.problem import (
    EventIn,
    ParticipantIn,
    Problem,
    SessionIn,
    SessionState,
    count_staff_out,
    placed_staff_out,
)
from ecfhub.scheduling.solver.travel import Travel

# The cost of the k-th place taken in a session is EVEN_SCALE * k // capacity (filling evenly).
EVEN_SCALE = 1000


def improve_by_flow(
    participants: list[ParticipantIn],
    events: dict[int, EventIn],
    sessions_by_event: dict[int, list[SessionIn]],
    sessions: dict[int, SessionIn],
    problem: Problem,
    school_day: dict[tuple[int, datetime.date], int],
    busy_by_person: dict[int, set[datetime.date]],
    chosen: dict[int, dict[int, int]],
    rounds: int = 3,
    deadline: float | None = None,
    travel: Travel | None = None,
) -> tuple[dict[int, dict[int, int]], bool]:
    """Levels 2 and 3 by exact moves, one event at a time; returns the new paths and whether the
    deadline (a `time.perf_counter()` value; None: no limit) stopped the moves early.

    For one event, everyone placed on it may move to any other of its
    sessions their other dates allow. Which move is best is a min-cost flow
    (people -> school-day -> session), with a convex cost: each person over
    the school's daily limit costs more than any evenness gain could repay,
    and the k-th place in a session costs k/capacity (filling evenly). With
    `travel` (nearness), between the two come, in this order, the people sent
    beyond the hub's distance cap and then the total distance from each
    person's school (`_weights`: each level outweighs everything below it). Every
    person keeps a place, so level 1 is untouched; each step can only lower
    the cost, so the loop ends at a point no single-event reassignment improves.

    The deadline is looked at between events, never within one: each event's
    step leaves everyone placed as before and the cost no higher, so the paths
    returned keep every placement of `chosen` whenever the moves stop. Stopped
    early, they are only better than the start, not the point described above."""
    chosen = {pid: dict(path) for pid, path in chosen.items()}
    by_id = {p.id: p for p in participants}
    limit = problem.max_staff_per_school_day
    counts = Counter(school_day)
    counts.update(placed_staff_out(participants, chosen, sessions))
    block_events = sorted({e for p in participants for e in p.needs}, key=lambda e: events[e].position)
    in_order = [by_id[pid] for pid in sorted(chosen) if pid in by_id]
    # Per person, someone with the same rules (`allowed.rules_key`) and their other training days: people
    # who share both share the one tuple, so the moves work out what the rules allow them once.
    no_days: frozenset[datetime.date] = frozenset()
    shared: dict[tuple[object, ...], tuple[ParticipantIn, frozenset[datetime.date]]] = {}
    rules_of: dict[int, tuple[ParticipantIn, frozenset[datetime.date]]] = {}
    for p in participants:
        busy = frozenset(busy_by_person.get(p.person_id, ())) if p.person_id is not None else no_days
        rules_of[p.id] = shared.setdefault((rules_key(p), busy), (p, busy))
    # An event's best moves depend on everyone else's dates, never on where its own people are now (they
    # all leave and are placed again): until someone else moves, solving it again gives the same answer.
    moved_so_far = 0
    solved_at: dict[int, int] = {}  # event -> moves made when its own were last applied
    for _ in range(rounds):
        changed = False
        for event_id in block_events:
            if solved_at.get(event_id) == moved_so_far:
                continue
            if deadline is not None and time.perf_counter() >= deadline:
                return chosen, True
            people = [p for p in in_order if event_id in chosen[p.id]]
            if not people:
                continue
            current = {p.id: chosen[p.id][event_id] for p in people}
            # Everyone on this event may move: count the school's staff out without them, then with their new dates.
            counts.subtract(_staff_out_on(people, current, sessions))
            moved = _best_moves(
                people,
                event_id,
                events,
                sessions_by_event[event_id],
                sessions,
                chosen,
                counts,
                rules_of,
                limit,
                travel,
            )
            for p in people:
                session_id = moved.get(p.id, current[p.id])
                if session_id != current[p.id]:
                    changed = True
                    moved_so_far += 1
                chosen[p.id][event_id] = session_id
            counts.update(_staff_out_on(people, {p.id: chosen[p.id][event_id] for p in people}, sessions))
            solved_at[event_id] = moved_so_far
        if not changed:
            break
    return chosen, False


def _staff_out_on(
    people: list[ParticipantIn], session_of: dict[int, int], sessions: dict[int, SessionIn]
) -> Counter[tuple[int, datetime.date]]:
    """`placed_staff_out` for one date each (participant id -> session id), without a path per person."""
    return count_staff_out(
        (p.school_id, sessions[session_of[p.id]].day, sessions[session_of[p.id]].needs_cover) for p in people
    )


def _best_moves(
    people: list[ParticipantIn],
    event_id: int,
    events: dict[int, EventIn],
    event_sessions: list[SessionIn],
    sessions: dict[int, SessionIn],
    chosen: dict[int, dict[int, int]],
    counts: dict[tuple[int, datetime.date], int],
    rules_of: dict[int, tuple[ParticipantIn, frozenset[datetime.date]]],
    limit: int,
    travel: Travel | None = None,
) -> dict[int, int]:
    event = events[event_id]
    open_sessions = [s for s in event_sessions if s.state == SessionState.OPEN and s.places_left > 0]
    open_by_day: dict[datetime.date, list[SessionIn]] = defaultdict(list)
    for s in open_sessions:
        open_by_day[s.day].append(s)
    # Group interchangeable people: same school, same allowed days. What the rules allow a person
    # before their dates for the block's other events is worked out once per rules and other training
    # days (`rules_of`), then narrowed by those dates (in order, on other days) once per path.
    groups: dict[tuple[int, tuple[datetime.date, ...]], list[ParticipantIn]] = defaultdict(list)
    allowed_before: dict[int, list[SessionIn]] = {}
    days_of: dict[tuple[int, tuple[int, ...]], tuple[datetime.date, ...]] = {}
    for p in people:
        path = chosen[p.id]
        rules = id(rules_of[p.id])  # people with the same rules share one tuple: its identity is the key
        path_key = (rules, tuple(s for e, s in path.items() if e != event_id))
        days = days_of.get(path_key)
        if days is None:
            allowed = allowed_before.get(rules)
            if allowed is None:
                like, busy = rules_of[p.id]
                allowed = allowed_before[rules] = allowed_sessions(like, event, open_sessions, events, busy=busy)
            placed = [(e, sessions[s].day) for e, s in path.items() if e != event_id]
            ok = narrowed_by_placed(allowed, event, events, placed)
            days = days_of[path_key] = tuple(sorted({s.day for s in ok}))
        groups[(p.school_id, days)].append(p)

    # The flow's arcs, numbered in the order they are listed here, are handed to the solver at once.
    tails: list[int] = []
    heads: list[int] = []
    capacities: list[int] = []
    costs: list[int] = []

    def arc(tail: int, head: int, capacity: int, cost: int) -> int:
        tails.append(tail)
        heads.append(head)
        capacities.append(capacity)
        costs.append(cost)
        return len(tails) - 1

    total = len(people)
    top_unit = EVEN_SCALE + 1
    excess_cost = top_unit * total + 1  # dominates every evenness cost together
    travel_cost: dict[tuple[int, int], int] = {}
    if travel is not None:
        schools = {school_id for school_id, _ in groups}
        units = {(school_id, s.id): travel.units(school_id, s) for school_id in schools for s in open_sessions}
        far = {key for key in units if travel.over_cap(key[0], sessions[key[1]])}
        unit_cost, cap_cost, excess_cost, scale = _weights(total, max(units.values(), default=0))
        travel_cost = {key: unit_cost * (u // scale) + (cap_cost if key in far else 0) for key, u in units.items()}
    node_count = 2
    source, sink = 0, 1

    def new_node() -> int:
        nonlocal node_count
        node_count += 1
        return node_count - 1

    session_node = {s.id: new_node() for s in open_sessions}
    for s in open_sessions:
        # The k-th new place costs EVEN_SCALE * (taken + k) // capacity. Seats of equal cost share one
        # arc (the same optimum): a session of 7,000 seats needs ~1,000 arcs, not 7,000.
        k = 1
        while k <= s.places_left:
            cost = EVEN_SCALE * (s.taken + k) // s.capacity
            last = min(s.places_left, ((cost + 1) * s.capacity - 1) // EVEN_SCALE - s.taken)
            arc(session_node[s.id], sink, last - k + 1, cost)
            k = last + 1
    sd_in: dict[tuple[int, datetime.date], int] = {}
    group_arcs: list[tuple[list[ParticipantIn], dict[datetime.date, int]]] = []
    out_arcs: dict[tuple[int, datetime.date], list[tuple[int, int]]] = {}
    for (school_id, allowed_days), members in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        g = new_node()
        arc(source, g, len(members), 0)
        arcs: dict[datetime.date, int] = {}
        for day in allowed_days:
            key = (school_id, day)
            if key not in sd_in:
                # node_in -> cover (free places up to the limit, then the excess cost) -> daytime sessions;
                # node_in -> after (no limit) -> after-school sessions.
                node_in, cover, after = new_node(), new_node(), new_node()
                sd_in[key] = node_in
                free = max(0, limit - counts[key])
                if free:
                    arc(node_in, cover, free, 0)
                arc(node_in, cover, total, excess_cost)
                arc(node_in, after, total, 0)
                out_arcs[key] = [
                    (
                        s.id,
                        arc(
                            cover if s.needs_cover else after,
                            session_node[s.id],
                            total,
                            travel_cost.get((school_id, s.id), 0),
                        ),
                    )
                    for s in open_by_day[day]
                ]
            arcs[day] = arc(g, sd_in[key], len(members), 0)
        group_arcs.append((members, arcs))
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        np.array(tails, dtype=np.int32),
        np.array(heads, dtype=np.int32),
        np.array(capacities, dtype=np.int64),
        np.array(costs, dtype=np.int64),
    )
    flow.set_node_supply(source, total)
    flow.set_node_supply(sink, -total)
    if flow.solve() != flow.OPTIMAL:
        return {}
    flows = flow.flows(np.arange(len(tails), dtype=np.int32)).tolist()
    # Hand out the places: per school-day, the people who arrive take the sessions the flow chose.
    arriving: dict[tuple[int, datetime.date], list[int]] = defaultdict(list)
    for members, arcs in group_arcs:
        queue = iter(sorted(members, key=lambda p: p.id))
        for day, a in sorted(arcs.items()):
            arriving[(members[0].school_id, day)].extend(next(queue).id for _ in range(flows[a]))
    moves: dict[int, int] = {}
    for key, person_ids in arriving.items():
        seats = [sid for sid, a in out_arcs[key] for _ in range(flows[a])]
        for pid, sid in zip(sorted(person_ids), seats, strict=True):
            moves[pid] = sid
    return moves


# The largest total cost the flow may reach: int64 with room to spare.
_COST_CEILING = 2**62


def _weights(people: int, longest: int) -> tuple[int, int, int, int]:
    """(cost of one travel unit, of one person beyond the cap, of one person over the school-day limit,
    travel units per cost unit) for one event's moves with `people` on it and `longest` the most travel
    units of any (school, session) pair.

    Lexicographic by construction: the difference between two flows is a sum of cycles, and a cycle
    moves at most one place between two sessions, so its evenness cost changes by at most EVEN_SCALE;
    one travel unit (> EVEN_SCALE) therefore outweighs any evenness gain. A person beyond the cap costs
    more than all the travel and evenness of everyone together, and a person over the limit more than
    all of those. When the costs could pass int64, travel is counted in coarser units (`scale` of them
    at once) rather than letting a level leak into another."""
    scale = 1
    while True:
        unit = EVEN_SCALE + 1
        evenness_all = people * EVEN_SCALE
        travel_all = people * (longest // scale) * unit
        cap = travel_all + evenness_all + 1
        excess = people * cap + travel_all + evenness_all + 1
        if people * excess + excess < _COST_CEILING or longest // scale == 0:
            return unit, cap, excess, scale
        scale *= 2
