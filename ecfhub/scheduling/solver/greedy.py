"""A quick start for placements (level 1): a greedy flow, and the bound that can prove it optimal.

Every profile's members want the longest path they can have through its allowed sessions
(strictly later days, events in programme order). `longest_path` is that length with no
seat limits: no member can be placed on more, so members × length summed over the
profiles bounds level 1 from above. `greedy_flows` routes members along the longest path
with seats left, as many at a time as the path's fullest session allows, profile by
profile (fewest choices first). When the greedy flow reaches the bound it is optimal and
no solver is needed (a hub with seats for everyone, the usual case); otherwise it is
CP-SAT's starting solution (hint), and what is kept if CP-SAT finds nothing better in its
time, so a busy machine never leaves a block with nobody placed."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ecfhub.scheduling.solver.problem import SessionIn

if TYPE_CHECKING:
    from ecfhub.scheduling.solver.cpsat import Profile

SOURCE, SINK = -1, -2

Arcs = dict[tuple[int, int], int]


def _chain(nodes: Sequence[tuple[int, SessionIn]], usable: Sequence[bool]) -> list[int]:
    """The longest chain of usable nodes with increasing event position and strictly later days."""
    best = [0] * len(nodes)
    previous = [SOURCE] * len(nodes)
    for b, (kb, sb) in enumerate(nodes):
        if not usable[b]:
            continue
        best[b] = 1
        for a in range(b):
            ka, sa = nodes[a]
            if best[a] and ka < kb and sa.day < sb.day and best[a] + 1 > best[b]:
                best[b] = best[a] + 1
                previous[b] = a
    if not nodes or max(best) == 0:
        return []
    node = best.index(max(best))
    chain = []
    while node != SOURCE:
        chain.append(node)
        node = previous[node]
    return chain[::-1]


def longest_path(nodes: Sequence[tuple[int, SessionIn]]) -> int:
    """How many of its events one member of a profile could have at most, seats aside."""
    return len(_chain(nodes, [True] * len(nodes)))


def upper_bound(profiles: Sequence[Profile]) -> int:
    return sum(len(profile.members) * longest_path(profile.nodes) for profile in profiles)


def greedy_flows(profiles: Sequence[Profile], places_left: dict[int, int]) -> list[Arcs]:
    """Per profile, people per arc (tail, head) of its flow graph (SOURCE, node indexes, SINK), never more
    people on a session than `places_left`. Deterministic for a given input."""
    left = dict(places_left)
    flows: list[Arcs] = [{} for _ in profiles]
    for index in sorted(range(len(profiles)), key=lambda i: (len(profiles[i].nodes), i)):
        profile = profiles[index]
        arcs = flows[index]
        waiting = len(profile.members)
        while waiting:
            chain = _chain(profile.nodes, [left[s.id] > 0 for _, s in profile.nodes])
            if not chain:
                break
            people = min(waiting, *(left[profile.nodes[node][1].id] for node in chain))
            for node in chain:
                left[profile.nodes[node][1].id] -= people
            steps = [SOURCE, *chain, SINK]
            for tail, head in itertools.pairwise(steps):
                arcs[(tail, head)] = arcs.get((tail, head), 0) + people
            waiting -= people
    return flows


def placed(flows: Sequence[Arcs]) -> int:
    """(person, event) pairs placed by these flows: every arc into a session node is one."""
    return sum(n for arcs in flows for (_, head), n in arcs.items() if head != SINK)
