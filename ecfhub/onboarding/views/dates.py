"""A school's staff training dates: who is out and when, so the school can plan cover."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from ecfhub.hub.settings import current_hub_settings
from ecfhub.lib import when
from ecfhub.lib.http import AuthenticatedRequest
from ecfhub.onboarding.access import get_school_for_user
from ecfhub.scheduling.summaries import SchoolDay, school_training_days


@login_required
def school_dates(request: AuthenticatedRequest, school_id: int) -> HttpResponse:
    school = get_school_for_user(request.user, school_id)
    hub = current_hub_settings(request)
    days = school_training_days(school.pk, now=timezone.now())
    return render(
        request,
        "onboarding/school_dates.html",
        {
            "school": school,
            "days": [(day, _rows(day, hub.venue_address)) for day in days],
            "limit": hub.max_staff_out_per_school_per_day,
        },
    )


@dataclass(frozen=True)
class _Row:
    name: str
    url: str
    kind_of_participant: str
    time: str
    title: str
    kind_of_event: str
    place: str


def _rows(day: SchoolDay, venue: str) -> list[_Row]:
    # The page lists every person and date of the year (hundreds of rows for a big school): each
    # session's words are worked out once, and the template prints plain strings (bench/README.md).
    by_session: dict[int, tuple[str, str, str, str]] = {}
    rows = []
    for a in day.assignments:
        session = a.session
        if session.pk not in by_session:
            by_session[session.pk] = (
                f"{when.clock(session.starts_at)} to {when.clock(session.ends_at)}",
                session.event.title,
                session.event.get_kind_display(),
                session.place(venue),
            )
        time, title, kind, place = by_session[session.pk]
        person = a.participant
        rows.append(
            _Row(
                name=person.user.full_name,
                url=reverse("onboarding:participant", args=[person.pk]),
                kind_of_participant=person.get_participant_type_display(),
                time=time,
                title=title,
                kind_of_event=kind,
                place=place,
            )
        )
    return rows
