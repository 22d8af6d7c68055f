"""Dates for one person part way through: after resuming from a deferral, or on joining mid-year.

A participant registered once their programme is under way (`under_way`: dates have been given out for
their cohort and role, a schedule run has been confirmed for the cohort, or a session of their programme
has already started) is placed at registration (`place_on_joining`), so a January or April starter does
not wait for the hub's next run; anyone registered before that is the scheduler's to place.

The scheduler's own model and rules, for one person: their programme's events still ahead
(by their requirement, `loading`), on sessions with the hub's notice, never moving anyone else.
The places are written by `places.place_many` and the person gets the usual one e-mail."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ecfhub.audit.services import record
from ecfhub.events.models import Session
from ecfhub.lib.errors import DomainError
from ecfhub.people.models import Participant
from ecfhub.scheduling import solver
from ecfhub.scheduling.models import Assignment, ScheduleRun
from ecfhub.scheduling.services import places
from ecfhub.scheduling.services.loading import load_hub
from ecfhub.scheduling.services.notices import send_notices


@dataclass(frozen=True)
class Placed:
    """What one person was given: the new places, and the events the rules left without a date."""

    assignments: list[Assignment]
    unplaced_event_ids: list[int]
    notified: bool


@transaction.atomic
def place_person(
    *, participant: Participant, actor: Any, reason: str, as_of: datetime.date | None = None, notify: bool = True
) -> Placed:
    """Give an active participant a date for each event of their programme still ahead that they need.

    Guarantees, inside one transaction with the sessions of their cohort locked (in id order, as a
    schedule commit locks them): only this person is placed and nobody else's place changes; every
    place is on a session with at least the hub's notice from `as_of` (today) and is judged again by
    the place rules (`places.place_many`); no session goes over capacity; one PlaceChange per place;
    with `notify`, one e-mail listing the new dates. A person who is not active gets nothing. The caller
    writes the audit entry for what it is part of (a resumption, a late registration)."""
    as_of = as_of or timezone.localdate()
    fresh = Participant.objects.get(pk=participant.pk)
    if fresh.status != Participant.Status.ACTIVE:
        return Placed([], [], False)
    session_ids = Session.objects.filter(event__cohort_id=fresh.cohort_id, starts_at__gt=timezone.now()).values_list(
        "pk", flat=True
    )
    places.lock_sessions(list(session_ids))
    hub = load_hub(cohort=fresh.cohort, events=None, until=None, as_of=as_of, participant_ids=[fresh.pk])
    hub.problem.time_limit_seconds = 5.0
    result = solver.solve(hub.problem)
    chosen = result.placements.get(fresh.pk, {})
    now = timezone.now()
    created = places.place_many(
        placements=[places.NewPlace(fresh.pk, event_id, session_id) for event_id, session_id in chosen.items()],
        actor=actor,
        notified_at=now if notify else None,
        reason=reason,
        as_of=as_of,
    )
    notified = bool(notify and created and send_notices(participant_ids=[fresh.pk], since=now))
    return Placed(created, sorted(u.event_id for u in result.unplaced if u.participant_id == fresh.pk), notified)


def under_way(participants: list[Participant], *, now: datetime.datetime | None = None) -> list[Participant]:
    """Those of `participants` (active) whose programme is already under way, so they join part way: their
    cohort and role have dates given out (by a schedule run or by hand), a schedule run has been confirmed
    for their cohort (or for every cohort), or a session of their programme has started. Three queries,
    however many people."""
    now = now or timezone.now()
    active = [p for p in participants if p.status == Participant.Status.ACTIVE]
    if not active:
        return []
    cohorts = {p.cohort_id for p in active}
    audiences = {p.participant_type for p in active}
    started_or_given = set(
        Session.objects.filter(event__cohort_id__in=cohorts, event__audience__in=audiences)
        .filter(Q(starts_at__lte=now) | Q(assignments__isnull=False))
        .values_list("event__cohort_id", "event__audience")
        .distinct()
    )
    runs = set(
        ScheduleRun.objects.filter(status=ScheduleRun.Status.COMMITTED)
        .filter(Q(cohort_id__in=cohorts) | Q(cohort__isnull=True))
        .values_list("cohort_id", flat=True)
    )
    return [
        p
        for p in active
        if (p.cohort_id, p.participant_type) in started_or_given or None in runs or p.cohort_id in runs
    ]


def place_on_joining(*, participant: Participant, actor: Any, as_of: datetime.date | None = None) -> Placed:
    """Dates for someone just registered part way through the year (see `under_way`, which the caller asks).

    Guarantees: `place_person`'s, with one e-mail listing the new dates; a place the rules refuse on a
    second look is not a reason to lose the registration: the person is then left to the scheduler and the
    hub's "People without a date" list (nothing is written for them here). One audit entry when dates are given."""
    try:
        with transaction.atomic():
            placed = place_person(
                participant=participant, actor=actor, reason="Joined part way through the year", as_of=as_of
            )
    except DomainError:
        return Placed([], [], False)
    if placed.assignments:
        record(
            actor=actor,
            action="participant.placed_on_joining",
            summary=f"{participant.user.full_name}: {len(placed.assignments)} date(s) given on joining part way",
            target=participant,
            details={"placed": len(placed.assignments), "without_date": placed.unplaced_event_ids},
        )
    return placed


def place_joiners(*, participant_ids: list[int], actor: Any) -> int:
    """`place_on_joining` for each of these people whose programme is under way, each in its own transaction
    (the task behind a large registration); the number of places given."""
    people = list(Participant.objects.filter(pk__in=participant_ids).select_related("user").order_by("pk"))
    return sum(len(place_on_joining(participant=p, actor=actor).assignments) for p in under_way(people))
