"""Loading: the hub as the solver sees it (DB -> `solver.Problem`), read in a fixed number of queries.

The same load serves the dry run (`preview.plan_schedule`) and the commit, which
loads again under lock and compares the digest to see whether anything changed."""

from __future__ import annotations

import datetime
import hashlib
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from ecfhub.events.models import Session, TrainingEvent
from ecfhub.events.queries import required_q
from ecfhub.hub.settings import current_hub_settings
from ecfhub.people import schedules
from ecfhub.people.models import Participant, School
from ecfhub.programme.models import Cohort, ProgrammeRequirement
from ecfhub.programme.requirements import RequirementBook
from ecfhub.scheduling import solver
from ecfhub.scheduling.models import Assignment
from ecfhub.scheduling.staff_out import local_day, needs_cover, staff_out_per_school_day
from ecfhub.terms.schooldays import SchoolCalendar


@dataclass
class LoadedHub:
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
    # Optional events are booked by hand; the scheduler gives everyone the required ones.
    qs = TrainingEvent.objects.filter(required_q()).select_related("cohort")
    if cohort is not None:
        qs = qs.filter(cohort=cohort)
    if events is not None:
        qs = qs.filter(pk__in=[e.pk for e in events])
    all_events = {e.pk: e for e in qs}
    rows = list(
        Session.objects.filter(event_id__in=all_events)
        .annotate(booked=Count("assignments", filter=Q(assignments__status=Assignment.Status.ASSIGNED)))
        .values(
            "id",
            "event_id",
            "starts_at",
            "capacity",
            "status",
            "booked",
            "mode",
            "venue_place__easting",
            "venue_place__northing",
        )
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


def _place(row: dict[str, Any]) -> tuple[int, int] | None:
    """An in-person session's venue as a grid reference; None online or when the venue has no location."""
    east, north = row["venue_place__easting"], row["venue_place__northing"]
    if row["mode"] != Session.Mode.IN_PERSON or east is None or north is None:
        return None
    return (east, north)


_REQUIREMENT_KEYS = ("cohort_id", "participant_type", "mentor_training", "schedule_identifier")


def _required(
    needs: tuple[int, ...],
    have: set[int],
    requirement: ProgrammeRequirement | None,
    kinds: dict[int, tuple[str, int, int]],
) -> tuple[int, ...]:
    """The events (of `needs`, their programme's events in scope without a date) the person's requirement asks for.

    No requirement row, or the cohort's base figures: every event of their programme, as before. A
    requirement of nothing (a mentor already trained): none, so the scheduler never gives them a date. A
    more specific row (a reduced schedule): of each kind, only as many as it asks for, counting the dates
    they already hold, earliest in programme order first. A kind required 0 times is never needed."""
    if requirement is None:
        return needs
    if not requirement.requires_dates:
        return ()
    wanted = {"clinic": requirement.clinics, "conference": requirement.conferences}
    kept: list[int] = []
    for kind, count in wanted.items():
        held = sum(1 for e in have if kinds.get(e, ("",))[0] == kind)
        of_kind = sorted((e for e in needs if kinds[e][0] == kind), key=lambda e: kinds[e][1:])
        if requirement.is_base:
            kept.extend(of_kind if count > 0 else [])
        else:
            kept.extend(of_kind[: max(count - held, 0)])
    return tuple(e for e in needs if e in set(kept))


def load_hub(
    *,
    cohort: Cohort | None,
    events: Sequence[TrainingEvent] | None,
    until: datetime.date | None,
    as_of: datetime.date,
    participant_ids: Collection[int] | None = None,
) -> LoadedHub:
    """Read what the solver needs for this scope, in a fixed number of queries, as of the morning of `as_of`.

    With `participant_ids`, only those people are to be placed (one person resuming or joining part way);
    everyone else's places still count against seats and each school's staff out per day."""
    hub = current_hub_settings()
    scope, session_rows = _scope_events(cohort=cohort, events=events, until=until, as_of=as_of)
    calendar = SchoolCalendar.load(as_of - datetime.timedelta(days=1))
    earliest = calendar.add_school_days(as_of, hub.minimum_notice_school_days)

    solver_sessions = []
    for row in session_rows:
        event = scope[row["event_id"]]
        state = solver.session_state(
            cancelled=row["status"] == Session.Status.CANCELLED,
            day=row["day"],
            as_of=as_of,
            school_days_away=calendar.school_days_between(as_of, row["day"]),
            minimum_notice=hub.minimum_notice_school_days,
            cohort_start_year=event.cohort.start_year,
            programme_year=event.programme_year,
        )
        solver_sessions.append(
            solver.SessionIn(
                row["id"],
                row["event_id"],
                row["day"],
                row["capacity"],
                row["booked"],
                state,
                needs_cover(row["starts_at"]),
                _place(row),
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
        .values(
            "id",
            "user_id",
            "school_id",
            "cohort_id",
            "participant_type",
            "unavailable_weekdays",
            "mentor_training",
            "schedule_identifier",
            "induction_start_date",
            "cohort__start_year",
        )
        .order_by("id")
    )
    people = [
        p
        for p in people
        if (p["cohort_id"], p["participant_type"]) in blocks and (participant_ids is None or p["id"] in participant_ids)
    ]
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

    # Each person's requirement (cohort, type, mentor training, schedule) decides which events they need.
    book = RequirementBook({p["cohort_id"] for p in people})
    kinds = {e.pk: (e.kind, e.programme_year, e.order) for events_ in block_events.values() for e in events_}
    participants_in = []
    for p in people:
        mine = [h for h in held[p["user_id"]] if h[0] == p["id"]]
        have = {h[1] for h in mine}
        block = (p["cohort_id"], p["participant_type"])
        needs = tuple(e for e in scope if (scope[e].cohort_id, scope[e].audience) == block and e not in have)
        needs = _required(needs, have, book.for_person(**{k: p[k] for k in _REQUIREMENT_KEYS}), kinds)
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
                # Their own programme years and start (a January or April intake), as `rules` judges them.
                year_one_starts=schedules.year_one_starts(p["schedule_identifier"], p["cohort__start_year"]),
                starts_on=p["induction_start_date"],
            )
        )

    # Staff already out per school and day (every cohort and audience), over the days in play.
    school_day: dict[tuple[int, datetime.date], int] = {}
    days = {s.day for s in solver_sessions}
    if days:
        lo = timezone.make_aware(datetime.datetime.combine(min(days), datetime.time.min))
        hi = timezone.make_aware(datetime.datetime.combine(max(days), datetime.time.max))
        school_day = dict(staff_out_per_school_day(Assignment.objects.filter(session__starts_at__range=(lo, hi))))

    solver_events = [
        solver.EventIn(e.pk, (e.cohort_id, e.audience), (e.programme_year, e.order), e.title)
        for events_ in block_events.values()
        for e in events_
    ]
    digest = hashlib.sha256(
        repr(
            (
                sorted((s.id, s.state, s.capacity, s.taken, s.day, s.place) for s in solver_sessions),
                sorted(
                    (p.id, p.needs, sorted(p.unavailable_weekdays), p.year_one_starts, p.starts_on)
                    for p in participants_in
                ),
                sorted(h[3] for hs in held.values() for h in hs),
            )
        ).encode()
    ).hexdigest()
    # Each school's grid reference (GIAS), for nearness: only the schools of the people in scope.
    school_places: dict[int, tuple[int, int]] = {
        school_id: (east, north)
        for school_id, east, north in School.objects.filter(
            pk__in={p.school_id for p in participants_in}, easting__isnull=False, northing__isnull=False
        ).values_list("id", "easting", "northing")
        if east is not None and north is not None
    }
    problem = solver.Problem(
        participants=participants_in,
        events=solver_events,
        sessions=solver_sessions,
        max_staff_per_school_day=hub.max_staff_out_per_school_per_day,
        school_day_taken=school_day,
        school_places=school_places,
        max_travel_km=hub.max_travel_km,
    )
    return LoadedHub(as_of, earliest, scope, session_rows, people, problem, digest)
