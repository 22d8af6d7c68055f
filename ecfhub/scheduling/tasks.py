"""Background work for scheduling: a dry run can take a while on a large hub."""

from __future__ import annotations

import logging

from django.utils import timezone
from django_tasks import task

from ecfhub.events.models import TrainingEvent
from ecfhub.scheduling.models import ScheduleRun

logger = logging.getLogger(__name__)


def run_plan(run_id: int) -> str:
    """Compute the preview for a ScheduleRun and store it on the row, with progress as it goes."""
    from ecfhub.scheduling.services import plan_schedule

    run = ScheduleRun.objects.select_related("cohort").get(pk=run_id)
    if run.status != ScheduleRun.Status.QUEUED:
        return f"run {run_id} is {run.status}"

    def progress(percent: int, stage: str) -> None:
        ScheduleRun.objects.filter(pk=run_id).update(status=ScheduleRun.Status.RUNNING, progress=percent, stage=stage)

    try:
        events = list(TrainingEvent.objects.filter(pk__in=run.event_ids)) if run.event_ids else None
        plan = plan_schedule(cohort=run.cohort, events=events, until=run.until, as_of=run.as_of, progress=progress)
    except Exception as error:
        logger.exception("Scheduling run %s failed", run_id)
        ScheduleRun.objects.filter(pk=run_id).update(
            status=ScheduleRun.Status.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        return "failed"
    ScheduleRun.objects.filter(pk=run_id).update(
        status=ScheduleRun.Status.READY,
        progress=100,
        stage="Preview ready",
        result=plan.to_json(),
        finished_at=timezone.now(),
    )
    return "ready"


@task()
def plan_run(run_id: int) -> str:
    return run_plan(run_id)


def run_commit(run_id: int, actor_id: int | None) -> str:
    """Confirm a run's preview: write the dates and queue the notices (thousands of e-mails take a while)."""
    from ecfhub.lib.errors import DomainError
    from ecfhub.people.models import User
    from ecfhub.scheduling.services import SchedulePlan, commit_schedule

    run = ScheduleRun.objects.get(pk=run_id)
    if run.status != ScheduleRun.Status.COMMITTING or not run.result:
        return f"run {run_id} is {run.status}"
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    try:
        result = commit_schedule(plan=SchedulePlan.from_json(run.result), actor=actor, run=run)
    except DomainError as error:
        ScheduleRun.objects.filter(pk=run_id).update(
            status=ScheduleRun.Status.STALE, error=error.message, stage="", finished_at=timezone.now()
        )
        return error.code
    ScheduleRun.objects.filter(pk=run_id).update(
        stage=f"{result.created} dates given to {result.people} people. {result.notices} notice e-mails are on their way",
        error="",
    )
    return "committed"


@task()
def commit_run(run_id: int, actor_id: int | None) -> str:
    return run_commit(run_id, actor_id)
