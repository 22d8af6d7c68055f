"""Who may see what in scheduling: runs belong to the hub, so only hub admins reach them."""

from __future__ import annotations

from django.http import Http404, HttpRequest

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
