"""Read-only look-ups for changing a date (the pages of other apps read them too): the sessions a person may ask for, their open requests.

The rules themselves are the places service's; these only gather what the pages list."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from ecfhub.events.models import Session, TrainingEvent
from ecfhub.people.models import Participant
from ecfhub.scheduling.models import Assignment, ChangeRequest, WaitingListEntry


@dataclass(frozen=True)
class DateChoice:
    """Another session of the event, with its seats left and, when the rules refuse it, why."""

    session: Session
    seats_left: int
    refusal: str = ""

    @property
    def is_full(self) -> bool:
        return self.seats_left <= 0


def date_choices(participant: Participant, event: TrainingEvent, *, current: Session | None) -> list[DateChoice]:
    """The event's scheduled sessions still to come other than `current`, soonest first, each with
    seats left and the first rule (other than a full session) that keeps the person off it. Two queries."""
    sessions = (
        Session.objects.filter(event=event, starts_at__gt=timezone.now())
        .scheduled()
        .select_related("event")
        .with_booked()
        .order_by("starts_at", "pk")
    )
    if current is not None:
        sessions = sessions.exclude(pk=current.pk)
    others = {
        a.session.date: a.session.event.title
        for a in Assignment.objects.filter(participant__user_id=participant.user_id, status=Assignment.Status.ASSIGNED)
        .exclude(participant=participant, event=event)
        .select_related("session__event")
    }
    days_off = set(participant.unavailable_weekdays or [])
    choices = []
    for session in sessions:
        day = session.date
        refusal = ""
        if day.weekday() in days_off:
            refusal = f"Not a day {participant.user} works ({day:%A}s)."
        elif day in others:
            refusal = f"{participant.user} already has {others[day]} that day."
        choices.append(DateChoice(session=session, seats_left=session.seats_left, refusal=refusal))
    return choices


def open_requests(participant_ids: list[int]) -> QuerySet[ChangeRequest]:
    """Pending and waiting requests of these people, with their sessions; one query."""
    return (
        ChangeRequest.objects.filter(
            participant_id__in=participant_ids,
            status__in=[ChangeRequest.Status.PENDING, ChangeRequest.Status.WAITING],
        )
        .select_related("event", "to_session", "from_session", "participant__user", "asked_by")
        .order_by("asked_at", "pk")
    )


def waiting_positions(requests: list[ChangeRequest]) -> dict[int, int]:
    """request id → place in its session's queue (1 is next), for the waiting ones; one query."""
    sessions = {r.to_session_id for r in requests if r.status == ChangeRequest.Status.WAITING}
    positions: dict[int, int] = {}
    counters: dict[int, int] = {}
    for entry in WaitingListEntry.objects.filter(session_id__in=sessions, left_at__isnull=True).order_by("pk"):
        counters[entry.session_id] = counters.get(entry.session_id, 0) + 1
        positions[entry.request_id] = counters[entry.session_id]
    return positions


def changeable_dates(participant: Participant, *, now: datetime.datetime) -> list[Assignment]:
    """The person's dates that have not started yet, soonest first, which they (or their tutor) may ask to change; one query."""
    return list(
        Assignment.objects.filter(
            participant=participant, status=Assignment.Status.ASSIGNED, session__starts_at__gt=now
        )
        .select_related("session__event")
        .order_by("session__starts_at", "pk")
    )
