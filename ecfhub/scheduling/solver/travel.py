"""Nearness: how far each session is from a person's school, for the solver's travel preference.

Distances are `lib.geo.distance_m`, the straight line between British National Grid
references (the one distance the hub uses; not a road distance). A session or school
with no grid reference (an online session, a school not yet located) counts as no
travel: nearness never keeps anyone from a place, it only chooses among places.

The solver counts travel in whole units of `UNIT_M` metres, so two sessions within a
few tens of metres of each other are equally near (and the costs stay integers)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ecfhub.lib.geo import GridRef, distance_m
from ecfhub.scheduling.solver.problem import ParticipantIn, Problem, SessionIn

UNIT_M = 100


@dataclass
class Travel:
    """Distances from schools to sessions, and the hub's cap (km; None: no cap)."""

    school_places: dict[int, GridRef] = field(default_factory=dict)
    max_km: float | None = None

    @classmethod
    def of(cls, problem: Problem) -> Travel:
        return cls(problem.school_places, problem.max_travel_km)

    def metres(self, school_id: int, session: SessionIn) -> float | None:
        school = self.school_places.get(school_id)
        if school is None or session.place is None:
            return None
        return distance_m(school, session.place)

    def units(self, school_id: int, session: SessionIn) -> int:
        """The solver's travel cost of one person of this school on this session (0 when unknown)."""
        metres = self.metres(school_id, session)
        return 0 if metres is None else round(metres / UNIT_M)

    def over_cap(self, school_id: int, session: SessionIn) -> bool:
        metres = self.metres(school_id, session)
        return self.max_km is not None and metres is not None and metres > self.max_km * 1000


@dataclass
class TravelFigures:
    """A schedule's travel: trips (placements with a known distance), total and longest, and who goes far."""

    trips: int
    total_km: float
    longest_km: float
    over_cap: int
    # (participant id, event id, km) of the longest trips, longest first
    far: list[tuple[int, int, float]]

    def to_json(self) -> dict[str, object]:
        return {
            "trips": self.trips,
            "total_km": round(self.total_km, 1),
            "longest_km": round(self.longest_km, 1),
            "over_cap": self.over_cap,
            "far": [[pid, eid, round(km, 1)] for pid, eid, km in self.far],
        }


def travel_figures(
    participants: Iterable[ParticipantIn],
    placements: dict[int, dict[int, int]],
    sessions: dict[int, SessionIn],
    travel: Travel,
    *,
    listed: int = 10,
) -> TravelFigures:
    """The travel of `placements` (participant id -> {event id: session id}) for the preview and the bench."""
    trips = 0
    total = longest = 0.0
    trips_km: list[tuple[int, int, float]] = []
    over = 0
    for p in participants:
        for event_id, session_id in placements.get(p.id, {}).items():
            metres = travel.metres(p.school_id, sessions[session_id])
            if metres is None:
                continue
            trips += 1
            total += metres
            longest = max(longest, metres)
            over += travel.over_cap(p.school_id, sessions[session_id])
            trips_km.append((p.id, event_id, metres / 1000))
    trips_km.sort(key=lambda f: (-f[2], f[0], f[1]))
    return TravelFigures(trips, total / 1000, longest / 1000, over, trips_km[:listed])
