"""A participant's own sessions ("My events"), and one session as an .ics file for the people on it and its facilitators."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from ecfhub.calendar.ical import FeedItem, build_calendar, ics_response
from ecfhub.events.access import get_own_session
from ecfhub.hub.settings import current_hub_settings
from ecfhub.lib.http import AuthenticatedRequest
from ecfhub.people.models import Participant
from ecfhub.scheduling.queries import (
    catch_ups_to_choose,
    date_choices,
    open_requests,
    settled_requests,
    waiting_positions,
)
from ecfhub.scheduling.summaries import my_places


@login_required
def mine(request: AuthenticatedRequest) -> HttpResponse:
    """The signed-in person's own sessions, upcoming and past, with how to join."""
    user = request.user
    hub = current_hub_settings(request)
    now = timezone.now()
    places = my_places(user.pk, now=now)
    for assignment in [*places.upcoming, *places.past, *places.cancelled]:
        assignment.session.place_label = assignment.session.place(  # type: ignore[attr-defined]
            hub.venue_address, from_school=assignment.participant.school
        )
        # History is fixed: a date that has started can no longer be changed.
        assignment.can_change = assignment.session.starts_at > now  # type: ignore[attr-defined]
    participant_ids = list(Participant.objects.filter(user=user).values_list("pk", flat=True))
    requests = list(open_requests(participant_ids))
    positions = waiting_positions(requests)
    for change in requests:
        change.position = positions.get(change.pk)  # type: ignore[attr-defined]
    return render(
        request,
        "events/mine.html",
        {
            "hub": hub,
            "upcoming": places.upcoming,
            "past": places.past,
            "cancelled": places.cancelled,
            "requests": requests,
            "settled": list(settled_requests(participant_ids, now=now)),
            "now": now,
            "to_catch_up": _with_catch_up_dates(catch_ups_to_choose(participant_ids, now=now), hub.venue_address),
            "is_participant": Participant.objects.filter(user=user).exists(),
        },
    )


def _with_catch_up_dates(missed: list[Any], venue: str) -> list[Any]:
    """Each missed place with the first three dates that would count as its catch-up (`date_choices`,
    the rules for a catch-up), so My events offers them as one-click buttons."""
    for place in missed:
        choices = [
            c
            for c in date_choices(place.participant, place.session.event, current=place.session, catching_up=True)
            if not c.refusal
        ]
        for choice in choices:
            choice.session.place_label = choice.session.place(venue)  # type: ignore[attr-defined]
        place.catch_up_dates = choices[:3]  # type: ignore[attr-defined]
        place.more_dates = len(choices) > 3  # type: ignore[attr-defined]
    return missed


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
