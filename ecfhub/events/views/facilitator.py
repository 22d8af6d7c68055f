"""Facilitators' pages: the sessions they run, and who is booked on one (hub admins see any session)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from ecfhub.events.access import get_session_for_staff
from ecfhub.events.models import Session
from ecfhub.hub.settings import current_hub_settings
from ecfhub.lib.access import role_required
from ecfhub.lib.http import AuthenticatedRequest
from ecfhub.people.access import participants_visible_to
from ecfhub.people.models import Role
from ecfhub.scheduling.summaries import people_booked


@role_required(Role.FACILITATOR)
@require_GET
def facilitating(request: AuthenticatedRequest) -> HttpResponse:
    """The sessions this person facilitates, upcoming first, with how many are booked."""
    hub = current_hub_settings(request)
    now = timezone.now()
    sessions = list(
        Session.objects.filter(facilitators=request.user)
        .select_related("event__cohort")
        .with_booked()
        .order_by("starts_at")
    )
    for session in sessions:
        session.place_label = session.place(hub.venue_address)  # type: ignore[attr-defined]
    return render(
        request,
        "events/facilitating.html",
        {
            "upcoming": [s for s in sessions if s.ends_at >= now],
            "past": [s for s in sessions if s.ends_at < now][::-1],
        },
    )


@login_required
def session_people(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Who is booked on one session: name, ECT or mentor, and school (e-mail addresses for hub admins)."""
    session = get_session_for_staff(request.user, pk)  # first: anyone else gets 404, whatever the method
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    hub = current_hub_settings(request)
    session.place_label = session.place(hub.venue_address)  # type: ignore[attr-defined]
    return render(
        request,
        "events/session_people.html",
        {
            "session": session,
            "people": people_booked(session.pk, among=participants_visible_to(request.user)),
            "facilitators": session.facilitators.all(),
            "show_emails": request.user.is_hub_admin,
        },
    )
