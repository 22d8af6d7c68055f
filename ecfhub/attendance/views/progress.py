"""Attendance and progress pages: a tutor's school, the hub's overview."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from ecfhub.attendance.access import (
    studies_to_sign_off_for,
)
from ecfhub.attendance.progress import Status
from ecfhub.attendance.queries import (
    attendance_by_event,
    progress_for,
    school_terms,
)
from ecfhub.hub.settings import current_hub_settings
from ecfhub.lib.access import hub_admin_required
from ecfhub.lib.http import AuthenticatedRequest
from ecfhub.onboarding.access import get_school_for_user
from ecfhub.people.access import participants_visible_to
from ecfhub.people.models import Participant
from ecfhub.privacy.queries import current_people
from ecfhub.programme.models import Cohort
from ecfhub.scheduling.summaries import school_training_days


@login_required
def school_progress(request: AuthenticatedRequest, school_id: int) -> HttpResponse:
    """A school's people: progress against the requirement, absences, status and coming dates."""
    school = get_school_for_user(request.user, school_id)  # first: anyone else gets 404, whatever the method
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    now = timezone.now()
    # Anonymised people are no longer listed by name-placeholder; their marks still count in the files and figures.
    people = current_people(
        participants_visible_to(request.user).filter(school=school).exclude(status=Participant.Status.WITHDRAWN)
    )
    progress = list(progress_for(people, now=now).values())
    return render(
        request,
        "attendance/school_progress.html",
        {
            "school": school,
            "progress": progress,
            "missed": [(p, m) for p in progress for m in p.missed],
            "days": school_training_days(school.pk, now=now)[:10],
        },
    )


@hub_admin_required
@require_GET
def hub_attendance(request: AuthenticatedRequest) -> HttpResponse:
    """Attendance per event and per session, how full each session was, and who is at risk or behind."""
    now = timezone.now()
    people = Participant.objects.filter(status=Participant.Status.ACTIVE)
    progress = list(progress_for(people, now=now).values())
    concerns = sorted(
        (p for p in progress if p.status is not Status.ON_TRACK),
        key=lambda p: (p.status is not Status.BEHIND, p.participant.school.name, p.participant.user.full_name),
    )
    today = timezone.localtime(now).date()
    return render(
        request,
        "attendance/hub_attendance.html",
        {
            "events": attendance_by_event(now=now),
            "concerns": concerns,
            "missed": sorted(
                ((p, m) for p in progress for m in p.missed),
                key=lambda pm: (pm[1].on, pm[0].participant.user.full_name),
            ),
            "to_sign_off": studies_to_sign_off_for(request.user).filter(signed_off_at__isnull=True).count(),
            "self_study": current_hub_settings(request).catch_up_self_study,
            "terms": [t for t in school_terms() if t.starts_on <= today][::-1],
            "cohorts": list(Cohort.objects.order_by("-start_year").values_list("start_year", flat=True)),
        },
    )
