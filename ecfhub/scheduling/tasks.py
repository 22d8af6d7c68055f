"""Background work for scheduling: a dry run can take a while on a large hub, and so can thousands of notices.

The work itself, and every change of a run's status, is `services.runs`'."""

from __future__ import annotations

from django_tasks import task

from ecfhub.people.models import User
from ecfhub.scheduling.services import joining, runs


@task()
def plan_run(run_id: int) -> str:
    return runs.compute_run(run_id)


@task()
def commit_run(run_id: int, actor_id: int | None) -> str:
    return runs.commit_run(run_id, actor_id=actor_id).status


@task()
def place_joiners(participant_ids: list[int], actor_id: int | None) -> int:
    """Dates for people registered part way through the year, when there were too many to place at once."""
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    return joining.place_joiners(participant_ids=participant_ids, actor=actor)
