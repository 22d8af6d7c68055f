"""Recording, once a day, how many people are on track, at risk and behind: the at-risk trend's only
honest source (statuses are worked out afresh from today's records and never stored).

Run by the periodic job (attendance/apps.py) every hour: the first run of a day records the day, later
runs find it recorded and do nothing. `seed_demo` records today's and never invents earlier days."""

from __future__ import annotations

import datetime
from collections import Counter

from django.db import transaction
from django.utils import timezone

from ecfhub.attendance.models import ProgressSnapshot
from ecfhub.attendance.progress import Status
from ecfhub.attendance.queries import progress_for
from ecfhub.people.models import Participant


@transaction.atomic
def record_progress_snapshot(*, now: datetime.datetime | None = None) -> list[ProgressSnapshot]:
    """Record today's counts of active participants on track, at risk and behind, one row per cohort
    and participant type, and return the rows recorded now.

    Guarantees:
    - the statuses are `queries.progress_for`'s, the same the hub's attendance page shows (no second
      copy of the rules), for everyone at once in a fixed number of queries;
    - at most one row per day, cohort and type (a unique constraint): a second run the same day, or
      two runs at once, records nothing more and returns [];
    - rows are never changed afterwards (`ProgressSnapshot` refuses updates and deletes)."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    if ProgressSnapshot.objects.filter(day=today).exists():
        return []
    counts: Counter[tuple[int, str, Status]] = Counter()
    groups: set[tuple[int, str]] = set()
    for progress in progress_for(Participant.objects.filter(status=Participant.Status.ACTIVE), now=now).values():
        group = (progress.participant.cohort_id, progress.participant.participant_type)
        groups.add(group)
        counts[(*group, progress.status)] += 1
    rows = [
        ProgressSnapshot(
            day=today,
            cohort_id=cohort_id,
            participant_type=kind,
            on_track=counts[(cohort_id, kind, Status.ON_TRACK)],
            at_risk=counts[(cohort_id, kind, Status.AT_RISK)],
            behind=counts[(cohort_id, kind, Status.BEHIND)],
            recorded_at=now,
        )
        for cohort_id, kind in sorted(groups)
    ]
    # Another run may have recorded the day since the check above: its rows stand, these are dropped.
    ProgressSnapshot.objects.bulk_create(rows, ignore_conflicts=True)
    return rows
