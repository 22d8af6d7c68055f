"""Commit: write a dry run's assignments, all or nothing, or refuse if what it relied on has changed."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from ecfhub.audit.services import record
from ecfhub.events.models import Session, TrainingEvent
from ecfhub.lib.errors import DomainError
from ecfhub.programme.models import Cohort
from ecfhub.scheduling.models import ScheduleRun
from ecfhub.scheduling.services import places
from ecfhub.scheduling.services.loading import load_hub
from ecfhub.scheduling.services.notices import send_notices
from ecfhub.scheduling.services.preview import SchedulePlan


@dataclass(frozen=True)
class CommitResult:
    created: int
    people: int
    notices: int


def _plan_scope(plan: SchedulePlan) -> dict[str, Any]:
    cohort = Cohort.objects.get(start_year=plan.cohort_year) if plan.cohort_year else None
    events = list(TrainingEvent.objects.filter(pk__in=plan.event_ids)) if plan.event_ids else None
    return {
        "cohort": cohort,
        "events": events,
        "until": datetime.date.fromisoformat(plan.until) if plan.until else None,
        "as_of": datetime.date.fromisoformat(plan.as_of),
    }


@transaction.atomic
def commit_schedule(
    *,
    plan: SchedulePlan,
    actor: Any,
    run: ScheduleRun | None = None,
    notify: bool = True,
    notified_at: datetime.datetime | None = None,
) -> CommitResult:
    """Write a dry run's assignments, all or nothing.

    Guarantees: the sessions in scope are locked (select_for_update) while the
    hub is read again; if anything the preview relied on has changed (a new or
    ended assignment, a cancelled session, a change of capacity, a new
    participant) nothing is written and DomainError `plan_stale` asks for a new
    dry run; no session ever ends over capacity (checked again under the lock,
    DomainError `overbooked`) and every new place is judged again by the place rules
    (`plan_breaks_rules`), both in `places.place_many`, which writes the places and their
    history; with `notify`, each person gets one e-mail listing
    all their new dates and `notified_at` is set in this same transaction
    (without it, `notified_at` is the given time: used for the demo's past);
    one audit entry, about `run` when there is one. The run's own status is
    changed by `runs.commit_run`, which calls this."""
    scope = _plan_scope(plan)
    session_ids = sorted({row["id"] for row in plan.sessions})
    # Lock in a fixed order so two commits wait for each other instead of deadlocking.
    list(Session.objects.select_for_update().filter(pk__in=session_ids).order_by("pk").values_list("pk", flat=True))
    hub = load_hub(**scope)
    if hub.digest != plan.digest:
        raise DomainError(
            "plan_stale",
            "Dates, sessions or participants have changed since this preview was made. Run the dry run again.",
        )
    now = timezone.now()
    stamp = now if notify else notified_at
    # The places service checks capacity under the same locks and judges every new place with the
    # place rules as of the day people are told; it writes the places and their history.
    created = places.place_many(
        placements=[places.NewPlace(pid, event_id, session_id) for pid, event_id, session_id in plan.placements],
        actor=actor,
        notified_at=stamp,
        reason=f"Scheduler run, people told {plan.as_of}",
        as_of=datetime.date.fromisoformat(plan.as_of),
    )
    people = {a.participant_id for a in created}
    notices = 0
    if notify and created:
        notices = send_notices(participant_ids=sorted(people), since=now)
    record(
        actor=actor,
        action="schedule.committed",
        summary=f"Gave {len(people)} people {len(created)} new dates (notified {plan.as_of})",
        target=run,
        details={
            "as_of": plan.as_of,
            "until": plan.until,
            "cohort": plan.cohort_year,
            "events": plan.event_ids,
            "created": len(created),
            "people": len(people),
            "unplaced": len(plan.unplaced),
            "notices": notices,
        },
    )
    return CommitResult(created=len(created), people=len(people), notices=notices)
