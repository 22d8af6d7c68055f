"""Who may see what in scheduling: runs belong to the hub, so only hub admins reach them; a date and
a request to change it belong to the person and their school's induction tutors."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.utils import timezone

from ecfhub.people.access import participants_changeable_by
from ecfhub.people.models import Participant, User
from ecfhub.scheduling.models import Assignment, ChangeRequest, ScheduleRun


def get_run_for_user(request: HttpRequest, pk: int) -> ScheduleRun:
    """A scheduling run, for a hub admin (views are already behind hub_admin_required)."""
    user = request.user
    if not getattr(user, "is_hub_admin", False):
        raise Http404
    try:
        return ScheduleRun.objects.select_related("cohort", "created_by", "committed_by").get(pk=pk)
    except ScheduleRun.DoesNotExist as error:
        raise Http404 from error


def get_participant_to_place(user: object, participant_id: int) -> Participant:
    """An active participant `user` may change (people.access decides who), to give a date by hand; 404 otherwise."""
    participant = (
        participants_changeable_by(user)
        .filter(pk=participant_id, status=Participant.Status.ACTIVE)
        .select_related("user", "school", "cohort")
        .first()
    )
    if participant is None:
        raise Http404("No such participant")
    return participant


def can_act_for(user: User, participant: Participant) -> bool:
    """The person themselves, an induction tutor of their school (who may ask on their behalf), or a hub admin."""
    return participant.user_id == user.pk or participants_changeable_by(user).filter(pk=participant.pk).exists()


def get_date_to_change(user: User, assignment_id: int) -> Assignment:
    """A date (a place held now, or one ended by the session's cancellation) of the signed-in person
    or of one of the schools they are induction tutor for (any, for a hub admin); 404 for any other."""
    assignment = (
        Assignment.objects.select_related("participant__user", "participant__school", "session__event", "event")
        .filter(pk=assignment_id, status__in=[Assignment.Status.ASSIGNED, Assignment.Status.SESSION_CANCELLED])
        .first()
    )
    if assignment is None or not can_act_for(user, assignment.participant):
        raise Http404("No such date")
    return assignment


def get_request_for_user(user: User, request_id: int) -> ChangeRequest:
    """A date-change request of the signed-in person or of their school's people (any, for a hub admin); 404 for any other."""
    request = (
        ChangeRequest.objects.select_related("participant__user", "event", "to_session", "from_session")
        .filter(pk=request_id)
        .first()
    )
    if request is None or not can_act_for(user, request.participant):
        raise Http404("No such request")
    return request


def get_request_for_hub(user: User, request_id: int) -> ChangeRequest:
    """Any date-change request, for a hub admin (the views are already behind hub_admin_required)."""
    if not user.is_hub_admin:
        raise Http404("No such request")
    request = (
        ChangeRequest.objects.select_related(
            "participant__user", "participant__school", "event", "to_session__event", "from_session", "asked_by"
        )
        .filter(pk=request_id)
        .first()
    )
    if request is None:
        raise Http404("No such request")
    return request


def get_missed_place(user: User, assignment_id: int) -> Assignment:
    """A place on a session that has started, held now or replaced by a catch-up date, of the signed-in
    person or of one of the schools they are induction tutor for (any, for a hub admin); 404 for any
    other. Whether it was missed is the places service's to judge (`places.check_missed`)."""
    assignment = (
        Assignment.objects.select_related("participant__user", "participant__school", "session__event", "event")
        .filter(
            pk=assignment_id,
            status__in=[Assignment.Status.ASSIGNED, Assignment.Status.MISSED],
            session__starts_at__lte=timezone.now(),
        )
        .first()
    )
    if assignment is None or not can_act_for(user, assignment.participant):
        raise Http404("No such date")
    return assignment
