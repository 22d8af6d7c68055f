"""Preview: the dry run the hub admin reads before confirming. Writes nothing."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from ecfhub.events.models import Session, TrainingEvent
from ecfhub.people.models import Participant, School
from ecfhub.programme.models import Cohort
from ecfhub.scheduling import solver
from ecfhub.scheduling.services.loading import LoadedHub, load_hub
from ecfhub.scheduling.solver.travel import Travel, travel_figures

Progress = Callable[[int, str], None]


def _no_progress(percent: int, stage: str) -> None:
    return None


@dataclass
class SchedulePlan:
    """A dry run's outcome: what the scheduler would do, and why some people are left out.

    Plain data (JSON-ready), so a background task can store it on a ScheduleRun
    and the page can show it later."""

    as_of: str
    until: str | None
    cohort_year: int | None
    event_ids: list[int]
    earliest_day: str | None  # the first day with enough notice
    digest: str  # what the hub looked like; commit refuses if it differs
    placements: list[list[int]]  # [participant id, event id, session id]
    sessions: list[dict[str, Any]]
    unplaced: list[dict[str, Any]]
    clashes: list[dict[str, Any]]
    stats: dict[str, Any]
    events: dict[str, dict[str, Any]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SchedulePlan:
        return cls(**data)

    @property
    def reasons(self) -> list[tuple[str, int]]:
        """Unplaced (person, event) pairs counted by reason, commonest first."""
        return Counter(u["reason"] for u in self.unplaced).most_common()


def plan_schedule(
    *,
    cohort: Cohort | None = None,
    events: Sequence[TrainingEvent] | None = None,
    until: datetime.date | None = None,
    as_of: datetime.date,
    progress: Progress = _no_progress,
    time_limit_seconds: float = 25.0,
    refine_work_seconds: float | None = None,
    nearness: bool = True,
) -> SchedulePlan:
    """A dry run: who would get which date if people were told on `as_of`. Writes nothing.

    Scope: the events of `cohort` (all cohorts when None), or just `events`,
    with sessions up to `until`. Everyone active in the scope's cohorts and
    audiences is considered for each event they have no date for; assignments
    they already hold are kept as they are (a run never moves anyone)."""
    progress(5, "Reading participants, events and sessions")
    hub = load_hub(cohort=cohort, events=events, until=until, as_of=as_of)
    hub.problem.time_limit_seconds = time_limit_seconds
    # The preview sets nearness against the same run without it (travel before and after).
    # `nearness=False`: the run as it was before venues had places (the bench's "before").
    hub.problem.optimise_travel = nearness
    hub.problem.compare_without_travel = nearness and bool(hub.problem.school_places)
    if refine_work_seconds is not None:
        hub.problem.refine_work_seconds = refine_work_seconds
    progress(30, "Finding the best dates")
    result = solver.solve(hub.problem)
    progress(85, "Preparing the preview")
    plan = build_preview(hub, result, cohort=cohort, events=events, until=until)
    progress(100, "Done")
    return plan


def build_preview(
    hub: LoadedHub,
    result: solver.Result,
    *,
    cohort: Cohort | None,
    events: Sequence[TrainingEvent] | None,
    until: datetime.date | None,
) -> SchedulePlan:
    loads = result.session_loads()
    event_info = {
        str(e.pk): {
            "title": e.title,
            "kind": e.get_kind_display(),
            "audience": e.get_audience_display(),
            "year": e.programme_year,
            "order": e.order,
            "cohort": e.cohort.start_year,
        }
        for e in hub.events.values()
    }
    sessions = []
    for row in hub.sessions:
        sessions.append(
            {
                "id": row["id"],
                "event_id": row["event_id"],
                "day": row["day"].isoformat(),
                "capacity": row["capacity"],
                "taken": row["booked"],
                "new": loads.get(row["id"], 0),
                "cancelled": row["status"] == Session.Status.CANCELLED,
                "open": row["status"] != Session.Status.CANCELLED
                and row["day"] > hub.as_of
                and hub.earliest is not None
                and row["day"] >= hub.earliest,
            }
        )

    people = {p["id"]: p for p in hub.participants}
    unplaced_ids = {u.participant_id for u in result.unplaced}
    names = (
        dict(Participant.objects.filter(pk__in=unplaced_ids).values_list("pk", "user__full_name"))
        if unplaced_ids
        else {}
    )
    school_ids = {people[pid]["school_id"] for pid in unplaced_ids}
    school_ids |= {people[pid]["school_id"] for pid in result.placements}
    schools = dict(School.objects.filter(pk__in=school_ids).values_list("pk", "name")) if school_ids else {}
    unplaced = [
        {
            "participant_id": u.participant_id,
            "name": names.get(u.participant_id, ""),
            "school": schools.get(people[u.participant_id]["school_id"], ""),
            "event_id": u.event_id,
            "event": event_info.get(str(u.event_id), {}).get("title", ""),
            "reason": u.reason_text,
        }
        for u in sorted(result.unplaced, key=lambda u: (names.get(u.participant_id, ""), u.participant_id, u.event_id))
    ]

    # School-day clashes the plan would create or add to.
    limit = hub.problem.max_staff_per_school_day
    new_out = solver.placed_staff_out(
        hub.problem.participants, result.placements, {s.id: s for s in hub.problem.sessions}
    )
    clashes = []
    for (school_id, day), added in sorted(
        new_out.items(), key=lambda kv: (kv[0][1], schools.get(kv[0][0], ""), kv[0][0])
    ):
        total = hub.problem.school_day_taken.get((school_id, day), 0) + added
        if total > limit:
            clashes.append({"school": schools.get(school_id, ""), "day": day.isoformat(), "out": total, "new": added})

    travel = _travel(hub, result, event_info)

    open_capacity: dict[int, int] = defaultdict(int)
    for s in hub.problem.sessions:
        if s.state == solver.SessionState.OPEN:
            open_capacity[s.event_id] += s.places_left
    wanted_by_event: Counter[int] = Counter(e for p in hub.problem.participants for e in p.needs)
    stats = {
        "participants": len(hub.participants),
        "people_needing_dates": sum(1 for p in hub.problem.participants if p.needs),
        "people_placed": len(result.placements),
        "placed": result.placed,
        "wanted": result.wanted,
        "upper_bound": sum(min(n, open_capacity[e]) for e, n in wanted_by_event.items()),
        "unplaced": len(result.unplaced),
        "people_unplaced": len(unplaced_ids),
        "school_excess": result.school_excess,
        "placements_optimal": result.placements_optimal,
        "school_excess_optimal": result.school_excess_optimal,
        "evenness_optimal": result.evenness_optimal,
        "seconds": round(result.seconds, 2),
        "max_staff_per_school_day": limit,
        "travel": travel,
        "blocks": [
            {
                "cohort_id": r.block[0],
                "audience": r.block[1],
                "participants": r.participants,
                "profiles": r.profiles,
                "placed": r.placed,
                "placements_optimal": r.placements_optimal,
                "school_excess": r.school_excess,
                "seconds": round(r.seconds, 2),
            }
            for r in result.blocks
        ],
    }
    return SchedulePlan(
        as_of=hub.as_of.isoformat(),
        until=until.isoformat() if until else None,
        cohort_year=cohort.start_year if cohort else None,
        event_ids=sorted(e.pk for e in events) if events is not None else [],
        earliest_day=hub.earliest.isoformat() if hub.earliest else None,
        digest=hub.digest,
        placements=[[pid, e, s] for pid, path in sorted(result.placements.items()) for e, s in sorted(path.items())],
        sessions=sessions,
        unplaced=unplaced,
        clashes=clashes,
        stats=stats,
        events=event_info,
    )


def _travel(hub: LoadedHub, result: solver.Result, event_info: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
    """Total and longest travel, and the longest trips with who makes them, with nearness and without it."""
    if not hub.problem.school_places:
        return None
    sessions = {s.id: s for s in hub.problem.sessions}
    travel = Travel.of(hub.problem)
    near = travel_figures(hub.problem.participants, result.placements, sessions, travel)
    plain = (
        travel_figures(hub.problem.participants, result.without_travel, sessions, travel)
        if result.without_travel is not None
        else None
    )
    ids = {pid for pid, _, _ in near.far}
    names = dict(Participant.objects.filter(pk__in=ids).values_list("pk", "user__full_name")) if ids else {}
    school_of = {p.id: p.school_id for p in hub.problem.participants}
    schools = dict(School.objects.filter(pk__in={school_of[i] for i in ids}).values_list("pk", "name")) if ids else {}
    return {
        "with": near.to_json(),
        "without": plain.to_json() if plain else None,
        "max_km": hub.problem.max_travel_km,
        "optimal": result.travel_optimal,
        "far": [
            {
                "name": names.get(pid, ""),
                "school": schools.get(school_of[pid], ""),
                "event": event_info.get(str(eid), {}).get("title", ""),
                "km": round(km),
                "over_cap": hub.problem.max_travel_km is not None and km > hub.problem.max_travel_km,
            }
            for pid, eid, km in near.far
        ],
    }
