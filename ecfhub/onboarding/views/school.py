"""Induction tutors' pages for their own schools (hub admins may open any school)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ecfhub.lib import ratelimits
from ecfhub.lib.access import role_required
from ecfhub.lib.errors import DomainError
from ecfhub.lib.http import AuthenticatedRequest
from ecfhub.onboarding.access import get_school_for_user
from ecfhub.onboarding.forms import DetailsForm, PairingForm, RegistrationForm, RouteForm, StatusForm
from ecfhub.onboarding.invitations import resend_invitation
from ecfhub.onboarding.services import (
    DetailsRejected,
    RegistrationRejected,
    change_mentor,
    change_status,
    correct_details,
    details_version,
    register_participants,
    today,
)
from ecfhub.people.access import get_participant_for, participants_changeable_by
from ecfhub.people.models import WORKING_DAYS, Mentorship, Participant, ParticipantType, Role, User
from ecfhub.people.services import change_route
from ecfhub.privacy.queries import current_people
from ecfhub.programme.queries import needing_dates
from ecfhub.scheduling.eligibility import without_dates
from ecfhub.scheduling.queries import changeable_dates, open_requests
from ecfhub.scheduling.summaries import (
    dates_on_days_off,
    dates_summary,
    events_planned,
    place_history,
    with_dates_given,
)

STATUS_ACTIONS = {"withdraw": Participant.Status.WITHDRAWN, "defer": Participant.Status.DEFERRED}


@role_required(Role.INDUCTION_TUTOR, Role.HUB_ADMIN)
def schools(request: AuthenticatedRequest) -> HttpResponse:
    """The schools this person is induction tutor for."""
    rows = request.user.tutored_schools.annotate(
        ects=Count(
            "participants", filter=Q(participants__participant_type=ParticipantType.ECT, participants__status="active")
        ),
        mentors=Count(
            "participants",
            filter=Q(participants__participant_type=ParticipantType.MENTOR, participants__status="active"),
        ),
    )
    return render(request, "onboarding/schools.html", {"schools": rows})


@login_required
def school(request: AuthenticatedRequest, school_id: int) -> HttpResponse:
    school = get_school_for_user(request.user, school_id)
    participants = list(
        # Only their own programme's events are counted, as "of N planned" counts them.
        # Anonymised people are not current people: their rows stay for the figures, not for this list.
        with_dates_given(current_people(participants_changeable_by(request.user).filter(school=school)))
        .select_related("user", "cohort")
        .order_by("participant_type", "user__full_name")
    )
    planned = events_planned([p.cohort_id for p in participants])
    for p in participants:
        p.planned = planned.get((p.cohort_id, p.participant_type), 0)  # type: ignore[attr-defined]
    current = {
        m.ect_id: m
        for m in Mentorship.objects.filter(ect__school=school, ended_on__isnull=True).select_related("mentor__user")
    }
    mentees: dict[int, int] = {}
    for pairing in current.values():
        mentees[pairing.mentor_id] = mentees.get(pairing.mentor_id, 0) + 1
    for p in participants:
        p.current_mentor = current[p.pk].mentor if p.pk in current else None  # type: ignore[attr-defined]
        p.mentees = mentees.get(p.pk, 0)  # type: ignore[attr-defined]
    return render(
        request,
        "onboarding/school.html",
        {
            "school": school,
            "without_dates": without_dates(needing_dates(school.participants.all())),
            "ects": [p for p in participants if p.is_ect],
            "mentors": [p for p in participants if p.is_mentor],
            "tutors": school.induction_tutors.all(),
        },
    )


@login_required
def register(request: AuthenticatedRequest, school_id: int) -> HttpResponse:
    school = get_school_for_user(request.user, school_id)
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        registration = form.registration()
        try:
            [participant] = register_participants(school=school, actor=request.user, registrations=[registration])
        except RegistrationRejected as rejected:
            for (_, field), message in rejected.problems.items():
                form.add_error(field, message)
        else:
            # The name as typed: an existing account keeps its own, which is not for this page to show.
            messages.success(
                request,
                f"{registration.full_name} is registered. We have e-mailed them a link to set up their account."
                if not participant.user.has_usable_password()
                else f"{registration.full_name} is registered.",
            )
            # DfE's order: the ECT's details, then their mentor (chosen, or registered first).
            if participant.is_ect and participant.current_mentorship() is None:
                return redirect(f"{reverse('onboarding:pair', args=[participant.pk])}?registering=1")
            return redirect("onboarding:school", school_id=school.pk)
    return render(request, "onboarding/register.html", {"school": school, "form": form})


@login_required
def participant(request: AuthenticatedRequest, participant_id: int) -> HttpResponse:
    person = get_participant_for(request.user, participant_id, change=True)
    history = (
        person.mentorships_as_ect.select_related("mentor__user")
        if person.is_ect
        else person.mentorships_as_mentor.select_related("ect__user")
    )
    return render(
        request,
        "onboarding/participant.html",
        {
            "summary": dates_summary(person, now=timezone.now()) if person.is_active else None,
            "participant": person,
            "school": person.school,
            "history": history,
            "current": person.current_mentorship(),
            "days_off": [WORKING_DAYS[day] for day in sorted(person.unavailable_weekdays or []) if day in range(5)],
            "clashes": dates_on_days_off(person, now=timezone.now()),
            "changeable": changeable_dates(person, now=timezone.now()),
            "requests": list(open_requests([person.pk])),
            "without_dates": without_dates(needing_dates(Participant.objects.filter(pk=person.pk))),
            "status_history": list(person.status_changes.order_by("recorded_at", "pk")),
            # Who moved whom, and why, is the hub's working record; tutors see the dates themselves.
            "place_history": place_history(person) if request.user.is_hub_admin else None,
        },
    )


@login_required
def details(request: AuthenticatedRequest, participant_id: int) -> HttpResponse:
    """Correct a participant's name, e-mail address, TRN or start date, or record the days they do not work."""
    person = get_participant_for(request.user, participant_id, change=True)
    form = DetailsForm(request.POST or None, participant=person, version=details_version(person))
    if request.method == "POST" and form.is_valid():
        old_email = person.user.email
        limit = _set_up_link_limit(request, person.user) if form.cleaned_data["email"] != old_email else None
        if limit is not None:
            form.add_error("email", limit.message)
            return render(
                request,
                "onboarding/details.html",
                {"participant": person, "school": person.school, "form": form},
                status=429,
            )
        try:
            saved = correct_details(
                participant=person, **form.details(), expected_version=form.expected_version, actor=request.user
            )
        except DetailsRejected as error:
            for name, message in error.problems.items():
                form.add_error(name, message)
        except DomainError as error:
            if error.code == "edit_conflict":
                form.show_conflict_with(error, person)
            else:
                form.add_error(None, error.message)
        else:
            sent = f" A new set-up link has gone to {saved.user.email}." if saved.user.email != old_email else ""
            messages.success(request, f"Details saved.{sent}")
            return redirect("onboarding:participant", participant_id=saved.pk)
    return render(request, "onboarding/details.html", {"participant": person, "school": person.school, "form": form})


@login_required
def route(request: AuthenticatedRequest, participant_id: int) -> HttpResponse:
    """Their DfE schedule and, for a mentor, mentor training: what their requirement and dates follow."""
    person = get_participant_for(request.user, participant_id, change=True)
    form = RouteForm(request.POST or None, participant=person)
    if request.method == "POST" and form.is_valid():
        try:
            change_route(participant=person, **form.route(), actor=request.user)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Schedule and mentor training saved." if person.is_mentor else "Schedule saved.")
            return redirect("onboarding:participant", participant_id=person.pk)
    return render(request, "onboarding/route.html", {"participant": person, "school": person.school, "form": form})


@login_required
def pair(request: AuthenticatedRequest, participant_id: int) -> HttpResponse:
    ect = get_participant_for(request.user, participant_id, change=True)
    if not ect.is_ect:
        raise Http404("Only ECTs have mentors")
    form = PairingForm(request.POST or None, ect=ect)
    if request.method == "POST" and form.is_valid():
        try:
            change_mentor(
                ect=ect, mentor=form.cleaned_data["mentor"], on=form.cleaned_data["starts_on"], actor=request.user
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"{form.cleaned_data['mentor'].user.full_name} now mentors {ect.user.full_name}.")
            return redirect("onboarding:participant", participant_id=ect.pk)
    return render(
        request,
        "onboarding/pair.html",
        {"participant": ect, "school": ect.school, "form": form, "registering": request.GET.get("registering") == "1"},
    )


@login_required
def report_status(request: AuthenticatedRequest, participant_id: int, action: str) -> HttpResponse:
    person = get_participant_for(request.user, participant_id, change=True)
    if action not in STATUS_ACTIONS:
        raise Http404("No such action")
    status = STATUS_ACTIONS[action]
    form = StatusForm(request.POST or None, status=status, participant=person)
    if request.method == "POST" and form.is_valid():
        try:
            change_status(
                participant=person,
                status=status,
                on=form.cleaned_data["on"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, f"Recorded: {person.user.full_name} {'has left' if action == 'withdraw' else 'has deferred'}."
            )
            return redirect("onboarding:participant", participant_id=person.pk)
    return render(
        request,
        "onboarding/status.html",
        {"participant": person, "school": person.school, "form": form, "action": action},
    )


@login_required
@require_POST
def resume(request: AuthenticatedRequest, participant_id: int) -> HttpResponse:
    person = get_participant_for(request.user, participant_id, change=True)
    try:
        change_status(participant=person, status=Participant.Status.ACTIVE, on=today(), reason="", actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"{person.user.full_name} is taking part again. They are given dates for the events still ahead, "
            "with the hub's notice, and e-mailed them.",
        )
    return redirect("onboarding:participant", participant_id=person.pk)


@login_required
@require_POST
def resend(request: AuthenticatedRequest, participant_id: int) -> HttpResponse:
    person = get_participant_for(request.user, participant_id, change=True)
    limit = _set_up_link_limit(request, person.user)
    if limit is not None:
        messages.error(request, limit.message)
        return redirect("onboarding:participant", participant_id=person.pk)
    try:
        resend_invitation(user=person.user, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"We have sent {person.user.full_name} a new link. The old one no longer works.")
    return redirect("onboarding:participant", participant_id=person.pk)


def _set_up_link_limit(request: AuthenticatedRequest, recipient: User) -> ratelimits.Limit | None:
    """Counts one set-up link sent by this person to that account (resend, or a corrected address)."""
    return ratelimits.first_exceeded(
        request, [(ratelimits.LINKS_PER_SENDER, request.user.pk), (ratelimits.LINKS_PER_RECIPIENT, recipient.pk)]
    )
