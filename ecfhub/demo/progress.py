"""Today's progress counts (on track, at risk, behind) for the hub's trends page.

Only today's: earlier days were never recorded, and working them out now from today's records would
invent a history nobody saw (attendance/snapshots.py). The chart fills in a day at a time from here,
through the periodic job. Runs last, once registers, modules and coaching are in place."""

from __future__ import annotations

import datetime

from django.utils import timezone

from ecfhub.attendance.snapshots import record_progress_snapshot
from ecfhub.demo.context import DemoContext


def seed(ctx: DemoContext) -> None:
    noon = timezone.make_aware(datetime.datetime.combine(ctx.today, datetime.time(12, 0)))
    rows = record_progress_snapshot(now=noon)
    on_track, at_risk, behind = (sum(getattr(r, f) for r in rows) for f in ("on_track", "at_risk", "behind"))
    ctx.log(f"Progress recorded for {ctx.today}: {on_track} on track, {at_risk} at risk, {behind} behind")
