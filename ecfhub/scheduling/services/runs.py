"""Schedule runs: every change of a run's status, in one place.

    queued -> running -> ready -> committing -> committed
    running -> failed (the dry run failed)
    committing -> stale (something changed since the preview: run the dry run again)
    committing -> failed (saving failed: nothing was saved)

The Scheduling pages, the background tasks and `manage.py schedule` all move a
run through these functions; none of them writes a run's status itself.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from ecfhub.events.models import TrainingEvent
from ecfhub.lib.errors import DomainError
from ecfhub.people.models import User
from ecfhub.programme.models import Cohort
from ecfhub.scheduling.models import ScheduleRun
from ecfhub.scheduling.services.commit import CommitResult, commit_schedule
from ecfhub.scheduling.services.preview import SchedulePlan, plan_schedule

logger = logging.getLogger(__name__)
Status = ScheduleRun.Status


@dataclass(frozen=True)
class CommitOutcome:
    status: str  # the run's status afterwards, or why nothing was done
    saved: CommitResult | None = None  # what was saved, when the run is committed


def _set(run_id: int, **fields: Any) -> None:
    ScheduleRun.objects.filter(pk=run_id).update(**fields)


def create_run(
    *,
    actor: User | None,
    cohort: Cohort | None,
    events: Sequence[TrainingEvent],
    until: datetime.date | None,
    as_of: datetime.date,
) -> ScheduleRun:
    """A queued dry run for this scope; `start_run` also hands it to the task worker."""
    return ScheduleRun.objects.create(
        created_by=actor,
        cohort=cohort,
        event_ids=sorted(e.pk for e in events),
        until=until,
        as_of=as_of,
    )


def start_run(
    *,
    actor: User | None,
    cohort: Cohort | None,
    events: Sequence[TrainingEvent],
    until: datetime.date | None,
    as_of: datetime.date,
) -> ScheduleRun:
    """Create a queued dry run and queue its work for the task worker."""
    # tasks.py imports this module for the work itself: importing it here at the top would be a cycle.
    from ecfhub.scheduling import tasks

    run = create_run(actor=actor, cohort=cohort, events=events, until=until, as_of=as_of)
    tasks.plan_run.enqueue(run.pk)
    return run


def compute_run(run_id: int, *, refine_work_seconds: float | None = None) -> str:
    """Work out a queued run's preview and store it on the run: queued -> running -> ready, or failed.

    Returns the new status (or says why nothing was done). Progress is written as it goes, so the page
    can show it; a failure is logged with its details and the run says so. `refine_work_seconds` bounds
    the solver's refinement in deterministic time (the demo's runs, the same on every machine)."""
    run = ScheduleRun.objects.select_related("cohort").get(pk=run_id)
    if run.status != Status.QUEUED:
        return f"run {run_id} is {run.status}"

    def progress(percent: int, stage: str) -> None:
        _set(run_id, status=Status.RUNNING, progress=percent, stage=stage)

    try:
        events = list(TrainingEvent.objects.filter(pk__in=run.event_ids)) if run.event_ids else None
        plan = plan_schedule(
            cohort=run.cohort,
            events=events,
            until=run.until,
            as_of=run.as_of,
            progress=progress,
            refine_work_seconds=refine_work_seconds,
        )
    except Exception as error:
        logger.exception("Scheduling run %s failed", run_id)
        _set(run_id, status=Status.FAILED, error=str(error)[:2000], finished_at=timezone.now())
        return Status.FAILED
    _set(
        run_id,
        status=Status.READY,
        progress=100,
        stage="Preview ready",
        result=plan.to_json(),
        finished_at=timezone.now(),
    )
    return Status.READY


def claim_for_commit(run: ScheduleRun, *, today: datetime.date) -> bool:
    """Move a ready run to committing, so that a double click cannot start two commits.

    DomainError `not_ready` when the run has no preview to confirm, `preview_out_of_date` when it was
    made on an earlier day (its notice no longer holds). False when another request claimed it first."""
    if run.status != Status.READY or not run.result:
        raise DomainError("not_ready", "This preview cannot be confirmed. Start a new dry run.")
    if run.as_of != today:
        raise DomainError(
            "preview_out_of_date",
            "This preview was made on an earlier day, so its notice is out of date. Run the dry run again.",
        )
    claimed = ScheduleRun.objects.filter(pk=run.pk, status=Status.READY).update(
        status=Status.COMMITTING, stage="Saving the dates and queuing the notices", progress=0
    )
    return bool(claimed)


def confirm_run(*, run: ScheduleRun, actor: User, today: datetime.date, wait_up_to: int) -> str:
    """Confirm a ready run: claim it, then save the dates now when there are at most `wait_up_to`,
    or hand them to the task worker. Returns "queued", "busy" (claimed by another request), or
    `commit_run`'s outcome; raises `claim_for_commit`'s DomainErrors."""
    # tasks.py imports this module for the work itself: importing it here at the top would be a cycle.
    from ecfhub.scheduling import tasks

    if not claim_for_commit(run, today=today):
        return "busy"
    if len((run.result or {}).get("placements", [])) > wait_up_to:
        tasks.commit_run.enqueue(run.pk, actor.pk)
        return "queued"
    return commit_run(run.pk, actor_id=actor.pk).status


def commit_run(
    run_id: int,
    *,
    actor_id: int | None,
    notify: bool = True,
    notified_at: datetime.datetime | None = None,
) -> CommitOutcome:
    """Save a committing run's dates: committing -> committed, stale or failed.

    Guarantees: the dates, the notices, the audit entry and the committed mark are
    written in one transaction; when the commit is refused (`plan_stale`,
    `overbooked`) the run is marked stale with the reason, and when it fails for any
    other reason it is marked failed; both marks are written after the commit's
    transaction has been rolled back, so they are never rolled back with it and the
    run never stays "committing"."""
    run = ScheduleRun.objects.get(pk=run_id)
    if run.status != Status.COMMITTING or not run.result:
        return CommitOutcome(f"run {run_id} is {run.status}")
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    try:
        with transaction.atomic():
            result = commit_schedule(
                plan=SchedulePlan.from_json(run.result), actor=actor, run=run, notify=notify, notified_at=notified_at
            )
            _set(
                run_id,
                status=Status.COMMITTED,
                committed_at=timezone.now(),
                committed_by=actor,
                stage=_committed_stage(result),
                error="",
            )
    except DomainError as error:
        _set(run_id, status=Status.STALE, error=error.message, stage="", finished_at=timezone.now())
        return CommitOutcome(Status.STALE)
    except Exception:
        logger.exception("Saving the dates of scheduling run %s failed", run_id)
        _set(
            run_id,
            status=Status.FAILED,
            error="Saving the dates failed, so none were saved and nobody was told.",
            stage="",
            finished_at=timezone.now(),
        )
        return CommitOutcome(Status.FAILED)
    return CommitOutcome(Status.COMMITTED, result)


def run_and_commit(
    *,
    cohort: Cohort | None,
    as_of: datetime.date,
    notified_at: datetime.datetime,
    refine_work_seconds: float | None = None,
) -> ScheduleRun:
    """A whole run at once, as if the hub had made it on `as_of`: dry run, then confirmed, people told
    (without e-mail) at `notified_at` — for the demo's history. Every status change goes through the
    functions above, so the run is listed on the Scheduling page like one made there. Returns the run,
    committed, or failed or stale with the reason (nothing saved)."""
    run = create_run(actor=None, cohort=cohort, events=[], until=None, as_of=as_of)
    if compute_run(run.pk, refine_work_seconds=refine_work_seconds) == Status.READY:
        run.refresh_from_db()
        if claim_for_commit(run, today=as_of):
            commit_run(run.pk, actor_id=None, notify=False, notified_at=notified_at)
    # When it happened, not when the demo was built: the run list reads as the hub's history.
    ScheduleRun.objects.filter(pk=run.pk).update(created_at=notified_at, finished_at=notified_at)
    ScheduleRun.objects.filter(pk=run.pk, committed_at__isnull=False).update(committed_at=notified_at)
    run.refresh_from_db()
    return run


def _committed_stage(result: CommitResult) -> str:
    told = f"{result.notices} notice e-mails are on their way" if result.notices else "nobody was e-mailed"
    return f"{result.created} dates given to {result.people} people; {told}"
