"""Hub admins: every school, adding a school with its tutor, adding another tutor, resending an invitation."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ecfhub.lib import ratelimits
from ecfhub.lib.access import hub_admin_required
from ecfhub.lib.errors import DomainError
from ecfhub.lib.http import AuthenticatedRequest
from ecfhub.onboarding.forms import SchoolForm, TutorForm
from ecfhub.onboarding.invitations import resend_invitation
from ecfhub.onboarding.services import add_induction_tutor, add_school
from ecfhub.people.models import ParticipantType, School, User


@hub_admin_required
def schools(request: HttpRequest) -> HttpResponse:
    rows = (
        School.objects.annotate(
            ects=Count(
                "participants",
                filter=Q(participants__participant_type=ParticipantType.ECT, participants__status="active"),
                distinct=True,
            ),
            mentors=Count(
                "participants",
                filter=Q(participants__participant_type=ParticipantType.MENTOR, participants__status="active"),
                distinct=True,
            ),
        )
        .prefetch_related("induction_tutors")
        .order_by("name")
    )
    return render(request, "onboarding/admin_schools.html", {"schools": rows})


@hub_admin_required
def add(request: AuthenticatedRequest) -> HttpResponse:
    form = SchoolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            school = add_school(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"{school.name} is added. We have e-mailed {form.cleaned_data['tutor_email']}.")
            return redirect("onboarding:school", school_id=school.pk)
    return render(request, "onboarding/admin_school_form.html", {"form": form})


@hub_admin_required
def add_tutor(request: AuthenticatedRequest, school_id: int) -> HttpResponse:
    """Another induction tutor for an existing school: a new account is invited, an existing one linked."""
    school = get_object_or_404(School, pk=school_id)
    form = TutorForm(request.POST or None, school=school)
    if request.method == "POST" and form.is_valid():
        try:
            tutor = add_induction_tutor(school=school, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error("email", error.message)
        else:
            invited = (
                ""
                if tutor.has_usable_password()
                else f" We have e-mailed {tutor.email} a link to set up their account."
            )
            messages.success(request, f"{tutor.full_name} is now an induction tutor for {school.name}.{invited}")
            return redirect("onboarding:school", school_id=school.pk)
    return render(request, "onboarding/admin_tutor_form.html", {"form": form, "school": school})


@hub_admin_required
@require_POST
def resend_tutor(request: AuthenticatedRequest, school_id: int, user_id: int) -> HttpResponse:
    school = get_object_or_404(School, pk=school_id)
    tutor = get_object_or_404(User, pk=user_id, tutored_schools=school)
    limit = ratelimits.first_exceeded(
        request, [(ratelimits.LINKS_PER_SENDER, request.user.pk), (ratelimits.LINKS_PER_RECIPIENT, tutor.pk)]
    )
    if limit is not None:
        messages.error(request, limit.message)
        return redirect("onboarding:school", school_id=school.pk)
    try:
        resend_invitation(user=tutor, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"We have sent {tutor.full_name} a new link.")
    return redirect("onboarding:school", school_id=school.pk)
