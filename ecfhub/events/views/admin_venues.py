"""Hub admins' pages for the hub's venues: the list, adding one, changing one."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from ecfhub.events.forms import VenueForm
from ecfhub.events.models import Session, Venue
from ecfhub.events.services import save_venue
from ecfhub.lib.access import hub_admin_required
from ecfhub.lib.errors import DomainError
from ecfhub.lib.http import AuthenticatedRequest


@hub_admin_required
def venues(request: AuthenticatedRequest) -> HttpResponse:
    rows = Venue.objects.annotate(
        upcoming=Count("sessions", filter=Q(sessions__status=Session.Status.SCHEDULED)),
    ).order_by("name")
    return render(request, "events/venues.html", {"venues": rows})


@hub_admin_required
def venue_form(request: AuthenticatedRequest, pk: int | None = None) -> HttpResponse:
    venue = get_object_or_404(Venue, pk=pk) if pk is not None else None
    initial = (
        {
            "name": venue.name,
            "address": venue.address,
            "postcode": venue.postcode,
            "easting": "" if venue.easting is None else str(venue.easting),
            "northing": "" if venue.northing is None else str(venue.northing),
            "accessibility": venue.accessibility,
        }
        if venue
        else None
    )
    form = VenueForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_venue(venue=venue, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error("name" if error.code in ("duplicate_venue", "venue_name") else None, error.message)
        else:
            where = "" if saved.grid_ref else " It has no location yet, so nearness cannot use it."
            messages.success(request, f"{saved.name} is saved.{where}")
            return redirect("events:venues")
    return render(request, "events/venue_form.html", {"form": form, "venue": venue}, status=422 if form.errors else 200)
