"""Catch-up self-study for a missed clinic: choosing it, and its sign-off."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from ecfhub.attendance.access import (
    get_study_to_sign_off,
    studies_to_sign_off_for,
)
from ecfhub.attendance.queries import (
    self_study_to_sign_off,
)
from ecfhub.attendance.services import (
    choose_self_study,
    sign_off_self_study,
)
from ecfhub.lib.access import role_required
from ecfhub.lib.errors import DomainError
from ecfhub.lib.http import AuthenticatedRequest
from ecfhub.people.models import Role
from ecfhub.scheduling.access import get_missed_place


@login_required
@require_POST
def choose_self_study_view(request: AuthenticatedRequest, assignment_id: int) -> HttpResponse:
    """Choose catch-up self-study for a missed clinic, instead of another date (where the hub allows it)."""
    place = get_missed_place(request.user, assignment_id)
    try:
        choose_self_study(place=place, actor=request.user)
    except DomainError as error:
        messages.info(request, error.message)
        return redirect("dates:catch_up", place.pk)
    messages.success(
        request,
        f"Self-study chosen for {place.event.title}. A facilitator of the clinic will sign it off; "
        "then it counts as attended.",
    )
    if place.participant.user_id == request.user.pk:
        return redirect("events:mine")
    return redirect("onboarding:participant", place.participant.pk)


@role_required(Role.FACILITATOR, Role.HUB_ADMIN)
@require_GET
def self_study_list(request: AuthenticatedRequest) -> HttpResponse:
    """Catch-up self-study waiting for sign-off: for a facilitator, their clinics'; for a hub admin, all."""
    studies = self_study_to_sign_off(studies_to_sign_off_for(request.user))
    return render(request, "attendance/self_study_list.html", {"studies": studies})


@login_required
@require_POST
def sign_off(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Sign off one person's catch-up self-study: the clinic then counts as attended."""
    study = get_study_to_sign_off(request.user, pk)
    try:
        sign_off_self_study(study=study, actor=request.user)
    except DomainError as error:
        messages.info(request, error.message)
    else:
        messages.success(
            request, f"Signed off {study.participant.user.full_name}'s self-study for {study.event.title}."
        )
    return redirect("attendance:self_study_list")
