"""The public events calendar, its iCalendar feed, and each person's private feed."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import caches
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
    closure_days_of,
    default_year,
    digest,
    fingerprint,
    group_by_half_term,
    half_terms_of,
    month_grids,
    private_items,
    public_sessions,
    sessions_shown,
    venue_choices,
)
from ecfhub.calendar.services import create_feed_token, live_token_for, revoke_feed_token
from ecfhub.hub.settings import current_hub_settings
from ecfhub.lib.http import AuthenticatedRequest
from ecfhub.lib.page_cache import public_page, row_values

if TYPE_CHECKING:
    from ecfhub.hub.models import HubSettings
    from ecfhub.terms.models import HalfTerm

_SECRET_SESSION_KEY = "calendar_feed_token"


def _read_filters(request: HttpRequest) -> tuple[CalendarFilters, str, Callable[[], CalendarFilterForm]]:
    """The filters asked for (a mistyped address falls back, never errs), the view, and how to build
    the form showing them (only when the page is rendered, not when it is served from the cache)."""
    years = academic_years()
    fallback = default_year([y.start_year for y in years], timezone.localdate())
    asked = CalendarFilterForm(request.GET, years=years, default_year=fallback)
    filters = asked.filters()
    view_name = asked.view_name

    def shown_form() -> CalendarFilterForm:
        # Show the form with what is actually displayed, never with an error for a mistyped address.
        return CalendarFilterForm(
            years=years,
            default_year=fallback,
            initial={
                "year": filters.year,
                "kind": filters.kind,
                "audience": filters.audience,
                "half_term": filters.half_term or "",
                "venue": filters.venue or "",
                "view": view_name,
            },
        )

    return filters, view_name, shown_form


def _query(filters: CalendarFilters, **extra: str) -> str:
    params = {"year": str(filters.year), "kind": filters.kind, "audience": filters.audience}
    if filters.half_term:
        params["half_term"] = str(filters.half_term)
    if filters.venue:
        params["venue"] = str(filters.venue)
    params.update(extra)
    return urlencode({k: v for k, v in params.items() if v})


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Every repeat session of the academic year, filtered; seats left but never who is booked."""
    filters, view_name, shown_form = _read_filters(request)
    hub = current_hub_settings(request)
    terms = half_terms_of(filters.year)
    now = timezone.now()
    # Kept whole for visitors not signed in (`lib.page_cache`), under every value the page shows: the
    # sessions with their seats taken and whether each has started, the half terms, the hub, the day.
    # The closure days too: the month view shades them; and the venues the filter offers.
    closures = closure_days_of(filters.year)
    shown = (
        sessions_shown(filters, terms, now),
        [row_values(t) for t in terms],
        closures,
        row_values(hub),
        now.date(),
        venue_choices(),
    )
    return public_page(
        request, shown, lambda: _index(request, shown_form(), filters, view_name, hub, terms, closures, now)
    )


def _index(
    request: HttpRequest,
    form: CalendarFilterForm,
    filters: CalendarFilters,
    view_name: str,
    hub: HubSettings,
    terms: list[HalfTerm],
    closures: list[tuple[datetime.date, str]],
    now: datetime.datetime,
) -> HttpResponse:
    every = list(public_sessions(filters, terms))
    # From today onwards unless earlier dates are asked for (`earlier=1`): a visitor wants what is
    # still to come; the dates already held stay one link away, marked as held.
    earlier = [s for s in every if s.starts_at < now]
    show_earlier = request.GET.get("earlier") == "1"
    sessions = every if show_earlier or len(earlier) == len(every) else [s for s in every if s.starts_at >= now]
    for session in sessions:
        session.place_label = session.place(hub.venue_address)  # type: ignore[attr-defined]
        session.held = session.starts_at < now  # type: ignore[attr-defined]
    query = _query(filters)
    feed_path = f"{reverse('calendar:feed')}?{query}"
    today = timezone.localdate()
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
            "months": month_grids(sessions, terms=terms, closures=closures) if view_name == "month" else [],
            "list_url": f"?{_query(filters, view='list', **({'earlier': '1'} if show_earlier else {}))}",
            "month_url": f"?{_query(filters, view='month', **({'earlier': '1'} if show_earlier else {}))}",
            # Offered only while some dates of this view are held and some still to come.
            "earlier_count": len(earlier) if 0 < len(earlier) < len(every) else 0,
            "show_earlier": show_earlier,
            "earlier_url": f"?{_query(filters, view=view_name, earlier='1')}",
            "upcoming_url": f"?{_query(filters, view=view_name)}",
            "feed_url": settings.SITE_URL + feed_path,
            "webcal_url": (settings.SITE_URL + feed_path)
            .replace("https://", "webcal://")
            .replace("http://", "webcal://"),
            "today": today,
            # The dates' HTML is cached under this (templates/calendar/index.html): a digest of all it shows.
            "dates_key": fingerprint(
                sessions,
                terms,
                closures,
                view_name,
                hub.venue_address,
                today,
                [s.held for s in sessions],  # type: ignore[attr-defined]
            ),
            # The filter form's HTML (most of the rest of the page's rendering) depends only on what it shows.
            "form_key": digest(
                sorted(form.initial.items()),
                form.fields["year"].choices,  # type: ignore[attr-defined]
                form.fields["venue"].choices if "venue" in form.fields else (),  # type: ignore[attr-defined]
            ),
        },
    )


@require_GET
def feed(request: HttpRequest) -> HttpResponse:
    """The public calendar as iCalendar, with the page's filters as query parameters."""
    filters, _, _ = _read_filters(request)
    hub = current_hub_settings(request)
    terms = half_terms_of(filters.year)
    # Calendar apps fetch this without signing in, often and all at once: kept whole under every value
    # the file is made from, as the page is (`lib.page_cache`).
    shown = (
        sessions_shown(filters, terms, timezone.now()),
        [row_values(t) for t in terms],
        row_values(hub),
        settings.SITE_URL,
    )
    return public_page(request, shown, lambda: _feed(filters, hub, terms))


def _feed(filters: CalendarFilters, hub: HubSettings, terms: list[HalfTerm]) -> HttpResponse:
    sessions = list(public_sessions(filters, terms))
    year_label = f"{filters.year}/{(filters.year + 1) % 100:02d}"
    name = f"{hub.name} training events {year_label}"
    # Built once for the same data (any change, a seat taken included, gives another key); this also
    # serves signed-in people, whose responses are not kept whole.
    key = "calendar-feed-" + fingerprint(sessions, terms, name, hub.name, hub.venue_address, settings.SITE_URL)
    body = caches["fragments"].get(key)
    if body is None:
        cal = build_calendar(
            (FeedItem(session=s) for s in sessions), name=name, hub_name=hub.name, hub_venue=hub.venue_address
        )
        body = cal.to_ical()
        caches["fragments"].set(key, body)
    return ics_response(body, filename=f"training-events-{filters.year}.ics")


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
