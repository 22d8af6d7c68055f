"""The public events calendar, its iCalendar feed, and each person's private feed."""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from ecfhub.calendar.forms import CalendarFilterForm
from ecfhub.calendar.ical import FeedItem, build_calendar, ics_response
from ecfhub.calendar.models import CalendarFeedToken
from ecfhub.calendar.queries import (
    CalendarFilters,
    academic_years,
    default_year,
    group_by_half_term,
    half_terms_of,
    month_grids,
    public_sessions,
)
from ecfhub.calendar.services import create_feed_token, live_token_for, revoke_feed_token
from ecfhub.events.models import Session
from ecfhub.hub.settings import current_hub_settings
from ecfhub.lib.http import AuthenticatedRequest
from ecfhub.scheduling.models import Assignment

_SECRET_SESSION_KEY = "calendar_feed_token"


def _read_filters(request: HttpRequest) -> tuple[CalendarFilterForm, CalendarFilters, str, list[str]]:
    years = academic_years()
    fallback = default_year([y.start_year for y in years], timezone.localdate())
    asked = CalendarFilterForm(request.GET, years=years, default_year=fallback)
    filters = asked.filters()
    view_name = asked.view_name
    # Show the form with what is actually displayed, never with an error for a mistyped address.
    form = CalendarFilterForm(
        years=years,
        default_year=fallback,
        initial={
            "year": filters.year,
            "kind": filters.kind,
            "audience": filters.audience,
            "half_term": filters.half_term or "",
            "view": view_name,
        },
    )
    return form, filters, view_name, [str(y.start_year) for y in years]


def _query(filters: CalendarFilters, **extra: str) -> str:
    params = {"year": str(filters.year), "kind": filters.kind, "audience": filters.audience}
    if filters.half_term:
        params["half_term"] = str(filters.half_term)
    params.update(extra)
    return urlencode({k: v for k, v in params.items() if v})


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Every repeat session of the academic year, filtered; seats left but never who is booked."""
    form, filters, view_name, _ = _read_filters(request)
    hub = current_hub_settings(request)
    terms = half_terms_of(filters.year)
    sessions = list(public_sessions(filters, terms))
    for session in sessions:
        session.place_label = session.place(hub.venue_address)  # type: ignore[attr-defined]
    query = _query(filters)
    feed_path = f"{reverse('calendar:feed')}?{query}"
    return render(
        request,
        "calendar/index.html",
        {
            "hub": hub,
            "form": form,
            "filters": filters,
            "view_name": view_name,
            "year_label": f"{filters.year}/{(filters.year + 1) % 100:02d}",
            "term_name": next((t.name for t in terms if t.number == filters.half_term), ""),
            "sessions": sessions,
            "groups": group_by_half_term(sessions, terms) if view_name == "list" else [],
            "months": month_grids(sessions) if view_name == "month" else [],
            "list_url": f"?{_query(filters, view='list')}",
            "month_url": f"?{_query(filters, view='month')}",
            "feed_url": settings.SITE_URL + feed_path,
            "webcal_url": (settings.SITE_URL + feed_path)
            .replace("https://", "webcal://")
            .replace("http://", "webcal://"),
            "today": timezone.localdate(),
        },
    )


@require_GET
def feed(request: HttpRequest) -> HttpResponse:
    """The public calendar as iCalendar, with the page's filters as query parameters."""
    _, filters, _, _ = _read_filters(request)
    hub = current_hub_settings(request)
    terms = half_terms_of(filters.year)
    sessions = public_sessions(filters, terms)
    year_label = f"{filters.year}/{(filters.year + 1) % 100:02d}"
    cal = build_calendar(
        (FeedItem(session=s) for s in sessions),
        name=f"{hub.name} training events {year_label}",
        hub_name=hub.name,
        hub_venue=hub.venue_address,
    )
    return ics_response(cal, filename=f"training-events-{filters.year}.ics")


#: How far back a place the person no longer holds is still sent, as cancelled, so subscribed
#: calendars drop it; older ones are left out (calendar apps keep past events as they were).
WITHDRAWN_LOOKBACK = datetime.timedelta(days=60)

_WITHDRAWN = (Assignment.Status.MOVED, Assignment.Status.RELEASED)


def private_items(user_id: int) -> list[FeedItem]:
    """A person's own sessions, in two queries whatever their history.

    - active places, as confirmed;
    - places ended because the session was cancelled, as cancelled;
    - places they no longer hold because they were moved to another date or released
      (left or deferred), as cancelled if the session starts within the last 60 days or later,
      unless they are on that same session again;
    - sessions they facilitate.

    Calendar apps only apply a change with a higher SEQUENCE than the one they hold, so each
    time the person leaves or rejoins a session the event's sequence goes one higher than the
    session's own: it is the session's sequence plus one per such change, so it stays the same
    on every request and only ever grows."""
    history: dict[int, list[Assignment]] = {}
    assignments = (
        Assignment.objects.filter(participant__user_id=user_id)
        .select_related("session__event")
        .order_by("session__starts_at", "session_id", "pk")
    )
    for assignment in assignments:
        history.setdefault(assignment.session_id, []).append(assignment)
    cutoff = timezone.now() - WITHDRAWN_LOOKBACK
    items: dict[int, FeedItem] = {}
    for session_id, places in history.items():
        session = places[0].session
        withdrawals = sum(1 for a in places if a.status in _WITHDRAWN)
        if any(a.is_active for a in places):
            items[session_id] = FeedItem(session=session, private=True, extra_sequence=2 * withdrawals)
        elif places[-1].status == Assignment.Status.SESSION_CANCELLED:
            items[session_id] = FeedItem(session=session, cancelled=True, private=True, extra_sequence=2 * withdrawals)
        elif session.starts_at >= cutoff:
            items[session_id] = FeedItem(
                session=session,
                cancelled=True,
                private=True,
                withdrawn=True,
                extra_sequence=2 * withdrawals - 1,
            )
    for session in Session.objects.filter(facilitators__id=user_id).select_related("event"):
        previous = items.get(session.pk)
        if previous is None or previous.withdrawn:
            extra = previous.extra_sequence + 1 if previous is not None else 0
            items[session.pk] = FeedItem(session=session, private=True, extra_sequence=extra)
    return sorted(items.values(), key=lambda item: (item.session.starts_at, item.session.pk))


@require_GET
@never_cache
def private_feed(request: HttpRequest, token: str) -> HttpResponse:
    """A person's own sessions, at a secret address their calendar app subscribes to. 404 once revoked."""
    feed_token = live_token_for(token)
    if feed_token is None:
        raise Http404("No such calendar")
    now = timezone.now()
    if feed_token.last_used_at is None or now - feed_token.last_used_at > datetime.timedelta(hours=1):
        CalendarFeedToken.objects.filter(pk=feed_token.pk).update(last_used_at=now)
    hub = current_hub_settings(request)
    cal = build_calendar(
        private_items(feed_token.user_id),
        name=f"My training events ({hub.name})",
        hub_name=hub.name,
        hub_venue=hub.venue_address,
    )
    response = ics_response(cal, filename="my-training-events.ics")
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@never_cache
def account(request: AuthenticatedRequest) -> HttpResponse:
    """Create, replace or revoke one's private calendar address; the secret is shown once, just after."""
    token = request.session.pop(_SECRET_SESSION_KEY, None)
    live = CalendarFeedToken.objects.filter(user=request.user, revoked_at__isnull=True).first()
    feed_url = webcal_url = ""
    if token and live is not None:
        feed_url = settings.SITE_URL + reverse("calendar:private_feed", args=[token])
        webcal_url = feed_url.replace("https://", "webcal://").replace("http://", "webcal://")
    return render(
        request,
        "calendar/account.html",
        {"live": live, "feed_url": feed_url, "webcal_url": webcal_url},
    )


@login_required
@require_POST
def account_create(request: AuthenticatedRequest) -> HttpResponse:
    replacing = CalendarFeedToken.objects.filter(user=request.user, revoked_at__isnull=True).exists()
    token = create_feed_token(user=request.user, actor=request.user)
    request.session[_SECRET_SESSION_KEY] = token
    messages.success(
        request,
        "Your new calendar address is ready. The old one has stopped working."
        if replacing
        else "Your calendar address is ready.",
    )
    return redirect("calendar:account")


@login_required
@require_POST
def account_revoke(request: AuthenticatedRequest) -> HttpResponse:
    if revoke_feed_token(user=request.user, actor=request.user):
        messages.success(
            request, "Your calendar address has stopped working. Calendars subscribed to it no longer update."
        )
    return redirect("calendar:account")
