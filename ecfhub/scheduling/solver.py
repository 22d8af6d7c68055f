"""The scheduler's optimisation core: pure Python and OR-Tools CP-SAT, no Django.

Input: participants (school, working pattern, the events they still need, the
days they already have training), the events in programme order, and the
sessions (date, places left, whether they are open and far enough ahead).
Output: one session per (participant, event) where possible, and for everyone
left over the rule that stopped them.

Hard rules (never broken):
- a session never takes more people than its places left;
- only open sessions with enough notice (the caller decides, per session);
- never two sessions for one person on the same day, counting days they
  already have training;
- never on a weekday the person does not work;
- a person's events are taken in programme order (year, then order) on
  strictly increasing dates, around their already fixed dates.

Preferences, lexicographic: (1) place as many (person, event) pairs as
possible; (2) keep staff out per school per day within the hub's limit
(the total excess is minimised); (3) fill an event's repeat sessions evenly
(the sum over events of the fullest session's percentage is minimised).

How it scales. A person's choices form a path through the sessions of the
events they need, dated strictly increasingly, so same-day and ordering rules
are properties of the path. People with the same school and the same allowed
sessions per needed event are interchangeable: they form one *profile*, and
the model holds an integer flow per profile on the small graph of its
allowed sessions (flows on a DAG decompose into paths, one per person). The
model is solved per *block* (cohort and audience: events and sessions are never
shared between blocks):

1. placements: the same flow model with schools merged (fewer, larger
   profiles), solved to proven optimality in well under a second;
2. school-day excess: the per-school model with placements fixed at that
   optimum, started from a solution built from step 1;
3. evenness: with excess fixed at the best found.

Blocks are solved one after another; each later block sees the earlier
blocks' new dates in its school-day counts and in each person's busy days
(one person may hold two participations). Level 1 is exact per block and
therefore overall; levels 2 and 3 are exact per block when reported optimal,
and across blocks they are a sequential (greedy-by-block) optimum. `Result`
says which levels were proven.
"""

from __future__ import annotations

import datetime
import itertools
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ortools.graph.python import min_cost_flow
from ortools.sat.python import cp_model

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


@dataclass
class Problem:
    participants: Sequence[ParticipantIn]
    events: Sequence[EventIn]
    sessions: Sequence[SessionIn]
    max_staff_per_school_day: int = 2
    # Staff already out per (school, day) from assignments the run keeps.
    school_day_taken: dict[tuple[int, datetime.date], int] = field(default_factory=dict)
    time_limit_seconds: float = 25.0
    optimise_school_days: bool = True
    optimise_evenness: bool = True


# ---------------------------------------------------------------------------
# Outputs


class Reason:
    NO_SESSIONS = "no_sessions"
    NONE_OPEN = "none_open"
    NO_NOTICE = "no_notice"
    NOT_WORKING_DAY = "not_working_day"
    BUSY_DAY = "busy_day"
    ORDER = "order"
    FULL = "full"
    TRADE_OFF = "trade_off"


REASON_TEXT = {
    Reason.NO_SESSIONS: "the event has no sessions yet",
    Reason.NONE_OPEN: "every session has been cancelled or has already happened",
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

    @property
    def proven_optimal(self) -> bool:
        return self.placements_optimal and self.school_excess_optimal and self.evenness_optimal

    def session_loads(self) -> dict[int, int]:
        loads: dict[int, int] = defaultdict(int)
        for chosen in self.placements.values():
            for session_id in chosen.values():
                loads[session_id] += 1
        return dict(loads)


# ---------------------------------------------------------------------------
# Allowed sessions (also the basis of the unplaced reasons)


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


# ---------------------------------------------------------------------------
# The flow model


@dataclass
class _Profile:
    school_id: int | None
    nodes: list[tuple[int, SessionIn]]  # (position index of the event among needs, session), sorted by day
    members: list[ParticipantIn]


def _profiles(
    participants: Sequence[ParticipantIn],
    allowed: dict[int, list[tuple[int, SessionIn]]],
    *,
    by_school: bool,
) -> list[_Profile]:
    groups: dict[tuple[object, ...], _Profile] = {}
    for p in participants:
        nodes = allowed[p.id]
        key = (p.school_id if by_school else None, tuple((k, s.id) for k, s in nodes))
        profile = groups.get(key)
        if profile is None:
            profile = groups[key] = _Profile(p.school_id if by_school else None, nodes, [])
        profile.members.append(p)
    return list(groups.values())


@dataclass
class _FlowModel:
    model: cp_model.CpModel
    # per profile: arcs [(from node index or -1 for source, to node index or -2 for sink, var)]
    arcs: list[list[tuple[int, int, cp_model.IntVar]]]
    through: list[list[Any]]  # per profile per node: people passing through
    placements: Any
    loads: dict[int, Any]


SOURCE, SINK = -1, -2


def _build_flow(profiles: list[_Profile], sessions: dict[int, SessionIn]) -> _FlowModel:
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
    return _FlowModel(model, all_arcs, all_through, sum(placement_terms), loads)


def _solver(seconds: float) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    # One worker: results are reproducible (the demo data depends on it) and this
    # machine has two cores; flow models like these are solved by the LP anyway.
    solver.parameters.num_workers = 1
    # The deterministic limit ends the search first in practice, so a given input
    # gives the same answer on any machine; wall time is only a backstop.
    solver.parameters.max_deterministic_time = max(0.5, min(seconds, EXACT_STAGE_DETERMINISTIC_LIMIT))
    solver.parameters.max_time_in_seconds = max(1.0, 2 * seconds)
    solver.parameters.random_seed = 7
    return solver


def _decompose(flow: _FlowModel, profiles: list[_Profile], values: list[list[int]]) -> dict[int, dict[int, int]]:
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


def _values(solver: cp_model.CpSolver, flow: _FlowModel) -> list[list[int]]:
    return [[int(solver.value(var)) for _, _, var in arcs] for arcs in flow.arcs]


def _hint_from_paths(flow: _FlowModel, profiles: list[_Profile], chosen: dict[int, dict[int, int]]) -> None:
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


# ---------------------------------------------------------------------------
# Solving


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
) -> tuple[dict[int, dict[int, int]], BlockReport]:
    started = time.perf_counter()
    allowed: dict[int, list[tuple[int, SessionIn]]] = {}
    for p in participants:
        busy = frozenset(busy_by_person.get(p.person_id, ())) if p.person_id is not None else frozenset()
        nodes: list[tuple[int, SessionIn]] = []
        for k, event_id in enumerate(p.needs):
            for s in allowed_sessions(p, events[event_id], sessions_by_event.get(event_id, []), events, busy=busy):
                if s.places_left > 0:
                    nodes.append((k, s))
        nodes.sort(key=lambda n: (n[1].day, n[0], n[1].id))
        allowed[p.id] = nodes

    # Level 1: as many placements as possible, schools merged.
    merged = _profiles(participants, allowed, by_school=False)
    flow = _build_flow(merged, sessions)
    flow.model.maximize(flow.placements)
    solver = _solver(max(0.5, (deadline - time.perf_counter()) * 0.5))
    status = solver.solve(flow.model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return {}, BlockReport(
            block, len(participants), len(merged), 0, False, 0, False, False, time.perf_counter() - started
        )
    placed = int(solver.objective_value)
    placements_optimal = status == cp_model.OPTIMAL
    chosen = _decompose(flow, merged, _values(solver, flow))
    report = BlockReport(block, len(participants), len(merged), placed, placements_optimal, 0, False, False, 0.0)

    if problem.optimise_school_days or problem.optimise_evenness:
        chosen = _improve_by_flow(
            participants, events, sessions_by_event, sessions, problem, school_day, busy_by_person, chosen
        )
        arc_count = sum(len(p.nodes) ** 2 for p in _profiles(participants, allowed, by_school=True))
        if arc_count <= EXACT_REFINE_MAX_ARCS:
            chosen = _refine(participants, allowed, sessions, problem, school_day, chosen, placed, report, deadline)

    report.school_excess = _excess(participants, chosen, sessions, school_day, problem.max_staff_per_school_day)
    report.seconds = time.perf_counter() - started
    return chosen, report


def _refine(
    participants: list[ParticipantIn],
    allowed: dict[int, list[tuple[int, SessionIn]]],
    sessions: dict[int, SessionIn],
    problem: Problem,
    school_day: dict[tuple[int, datetime.date], int],
    chosen: dict[int, dict[int, int]],
    placed: int,
    report: BlockReport,
    deadline: float,
) -> dict[int, dict[int, int]]:
    """Levels 2 and 3 on the per-school model, never giving up a placement."""
    profiles = _profiles(participants, allowed, by_school=True)
    report.profiles = len(profiles)
    flow = _build_flow(profiles, sessions)
    model = flow.model
    model.add(flow.placements >= placed)
    limit = problem.max_staff_per_school_day
    school_size: dict[int, int] = defaultdict(int)
    for profile in profiles:
        school_size[profile.school_id or 0] += len(profile.members)

    excess_terms: list[cp_model.IntVar] = []
    hinted_excess: list[tuple[cp_model.IntVar, int]] = []
    start_counts: dict[tuple[int, datetime.date], int] = defaultdict(int)
    for p in participants:
        for session_id in chosen.get(p.id, {}).values():
            if sessions[session_id].needs_cover:
                start_counts[(p.school_id, sessions[session_id].day)] += 1
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

    _hint_from_paths(flow, profiles, chosen)
    for var, value in hinted_excess:
        model.add_hint(var, value)
    best = chosen
    if excess_terms:
        model.minimize(total_excess)
        solver = _solver((deadline - time.perf_counter()) * 0.6)
        status = solver.solve(model)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            report.school_excess_optimal = status == cp_model.OPTIMAL
            values = _values(solver, flow)
            best = _decompose(flow, profiles, values)
            model.add(total_excess <= int(solver.objective_value))
            model.clear_hints()
            _hint_from_paths(flow, profiles, best)
    else:
        report.school_excess_optimal = True
    if fullest:
        model.minimize(sum(fullest))
        solver = _solver(deadline - time.perf_counter())
        status = solver.solve(model)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            report.evenness_optimal = status == cp_model.OPTIMAL
            best = _decompose(flow, profiles, _values(solver, flow))
    else:
        report.evenness_optimal = True
    return best


# Above this size the per-school CP-SAT model is slow to prove anything; the
# min-cost-flow improvement alone is used and levels 2-3 are reported unproven.
EXACT_REFINE_MAX_ARCS = 6000
EVEN_SCALE = 1000
EXACT_STAGE_DETERMINISTIC_LIMIT = 5.0  # marginal cost of the k-th place taken in a session: EVEN_SCALE * k // capacity


def _improve_by_flow(
    participants: list[ParticipantIn],
    events: dict[int, EventIn],
    sessions_by_event: dict[int, list[SessionIn]],
    sessions: dict[int, SessionIn],
    problem: Problem,
    school_day: dict[tuple[int, datetime.date], int],
    busy_by_person: dict[int, set[datetime.date]],
    chosen: dict[int, dict[int, int]],
    rounds: int = 3,
) -> dict[int, dict[int, int]]:
    """Levels 2 and 3 by exact moves, one event at a time.

    For one event, everyone placed on it may move to any other of its
    sessions their other dates allow. Which move is best is a min-cost flow
    (people -> school-day -> session), with a convex cost: each person over
    the school's daily limit costs more than any evenness gain could repay,
    and the k-th place in a session costs k/capacity (filling evenly). Every
    person keeps a place, so level 1 is untouched; each step can only lower
    the cost, so the loop ends at a point no single-event reassignment improves."""
    chosen = {pid: dict(path) for pid, path in chosen.items()}
    by_id = {p.id: p for p in participants}
    limit = problem.max_staff_per_school_day
    counts: dict[tuple[int, datetime.date], int] = defaultdict(int, school_day)
    for p in participants:
        for session_id in chosen.get(p.id, {}).values():
            if sessions[session_id].needs_cover:
                counts[(p.school_id, sessions[session_id].day)] += 1
    block_events = sorted({e for p in participants for e in p.needs}, key=lambda e: events[e].position)
    for _ in range(rounds):
        changed = False
        for event_id in block_events:
            people = [by_id[pid] for pid in sorted(chosen) if pid in by_id and event_id in chosen[pid]]
            if not people:
                continue
            current = {p.id: chosen[p.id][event_id] for p in people}
            for p in people:
                if sessions[current[p.id]].needs_cover:
                    counts[(p.school_id, sessions[current[p.id]].day)] -= 1
            moved = _best_moves(
                people, event_id, events, sessions_by_event[event_id], chosen, counts, busy_by_person, limit
            )
            for p in people:
                session_id = moved.get(p.id, current[p.id])
                if session_id != current[p.id]:
                    changed = True
                chosen[p.id][event_id] = session_id
                if sessions[session_id].needs_cover:
                    counts[(p.school_id, sessions[session_id].day)] += 1
        if not changed:
            break
    return chosen


def _best_moves(
    people: list[ParticipantIn],
    event_id: int,
    events: dict[int, EventIn],
    event_sessions: list[SessionIn],
    chosen: dict[int, dict[int, int]],
    counts: dict[tuple[int, datetime.date], int],
    busy_by_person: dict[int, set[datetime.date]],
    limit: int,
) -> dict[int, int]:
    event = events[event_id]
    session_by_id = {s.id: s for s in event_sessions}
    open_sessions = [s for s in event_sessions if s.state == SessionState.OPEN and s.places_left > 0]
    # Group interchangeable people: same school, same allowed days.
    groups: dict[tuple[int, tuple[datetime.date, ...]], list[ParticipantIn]] = defaultdict(list)
    for p in people:
        others = {
            e: session_by_id[s].day if s in session_by_id else None for e, s in chosen[p.id].items() if e != event_id
        }
        placed = [(e, d) for e, d in others.items() if d is not None]
        busy = frozenset(busy_by_person.get(p.person_id, ())) if p.person_id is not None else frozenset()
        ok = allowed_sessions(p, event, open_sessions, events, busy=busy | {d for _, d in placed}, placed=placed)
        groups[(p.school_id, tuple(sorted({s.day for s in ok})))].append(p)

    flow = min_cost_flow.SimpleMinCostFlow()
    total = len(people)
    top_unit = EVEN_SCALE + 1
    excess_cost = top_unit * total + 1  # dominates every evenness cost together
    node_count = 2
    source, sink = 0, 1

    def new_node() -> int:
        nonlocal node_count
        node_count += 1
        return node_count - 1

    session_node = {s.id: new_node() for s in open_sessions}
    for s in open_sessions:
        for k in range(1, s.places_left + 1):
            flow.add_arc_with_capacity_and_unit_cost(
                session_node[s.id], sink, 1, EVEN_SCALE * (s.taken + k) // s.capacity
            )
    sd_in: dict[tuple[int, datetime.date], int] = {}
    group_arcs: list[tuple[list[ParticipantIn], dict[datetime.date, int]]] = []
    out_arcs: dict[tuple[int, datetime.date], list[tuple[int, int]]] = {}
    for (school_id, allowed_days), members in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        g = new_node()
        flow.add_arc_with_capacity_and_unit_cost(source, g, len(members), 0)
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
                    flow.add_arc_with_capacity_and_unit_cost(node_in, cover, free, 0)
                flow.add_arc_with_capacity_and_unit_cost(node_in, cover, total, excess_cost)
                flow.add_arc_with_capacity_and_unit_cost(node_in, after, total, 0)
                out_arcs[key] = [
                    (
                        s.id,
                        flow.add_arc_with_capacity_and_unit_cost(
                            cover if s.needs_cover else after, session_node[s.id], total, 0
                        ),
                    )
                    for s in open_sessions
                    if s.day == day
                ]
            arcs[day] = flow.add_arc_with_capacity_and_unit_cost(g, sd_in[key], len(members), 0)
        group_arcs.append((members, arcs))
    flow.set_node_supply(source, total)
    flow.set_node_supply(sink, -total)
    if flow.solve() != flow.OPTIMAL:
        return {}
    # Hand out the places: per school-day, the people who arrive take the sessions the flow chose.
    arriving: dict[tuple[int, datetime.date], list[int]] = defaultdict(list)
    for members, arcs in group_arcs:
        queue = sorted(members, key=lambda p: p.id)
        for day, arc in sorted(arcs.items()):
            for _ in range(flow.flow(arc)):
                arriving[(queue[0].school_id, day)].append(queue.pop(0).id)
    moves: dict[int, int] = {}
    for key, person_ids in arriving.items():
        seats = [sid for sid, arc in out_arcs[key] for _ in range(flow.flow(arc))]
        for pid, sid in zip(sorted(person_ids), seats, strict=True):
            moves[pid] = sid
    return moves


def _excess(
    participants: Sequence[ParticipantIn],
    chosen: dict[int, dict[int, int]],
    sessions: dict[int, SessionIn],
    school_day: dict[tuple[int, datetime.date], int],
    limit: int,
) -> int:
    added: dict[tuple[int, datetime.date], int] = defaultdict(int)
    for p in participants:
        for session_id in chosen.get(p.id, {}).values():
            if sessions[session_id].needs_cover:
                added[(p.school_id, sessions[session_id].day)] += 1
    total = 0
    for key, count in added.items():
        before = school_day.get(key, 0)
        total += max(0, before + count - limit) - max(0, before - limit)
    return total


def solve(problem: Problem) -> Result:
    """Place everyone the hard rules allow, best first by the three preferences; see the module docstring."""
    started = time.perf_counter()
    deadline = started + problem.time_limit_seconds
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
            p = ParticipantIn(p.id, p.school_id, needs, p.unavailable_weekdays, p.fixed, p.busy_days, p.person_id)
        ordered.append(p)
        if needs:
            by_block[events[needs[0]].block].append(p)
    for block_people in by_block.values():
        for p in block_people:
            if len({events[e].block for e in p.needs}) != 1:
                raise ValueError(f"participant {p.id} needs events from more than one block")

    school_day: dict[tuple[int, datetime.date], int] = defaultdict(int, problem.school_day_taken)
    busy_by_person: dict[int, set[datetime.date]] = defaultdict(set)
    placements: dict[int, dict[int, int]] = {}
    reports: list[BlockReport] = []
    blocks = sorted(by_block, key=repr)
    for index, block in enumerate(blocks):
        people = by_block[block]
        remaining = deadline - time.perf_counter()
        later = sum(len(by_block[b]) for b in blocks[index:])
        share = remaining * len(people) / max(1, later) if later else remaining
        chosen, report = _solve_block(
            block,
            people,
            events,
            sessions_by_event,
            sessions,
            problem,
            school_day,
            busy_by_person,
            time.perf_counter() + max(1.0, share),
        )
        reports.append(report)
        for p in people:
            path = chosen.get(p.id, {})
            if path:
                placements[p.id] = path
            for session_id in path.values():
                day = sessions[session_id].day
                if sessions[session_id].needs_cover:
                    school_day[(p.school_id, day)] += 1
                if p.person_id is not None:
                    busy_by_person[p.person_id].add(day)

    # A second pass lets each block's people move round the other blocks' final days.
    if problem.optimise_school_days and len(blocks) > 1:
        for block in blocks:
            people = by_block[block]
            ids = {p.id for p in people}
            base: dict[tuple[int, datetime.date], int] = defaultdict(int, problem.school_day_taken)
            for p in ordered:
                if p.id not in ids:
                    for session_id in placements.get(p.id, {}).values():
                        if sessions[session_id].needs_cover:
                            base[(p.school_id, sessions[session_id].day)] += 1
            others: dict[int, set[datetime.date]] = defaultdict(set)
            for p in ordered:
                if p.id not in ids and p.person_id is not None:
                    others[p.person_id].update(sessions[sid].day for sid in placements.get(p.id, {}).values())
            improved = _improve_by_flow(
                people,
                events,
                sessions_by_event,
                sessions,
                problem,
                base,
                others,
                {p.id: placements[p.id] for p in people if p.id in placements},
                rounds=2,
            )
            placements.update({pid: path for pid, path in improved.items() if path})
        for report in reports:
            report.school_excess = 0
        total_excess = _excess(
            ordered, placements, sessions, defaultdict(int, problem.school_day_taken), problem.max_staff_per_school_day
        )
        if reports:
            reports[-1].school_excess = total_excess

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
    )
