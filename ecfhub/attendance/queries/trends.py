"""Trends over the year: register marks per month and the recorded progress counts."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Min, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from ecfhub.attendance.models import (
    ATTENDED,
    AttendanceRecord,
    ProgressSnapshot,
)
from ecfhub.events.models import Session
from ecfhub.programme.years import cohort_start_year_for
from ecfhub.scheduling.models import Assignment

# --- trends over the year --------------------------------------------------------------------


@dataclass(frozen=True)
class MonthAttendance:
    """Register marks at sessions in one calendar month."""

    month: datetime.date  # its first day
    counts: dict[str, int]

    @property
    def marked(self) -> int:
        return sum(self.counts.values())

    @property
    def attended_percent(self) -> int | None:
        attended = sum(n for mark, n in self.counts.items() if mark in ATTENDED)
        return round(100 * attended / self.marked) if self.marked else None


def academic_year_of(day: datetime.date) -> int:
    """The academic year (named by its first calendar year) `day` falls in."""
    return cohort_start_year_for(day)


def attendance_by_month(*, start_year: int) -> list[MonthAttendance]:
    """Every month of the academic year starting in September `start_year`, with the register marks
    (present, late, left early, absent) at scheduled sessions that month; one query."""
    tz = timezone.get_current_timezone()
    first = datetime.datetime(start_year, 9, 1, tzinfo=tz)
    after = datetime.datetime(start_year + 1, 9, 1, tzinfo=tz)
    counts: dict[datetime.date, dict[str, int]] = defaultdict(dict)
    for month, mark, n in (
        AttendanceRecord.objects.filter(
            assignment__status=Assignment.Status.ASSIGNED,
            session__status=Session.Status.SCHEDULED,
            session__starts_at__gte=first,
            session__starts_at__lt=after,
        )
        .annotate(month=TruncMonth("session__starts_at", tzinfo=tz))
        .values("month", "mark")
        .annotate(n=Count("pk"))
        .values_list("month", "mark", "n")
    ):
        counts[month.date() if isinstance(month, datetime.datetime) else month][mark] = n
    months = [datetime.date(start_year + (m < 9), m, 1) for m in (*range(9, 13), *range(1, 9))]
    return [MonthAttendance(month, counts.get(month, {})) for month in months]


@dataclass(frozen=True)
class MonthProgress:
    """People on track, at risk and behind as recorded on the last recorded day of one month (every
    cohort and participant type together); `day` is None when nothing was recorded that month."""

    month: datetime.date  # its first day
    day: datetime.date | None
    counts: dict[str, int]


PROGRESS_COUNTS = ("on_track", "at_risk", "behind")


def progress_by_month(*, start_year: int) -> list[MonthProgress]:
    """Every month of the academic year starting in September `start_year`, with the counts recorded
    (`ProgressSnapshot`) on its last recorded day: the state at the end of the month, as people saw it
    then. One query."""
    days: dict[datetime.date, dict[str, int]] = {}
    for row in (
        ProgressSnapshot.objects.filter(
            day__gte=datetime.date(start_year, 9, 1), day__lt=datetime.date(start_year + 1, 9, 1)
        )
        .values("day")
        .annotate(**{f"total_{name}": Sum(name) for name in PROGRESS_COUNTS})
        .order_by("day")
    ):
        days[row["day"]] = {name: row[f"total_{name}"] for name in PROGRESS_COUNTS}
    months = [datetime.date(start_year + (m < 9), m, 1) for m in (*range(9, 13), *range(1, 9))]
    out = []
    for month in months:
        last = max((d for d in days if (d.year, d.month) == (month.year, month.month)), default=None)
        out.append(MonthProgress(month, last, days[last] if last else {}))
    return out


def first_recorded_day() -> datetime.date | None:
    """The first day progress counts were recorded (since when the trend is known); one query."""
    return ProgressSnapshot.objects.aggregate(first=Min("day"))["first"]
