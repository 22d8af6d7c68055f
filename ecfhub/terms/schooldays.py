"""School days, as the brief defines them.

A school day is a weekday inside a half term that is neither an England bank
holiday nor a closure day. Notice is the number of school days *strictly
between* the day someone is told and the day of the session.

`SchoolCalendar` loads the calendar once for a date range and answers in
O(log n), so the scheduler can ask millions of questions cheaply; the two
module-level functions are the convenient form for one question.
"""

from __future__ import annotations

import bisect
import datetime
from collections.abc import Iterable
from functools import lru_cache

import holidays
from django.utils import timezone

from ecfhub.lib.request_memo import memo
from ecfhub.terms.models import ClosureDay, HalfTerm

ONE_DAY = datetime.timedelta(days=1)


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def bank_holidays_between(start: datetime.date, end: datetime.date) -> set[datetime.date]:
    """England's bank holidays from `start` to `end` inclusive (from the `holidays` library)."""
    found: set[datetime.date] = set()
    for year in range(start.year, end.year + 1):
        found.update(d for d in _bank_holidays(year) if start <= d <= end)
    return found


class SchoolCalendar:
    """The school days of a date range, held as a sorted list."""

    def __init__(
        self,
        *,
        half_terms: Iterable[tuple[datetime.date, datetime.date]],
        closure_days: Iterable[datetime.date],
    ) -> None:
        closures = set(closure_days)
        days: list[datetime.date] = []
        for starts_on, ends_on in sorted(half_terms):
            holidays_in_term = bank_holidays_between(starts_on, ends_on)
            day = starts_on
            while day <= ends_on:
                if day.weekday() < 5 and day not in holidays_in_term and day not in closures:
                    days.append(day)
                day += ONE_DAY
        self._days = sorted(set(days))
        self._day_set = frozenset(self._days)

    @classmethod
    def load(cls, start: datetime.date | None = None, end: datetime.date | None = None) -> SchoolCalendar:
        """Read the half terms and closure days overlapping [start, end] (all when not given): two queries,
        once per page for the same range (`lib.request_memo`)."""
        return memo(("school-calendar", cls, start, end), lambda: cls._read(start, end))

    @classmethod
    def _read(cls, start: datetime.date | None, end: datetime.date | None) -> SchoolCalendar:
        terms = HalfTerm.objects.all()
        closures = ClosureDay.objects.all()
        if start is not None:
            terms = terms.filter(ends_on__gte=start)
            closures = closures.filter(date__gte=start)
        if end is not None:
            terms = terms.filter(starts_on__lte=end)
            closures = closures.filter(date__lte=end)
        return cls(
            half_terms=terms.values_list("starts_on", "ends_on"),
            closure_days=closures.values_list("date", flat=True),
        )

    @property
    def days(self) -> list[datetime.date]:
        return list(self._days)

    def is_school_day(self, day: datetime.date) -> bool:
        return day in self._day_set

    def school_days_between(self, a: datetime.date, b: datetime.date) -> int:
        """School days strictly after `a` and strictly before `b` (0 when b <= a + 1 day)."""
        if b <= a:
            return 0
        lo = bisect.bisect_right(self._days, a)
        hi = bisect.bisect_left(self._days, b)
        return max(0, hi - lo)

    def add_school_days(self, day: datetime.date, count: int) -> datetime.date | None:
        """The earliest date d such that school_days_between(day, d) >= count, or None beyond the calendar.

        With count=30 this is the first day a session could be held when
        notified on `day`."""
        if count <= 0:
            return day + ONE_DAY
        index = bisect.bisect_right(self._days, day) + count - 1  # the count-th school day after `day`
        if index >= len(self._days):
            return None
        return self._days[index] + ONE_DAY


def last_school_day(on_or_before: datetime.date | None = None) -> datetime.date:
    """The last school day on or before `on_or_before` (today in England): the day a lesson was most
    likely seen. Within the last 8 weeks of the hub's calendar; when it has none there (no terms entered),
    the last weekday."""
    day = on_or_before or timezone.localdate()
    days = SchoolCalendar.load(day - datetime.timedelta(days=56), day).days
    earlier = [d for d in days if d <= day]
    if earlier:
        return earlier[-1]
    while day.weekday() >= 5:
        day -= ONE_DAY
    return day


def is_school_day(day: datetime.date) -> bool:
    """Is `day` a school day on the hub's calendar?"""
    return SchoolCalendar.load(day, day).is_school_day(day)


def school_days_between(a: datetime.date, b: datetime.date) -> int:
    """How many school days lie strictly between `a` and `b`."""
    return SchoolCalendar.load(a, b).school_days_between(a, b)
