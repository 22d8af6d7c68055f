"""The scheduler's dry run and its commit.

`plan_schedule` reads the hub, runs the solver and returns a preview without
writing anything; `commit_schedule` writes that preview's assignments, or
refuses cleanly if anything it relied on has changed since.
"""

from __future__ import annotations

import datetime
import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from ecfhub.audit.services import record
from ecfhub.events.models import Session, TrainingEvent
from ecfhub.hub.models import HubSettings
from ecfhub.lib.errors import DomainError
from ecfhub.people.models import Participant, School
from ecfhub.programme.models import Cohort
from ecfhub.scheduling import solver
from ecfhub.scheduling.models import Assignment, ScheduleRun
from ecfhub.terms.schooldays import SchoolCalendar

Progress = Callable[[int, str], None]


def _no_progress(percent: int, stage: str) -> None:
    return None


def local_day(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


# Sessions starting before this take staff out of their classes (conferences); an
# after-school clinic needs no cover, so it does not count towards the school's daily limit.
END_OF_SCHOOL_DAY = datetime.time(15, 0)


def needs_cover(starts_at: datetime.datetime) -> bool:
    return timezone.localtime(starts_at).time() < END_OF_SCHOOL_DAY


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


@dataclass
class _Hub:
    """Everything the solver needs, read in a fixed number of queries."""

    as_of: datetime.date
    earliest: datetime.date | None
    events: dict[int, TrainingEvent]
    sessions: list[dict[str, Any]]
    participants: list[dict[str, Any]]
    problem: solver.Problem
    digest: str


def _scope_events(
    *, cohort: Cohort | None, events: Sequence[TrainingEvent] | None, until: datetime.date | None, as_of: datetime.date
) -> tuple[dict[int, TrainingEvent], list[dict[str, Any]]]:
    qs = TrainingEvent.objects.select_related("cohort")
    if cohort is not None:
        qs = qs.filter(cohort=cohort)
    if events is not None:
        qs = qs.filter(pk__in=[e.pk for e in events])
    all_events = {e.pk: e for e in qs}
    rows = list(
        Session.objects.filter(event_id__in=all_events)
        .annotate(booked=Count("assignments", filter=Q(assignments__status=Assignment.Status.ASSIGNED)))
        .values("id", "event_id", "starts_at", "capacity", "status", "booked")
        .order_by("starts_at", "id")
    )
    by_event: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        row["day"] = local_day(row["starts_at"])
        by_event[row["event_id"]].append(row)
    # An event is in scope while it has a session to come before `until`; one with
    # no sessions yet stays in scope (so people are told why they have no date).
    kept = {}
    for event_id, event in all_events.items():
        days = [r["day"] for r in by_event.get(event_id, [])]
        if (not days and until is None) or any(as_of < d and (until is None or d <= until) for d in days):
            kept[event_id] = event
    sessions = [r for r in rows if r["event_id"] in kept and (until is None or r["day"] <= until)]
    return kept, sessions


def _load(
    *, cohort: Cohort | None, events: Sequence[TrainingEvent] | None, until: datetime.date | None, as_of: datetime.date
) -> _Hub:
    hub = HubSettings.load()
    scope, session_rows = _scope_events(cohort=cohort, events=events, until=until, as_of=as_of)
    calendar = SchoolCalendar.load(as_of - datetime.timedelta(days=1))
    earliest = calendar.add_school_days(as_of, hub.minimum_notice_school_days)

    solver_sessions = []
    for row in session_rows:
        if row["status"] == Session.Status.CANCELLED:
            state = solver.SessionState.CANCELLED
        elif row["day"] <= as_of:
            state = solver.SessionState.PAST
        elif earliest is None or row["day"] < earliest:
            state = solver.SessionState.SHORT_NOTICE
        else:
            state = solver.SessionState.OPEN
        solver_sessions.append(
            solver.SessionIn(
                row["id"],
                row["event_id"],
                row["day"],
                row["capacity"],
                row["booked"],
                state,
                needs_cover(row["starts_at"]),
            )
        )

    blocks = {(e.cohort_id, e.audience) for e in scope.values()}
    block_events: dict[tuple[int, str], list[TrainingEvent]] = defaultdict(list)
    for event in TrainingEvent.objects.filter(
        cohort_id__in={b[0] for b in blocks}, audience__in={b[1] for b in blocks}
    ):
        block_events[(event.cohort_id, event.audience)].append(event)
    position = {e.pk: (e.programme_year, e.order) for events_ in block_events.values() for e in events_}

    people: list[dict[str, Any]] = list(
        Participant.objects.filter(  # type: ignore[arg-type]
            status=Participant.Status.ACTIVE,
            cohort_id__in={b[0] for b in blocks},
            participant_type__in={b[1] for b in blocks},
        )
        .values("id", "user_id", "school_id", "cohort_id", "participant_type", "unavailable_weekdays")
        .order_by("id")
    )
    people = [p for p in people if (p["cohort_id"], p["participant_type"]) in blocks]
    user_ids = {p["user_id"] for p in people}
    # user -> (participant, event, day, assignment id), for every participation of the people in scope
    held: dict[int, list[tuple[int, int, datetime.date, int]]] = defaultdict(list)
    rows: Any = Assignment.objects.filter(status=Assignment.Status.ASSIGNED, participant__user_id__in=user_ids).values(
        "id", "participant_id", "participant__user_id", "event_id", "session__starts_at"
    )
    for row in rows:
        held[row["participant__user_id"]].append(
            (row["participant_id"], row["event_id"], local_day(row["session__starts_at"]), row["id"])
        )

    participants_in = []
    for p in people:
        mine = [h for h in held[p["user_id"]] if h[0] == p["id"]]
        have = {h[1] for h in mine}
        block = (p["cohort_id"], p["participant_type"])
        needs = tuple(e for e in scope if (scope[e].cohort_id, scope[e].audience) == block and e not in have)
        fixed = tuple(solver.FixedIn(h[1], h[2]) for h in mine if h[1] in position)
        busy = frozenset(h[2] for h in held[p["user_id"]] if h[0] != p["id"] or h[1] not in position)
        participants_in.append(
            solver.ParticipantIn(
                id=p["id"],
                school_id=p["school_id"],
                needs=needs,
                unavailable_weekdays=frozenset(p["unavailable_weekdays"] or ()),
                fixed=fixed,
                busy_days=busy,
                person_id=p["user_id"],
            )
        )

    # Staff already out per school and day (every cohort and audience), over the days in play.
    school_day: dict[tuple[int, datetime.date], int] = defaultdict(int)
    days = {s.day for s in solver_sessions}
    if days:
        lo = timezone.make_aware(datetime.datetime.combine(min(days), datetime.time.min))
        hi = timezone.make_aware(datetime.datetime.combine(max(days), datetime.time.max))
        for school_id, starts_at in Assignment.objects.filter(
            status=Assignment.Status.ASSIGNED, session__starts_at__range=(lo, hi)
        ).values_list("participant__school_id", "session__starts_at"):
            if needs_cover(starts_at):
                school_day[(school_id, local_day(starts_at))] += 1

    solver_events = [
        solver.EventIn(e.pk, (e.cohort_id, e.audience), (e.programme_year, e.order), e.title)
        for events_ in block_events.values()
        for e in events_
    ]
    digest = hashlib.sha256(
        repr(
            (
                sorted((s.id, s.state, s.capacity, s.taken, s.day) for s in solver_sessions),
                sorted((p.id, p.needs, sorted(p.unavailable_weekdays)) for p in participants_in),
                sorted(h[3] for hs in held.values() for h in hs),
            )
        ).encode()
    ).hexdigest()
    problem = solver.Problem(
        participants=participants_in,
        events=solver_events,
        sessions=solver_sessions,
        max_staff_per_school_day=hub.max_staff_out_per_school_per_day,
        school_day_taken=dict(school_day),
    )
    return _Hub(as_of, earliest, scope, session_rows, people, problem, digest)


def plan_schedule(
    *,
    cohort: Cohort | None = None,
    events: Sequence[TrainingEvent] | None = None,
    until: datetime.date | None = None,
    as_of: datetime.date,
    progress: Progress = _no_progress,
    time_limit_seconds: float = 25.0,
) -> SchedulePlan:
    """A dry run: who would get which date if people were told on `as_of`. Writes nothing.

    Scope: the events of `cohort` (all cohorts when None), or just `events`,
    with sessions up to `until`. Everyone active in the scope's cohorts and
    audiences is considered for each event they have no date for; assignments
    they already hold are kept as they are (a run never moves anyone)."""
    progress(5, "Reading participants, events and sessions")
    hub = _load(cohort=cohort, events=events, until=until, as_of=as_of)
    hub.problem.time_limit_seconds = time_limit_seconds
    progress(30, "Finding the best dates")
    result = solver.solve(hub.problem)
    progress(85, "Preparing the preview")
    plan = _preview(hub, result, cohort=cohort, events=events, until=until)
    progress(100, "Done")
    return plan


def _preview(
    hub: _Hub,
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
    day_of = {s.id: s.day for s in hub.problem.sessions if s.needs_cover}
    limit = hub.problem.max_staff_per_school_day
    new_out: dict[tuple[int, datetime.date], int] = defaultdict(int)
    for pid, path in result.placements.items():
        for session_id in path.values():
            if session_id in day_of:
                new_out[(people[pid]["school_id"], day_of[session_id])] += 1
    clashes = []
    for (school_id, day), added in sorted(new_out.items(), key=lambda kv: (kv[0][1], schools.get(kv[0][0], ""))):
        total = hub.problem.school_day_taken.get((school_id, day), 0) + added
        if total > limit:
            clashes.append({"school": schools.get(school_id, ""), "day": day.isoformat(), "out": total, "new": added})

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
        "school_excess": result.school_excess,
        "placements_optimal": result.placements_optimal,
        "school_excess_optimal": result.school_excess_optimal,
        "evenness_optimal": result.evenness_optimal,
        "seconds": round(result.seconds, 2),
        "max_staff_per_school_day": limit,
        "blocks": [
            {
                "cohort_id": r.block[0],
                "audience": r.block[1],
                "participants": r.participants,
                "profiles": r.profiles,
                "placed": r.placed,
                "placements_optimal": r.placements_optimal,
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


@dataclass(frozen=True)
class CommitResult:
    created: int
    people: int
    notices: int


def _plan_scope(plan: SchedulePlan) -> dict[str, Any]:
    cohort = Cohort.objects.get(start_year=plan.cohort_year) if plan.cohort_year else None
    events = list(TrainingEvent.objects.filter(pk__in=plan.event_ids)) if plan.event_ids else None
    return {
        "cohort": cohort,
        "events": events,
        "until": datetime.date.fromisoformat(plan.until) if plan.until else None,
        "as_of": datetime.date.fromisoformat(plan.as_of),
    }


@transaction.atomic
def commit_schedule(
    *,
    plan: SchedulePlan,
    actor: Any,
    run: ScheduleRun | None = None,
    notify: bool = True,
    notified_at: datetime.datetime | None = None,
) -> CommitResult:
    """Write a dry run's assignments, all or nothing.

    Guarantees: the sessions in scope are locked (select_for_update) while the
    hub is read again; if anything the preview relied on has changed (a new or
    ended assignment, a cancelled session, a change of capacity, a new
    participant) nothing is written and DomainError `plan_stale` asks for a new
    dry run; no session ever ends over capacity (checked again under the lock,
    DomainError `overbooked`); with `notify`, each person gets one e-mail listing
    all their new dates and `notified_at` is set in this same transaction
    (without it, `notified_at` is the given time: used for the demo's past);
    one audit entry."""
    scope = _plan_scope(plan)
    session_ids = sorted({row["id"] for row in plan.sessions})
    # Lock in a fixed order so two commits wait for each other instead of deadlocking.
    list(Session.objects.select_for_update().filter(pk__in=session_ids).order_by("pk").values_list("pk", flat=True))
    hub = _load(**scope)
    if hub.digest != plan.digest:
        if run is not None:
            ScheduleRun.objects.filter(pk=run.pk).update(status=ScheduleRun.Status.STALE)
        raise DomainError(
            "plan_stale",
            "Dates, sessions or participants have changed since this preview was made. Run the dry run again.",
        )
    booked = dict(
        Session.objects.filter(pk__in=session_ids)
        .annotate(n=Count("assignments", filter=Q(assignments__status=Assignment.Status.ASSIGNED)))
        .values_list("pk", "n")
    )
    capacity = dict(Session.objects.filter(pk__in=session_ids).values_list("pk", "capacity"))
    adding = Counter(session_id for _, _, session_id in plan.placements)
    for session_id, n in adding.items():
        if booked.get(session_id, 0) + n > capacity.get(session_id, 0):
            raise DomainError("overbooked", "A session would go over its capacity. Run the dry run again.")

    now = timezone.now()
    stamp = now if notify else notified_at
    created = Assignment.objects.bulk_create(
        [
            Assignment(
                participant_id=pid,
                event_id=event_id,
                session_id=session_id,
                source=Assignment.Source.SCHEDULER,
                created_by=actor if getattr(actor, "pk", None) else None,
                notified_at=stamp,
            )
            for pid, event_id, session_id in plan.placements
        ],
        batch_size=2000,
    )
    people = {a.participant_id for a in created}
    notices = 0
    if notify and created:
        from ecfhub.scheduling.services.notices import send_notices

        notices = send_notices(participant_ids=sorted(people), since=now)
    if run is not None:
        ScheduleRun.objects.filter(pk=run.pk).update(
            status=ScheduleRun.Status.COMMITTED,
            committed_at=now,
            committed_by=actor if getattr(actor, "pk", None) else None,
        )
    record(
        actor=actor,
        action="schedule.committed",
        summary=f"Gave {len(people)} people {len(created)} new dates (notified {plan.as_of})",
        target=run,
        details={
            "as_of": plan.as_of,
            "until": plan.until,
            "cohort": plan.cohort_year,
            "events": plan.event_ids,
            "created": len(created),
            "people": len(people),
            "unplaced": len(plan.unplaced),
            "notices": notices,
        },
    )
    return CommitResult(created=len(created), people=len(people), notices=notices)
