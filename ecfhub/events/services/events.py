"""Adding a training event to a cohort's programme and changing its description."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction

from ecfhub.audit.services import record
from ecfhub.events.models import TrainingEvent
from ecfhub.lib.concurrency import lock_unchanged
from ecfhub.lib.errors import DomainError
from ecfhub.programme.models import Cohort
from ecfhub.scheduling.models import Assignment

# What describes an event, as create_training_event() takes it (with the cohort) and
# update_training_event() may change it; the cohort never changes once the event exists.
EVENT_FIELDS = ("kind", "audience", "programme_year", "order", "title", "focus", "description", "optional")


@transaction.atomic
def create_training_event(
    *,
    cohort: Cohort,
    kind: str,
    audience: str,
    programme_year: int,
    order: int,
    title: str,
    focus: Sequence[str],
    description: str = "",
    optional: bool = False,
    actor: Any,
) -> TrainingEvent:
    """Add an event to a cohort's programme.

    Guarantees: the (cohort, audience, year, order) slot is free, or DomainError
    `order_taken`; one audit entry."""
    if TrainingEvent.objects.filter(
        cohort=cohort, audience=audience, programme_year=programme_year, order=order
    ).exists():
        raise DomainError("order_taken", f"Another event already has position {order} in that programme year.")
    event = TrainingEvent.objects.create(
        cohort=cohort,
        kind=kind,
        audience=audience,
        programme_year=programme_year,
        order=order,
        title=title,
        focus=list(focus),
        description=description,
        optional=optional,
    )
    record(
        actor=actor,
        action="event.created",
        summary=f"Added {event}",
        target=event,
        details={"cohort": cohort.start_year},
    )
    return event


@transaction.atomic
def update_training_event(
    *, event: TrainingEvent, changes: dict[str, Any], actor: Any, expected_version: str | None = None
) -> TrainingEvent:
    """Change an event's description fields (kind, audience, year, order, title, focus, description,
    whether it is optional).

    Guarantees, with the event row locked: nothing is saved if someone changed
    the event since `expected_version` was read (`edit_conflict`, see
    lib/concurrency); audience and kind stay fixed once anyone has been assigned
    to the event (DomainError `event_in_use`), since the people on it were
    chosen for them; one audit entry listing what changed."""
    unknown = set(changes) - set(EVENT_FIELDS)
    if unknown:
        raise ValueError(f"Not editable here: {sorted(unknown)}")
    event = lock_unchanged(TrainingEvent, event.pk, expected_version, what="event")
    changed = {name: value for name, value in changes.items() if getattr(event, name) != value}
    if not changed:
        return event
    if {"kind", "audience"} & set(changed) and Assignment.objects.filter(event=event).exists():
        raise DomainError(
            "event_in_use", "People have been given dates for this event, so its kind and audience cannot change."
        )
    for name, value in changed.items():
        setattr(event, name, value)
    event.save()
    record(
        actor=actor,
        action="event.updated",
        summary=f"Changed {event}",
        target=event,
        details={"changed": sorted(changed)},
    )
    return event
