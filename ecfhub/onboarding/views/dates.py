"""A school's staff training dates: who is out and when, so the school can plan cover."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from ecfhub.hub.settings import current_hub_settings
from ecfhub.lib.http import AuthenticatedRequest
from ecfhub.onboarding.access import get_school_for_user
from ecfhub.scheduling.summaries import school_training_days


@login_required
def school_dates(request: AuthenticatedRequest, school_id: int) -> HttpResponse:
    school = get_school_for_user(request.user, school_id)
    hub = current_hub_settings(request)
    days = school_training_days(school.pk, now=timezone.now())
    for day in days:
        for assignment in day.assignments:
            assignment.session.place_label = assignment.session.place(hub.venue_address)  # type: ignore[attr-defined]
    return render(
        request,
        "onboarding/school_dates.html",
        {"school": school, "days": days, "limit": hub.max_staff_out_per_school_per_day},
    )
