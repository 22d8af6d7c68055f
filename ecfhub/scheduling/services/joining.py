"""Dates for one person part way through: after resuming from a deferral, or on joining mid-year.

The scheduler's own model and rules, for one person: their programme's events still ahead
(by their requirement, `loading`), on sessions with the hub's notice, never moving anyone else.
The places are written by `places.place_many` and the person gets the usual one e-mail."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from ecfhub.events.models import Session
from ecfhub.people.models import Participant
from ecfhub.scheduling import solver
from ecfhub.scheduling.models import Assignment
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
