"""Read-only look-ups for the page where a hub admin gives one person a date by hand.

The rules themselves live in `services.place_manually`; these only gather what the page lists.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone

from ecfhub.events.models import Session, TrainingEvent
from ecfhub.people.models import Participant
from ecfhub.scheduling.models import Assignment


def find_participants(text: str, *, limit: int) -> QuerySet[Participant]:
    """Active participants whose name or e-mail address contains `text`, or whose TRN is it; one query."""
    text = text.strip()
    return (
        Participant.objects.filter(status=Participant.Status.ACTIVE)
        .filter(Q(user__full_name__icontains=text) | Q(user__email__icontains=text) | Q(trn=text))
        .select_related("user", "school", "cohort")
        .order_by("user__full_name", "participant_type", "pk")[:limit]
    )


@dataclass
class EventOption:
    """One event of the person's programme: their current date, if any, and the dates to choose from."""

    event: TrainingEvent
    current: Session | None = None
    sessions: list[Session] = field(default_factory=list)


def placement_options(participant: Participant) -> list[EventOption]:
    """The events the person's programme requires (their cohort, as an ECT or mentor), in programme
    order, each with the person's active date and the scheduled sessions still to come, with `booked`
    for seats left. Three queries whatever the number of events and sessions."""
    events = TrainingEvent.objects.filter(cohort_id=participant.cohort_id, audience=participant.participant_type)
    options = {event.pk: EventOption(event=event) for event in events.order_by("programme_year", "order", "pk")}
    for assignment in Assignment.objects.filter(
        participant=participant, status=Assignment.Status.ASSIGNED, event_id__in=list(options)
    ).select_related("session__event"):
        options[assignment.event_id].current = assignment.session
    sessions = (
        Session.objects.filter(event_id__in=list(options), starts_at__gt=timezone.now())
        .scheduled()
        .select_related("event")
        .with_booked()
        .order_by("starts_at", "pk")
    )
    for session in sessions:
        options[session.event_id].sessions.append(session)
    return list(options.values())
