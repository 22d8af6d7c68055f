"""The committed schedule, built as the hub would have built it.

The scheduler runs (recorded as the Scheduling page's runs) as of the first day of every half term from the older
cohort's start up to the demo's today, each cohort once it has started, and its
dates are committed as notified on that day. So every demo date respects the
notice rule, and the sessions still to come are already assigned. No e-mail
is sent for this past. Deterministic: the solver is single-threaded and
limited by deterministic time, and the data before it is deterministic.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from ecfhub.demo.context import DemoContext
from ecfhub.programme.models import Cohort
from ecfhub.scheduling.models import ScheduleRun
from ecfhub.scheduling.services import runs
from ecfhub.terms.models import HalfTerm


def seed(ctx: DemoContext) -> None:
    cohorts = list(Cohort.objects.filter(pk__in=ctx.cohort_ids.values()).order_by("start_year"))
    if not cohorts:
        return
    first = datetime.date(cohorts[0].start_year, 9, 1)
    starts = list(
        HalfTerm.objects.filter(starts_on__gte=first, starts_on__lte=ctx.today)
        .order_by("starts_on")
        .values_list("starts_on", flat=True)
    )
    given = 0
    unplaced: dict[int, int] = {}
    for as_of in starts:
        for cohort in cohorts:
            if datetime.date(cohort.start_year, 9, 1) > as_of:
                continue
            # Through the runs' own functions, so the Scheduling page lists each run with its preview.
            stamp = timezone.make_aware(datetime.datetime.combine(as_of, datetime.time(8, 0)))
            run = runs.run_and_commit(
                cohort=cohort, as_of=as_of, notified_at=stamp, refine_work_seconds=ctx.solver_seconds
            )
            if run.status != ScheduleRun.Status.COMMITTED or not run.result:
                raise RuntimeError(f"The demo's scheduling run as of {as_of} was not saved: {run.error}")
            given += run.result["stats"]["placed"]
            unplaced[cohort.start_year] = run.result["stats"]["unplaced"]
    ctx.log(
        f"Schedule: {given} dates given over {len(starts)} half-term runs; "
        f"{sum(unplaced.values())} (person, event) pairs still without a date"
    )
