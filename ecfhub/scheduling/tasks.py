"""Background work for scheduling: a dry run can take a while on a large hub, and so can thousands of notices.

The work itself, and every change of a run's status, is `services.runs`'."""

from __future__ import annotations

from django_tasks import task

from ecfhub.scheduling.services import runs


@task()
def plan_run(run_id: int) -> str:
    return runs.compute_run(run_id)


@task()
def commit_run(run_id: int, actor_id: int | None) -> str:
    return runs.commit_run(run_id, actor_id=actor_id).status
