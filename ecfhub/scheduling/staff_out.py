"""Staff out of school per school per day: the one definition the scheduler, its preview and the pages share.

A person counts once for their school on a day when they hold an active date on a
session that starts before the end of the school day (a conference takes them out
of class); an after-school clinic needs no cover. The solver counts its own
placements with the pure `solver.staff_out`; everything read from the database
goes through `needs_cover`, `local_day` and `staff_out_per_school_day` here.
"""

from __future__ import annotations

import datetime
from collections import Counter

from django.db.models import QuerySet
from django.utils import timezone

from ecfhub.scheduling.models import Assignment
from ecfhub.scheduling.solver import count_staff_out

# Sessions starting before this take staff out of their classes.
END_OF_SCHOOL_DAY = datetime.time(15, 0)


def local_day(moment: datetime.datetime) -> datetime.date:
    """The day in Europe/London on which `moment` falls."""
    return timezone.localtime(moment).date()


def needs_cover(starts_at: datetime.datetime) -> bool:
    """Whether a session starting at `starts_at` takes a member of staff out of class."""
    return timezone.localtime(starts_at).time() < END_OF_SCHOOL_DAY


def staff_out_per_school_day(assignments: QuerySet[Assignment]) -> Counter[tuple[int, datetime.date]]:
    """(school id, day) -> staff out of class, over the active ones of `assignments`. One query."""
    rows = assignments.filter(status=Assignment.Status.ASSIGNED).values_list(
        "participant__school_id", "session__starts_at"
    )
    return count_staff_out((school_id, local_day(starts_at), needs_cover(starts_at)) for school_id, starts_at in rows)
