"""A participant's own sessions ("My events"), and one session as an .ics file for the people on it and its facilitators."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from ecfhub.calendar.ical import FeedItem, build_calendar, ics_response
from ecfhub.events.access import get_own_session
from ecfhub.hub.settings import current_hub_settings
from ecfhub.lib.http import AuthenticatedRequest
from ecfhub.people.models import Participant
from ecfhub.scheduling.models import Assignment


@login_required
def mine(request: AuthenticatedRequest) -> HttpResponse:
    """The signed-in person's own sessions, upcoming and past, with how to join."""
    user = request.user
    hub = current_hub_settings(request)
    now = timezone.now()
    assignments = list(
        Assignment.objects.filter(participant__user=user)
        .filter(status__in=[Assignment.Status.ASSIGNED, Assignment.Status.SESSION_CANCELLED])
        .select_related("session__event", "participant")
        .order_by("session__starts_at")
    )
    active = [a for a in assignments if a.is_active]
    for assignment in assignments:
        assignment.session.place_label = assignment.session.place(hub.venue_address)  # type: ignore[attr-defined]
    # A cancelled date matters until the person has a new one for that event, and only while it is ahead.
    active_events = {a.event_id for a in active}
    return render(
        request,
        "events/mine.html",
        {
            "hub": hub,
            "upcoming": [a for a in active if a.session.ends_at >= now],
            "past": [a for a in active if a.session.ends_at < now][::-1],
            "cancelled": [
                a
                for a in assignments
                if a.status == Assignment.Status.SESSION_CANCELLED
                and a.event_id not in active_events
                and a.session.ends_at >= now
            ],
            "is_participant": Participant.objects.filter(user=user).exists(),
        },
    )


@login_required
def session_ics(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """One of the person's own sessions as an .ics file, to add to any calendar app."""
    session = get_own_session(request.user, pk)
    hub = current_hub_settings(request)
    cal = build_calendar(
        [FeedItem(session=session, private=True)],
        name=session.event.title,
        hub_name=hub.name,
        hub_venue=hub.venue_address,
    )
    return ics_response(cal, filename=f"{session.event.kind}-{session.date.isoformat()}.ics", download=True)
