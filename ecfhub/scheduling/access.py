"""Who may see what in scheduling: runs belong to the hub, so only hub admins reach them."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from ecfhub.people.access import participants_changeable_by
from ecfhub.people.models import Participant
from ecfhub.scheduling.models import ScheduleRun


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
