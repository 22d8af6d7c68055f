"""The weekly release calendar: which teaching week of a programme year a day falls in.

A teaching week is a Monday-to-Sunday week holding at least one school day of that academic
year (terms/schooldays.py: inside a half term, not a bank holiday, not a closure day). Week N of
a programme year is its Nth teaching week, so holidays release nothing and a week that is all
bank holidays or closure days is skipped. A module of week N is out from that week's Monday.

Load once with `ReleaseCalendar.load(start_years)` (two queries) and ask as often as needed.
"""

from __future__ import annotations

import bisect
import datetime
from collections.abc import Iterable

from ecfhub.people.models import Participant, ParticipantType
from ecfhub.terms.models import ClosureDay, HalfTerm
from ecfhub.terms.schooldays import SchoolCalendar


def monday_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


class ReleaseCalendar:
    """The teaching weeks (their Mondays) of some academic years."""

    def __init__(self, weeks_by_year: dict[int, list[datetime.date]]) -> None:
        self._weeks = weeks_by_year

    @classmethod
    def load(cls, start_years: Iterable[int]) -> ReleaseCalendar:
        years = sorted(set(start_years))
        if not years:
            return cls({})
        terms = list(
            HalfTerm.objects.filter(academic_year__start_year__in=years).values_list(
                "academic_year__start_year", "starts_on", "ends_on"
            )
        )
        if not terms:
            return cls({year: [] for year in years})
        first = min(t[1] for t in terms)
        last = max(t[2] for t in terms)
        closures = list(ClosureDay.objects.filter(date__range=(first, last)).values_list("date", flat=True))
        weeks: dict[int, list[datetime.date]] = {}
        for year in years:
            spans = [(s, e) for y, s, e in terms if y == year]
            days = SchoolCalendar(half_terms=spans, closure_days=closures).days
            weeks[year] = sorted({monday_of(day) for day in days})
        return cls(weeks)

    def weeks(self, start_year: int) -> list[datetime.date]:
        """The Mondays of the academic year's teaching weeks, in order (week 1 first)."""
        return list(self._weeks.get(start_year, []))

    def week_number(self, start_year: int, day: datetime.date) -> int:
        """How many of the year's teaching weeks have begun by `day` (0 before the first; it stays
        at the last teaching week through a holiday)."""
        return bisect.bisect_right(self._weeks.get(start_year, []), day)

    def week_starting(self, start_year: int, week: int) -> datetime.date | None:
        """The Monday of teaching week `week`, or None when the calendar has no such week."""
        weeks = self._weeks.get(start_year, [])
        return weeks[week - 1] if 1 <= week <= len(weeks) else None

    def is_teaching_week(self, start_year: int, day: datetime.date) -> bool:
        weeks = self._weeks.get(start_year, [])
        index = bisect.bisect_left(weeks, monday_of(day))
        return index < len(weeks) and weeks[index] == monday_of(day)


def programme_years_of(participant: Participant) -> list[int]:
    """The programme years a participant's modules come from: ECTs two, mentors in training one."""
    return [1] if participant.participant_type == ParticipantType.MENTOR else [1, 2]


def academic_start_year(participant: Participant, programme_year: int) -> int:
    return participant.cohort.start_year + programme_year - 1


def released_weeks(calendar: ReleaseCalendar, participant: Participant, today: datetime.date) -> dict[int, int]:
    """Programme year → the last week released to `participant` by `today` (0: none yet)."""
    return {
        year: calendar.week_number(academic_start_year(participant, year), today)
        for year in programme_years_of(participant)
    }


def calendar_for(participants: Iterable[Participant]) -> ReleaseCalendar:
    """The release calendar covering these participants' programme years (two queries)."""
    years = {academic_start_year(p, year) for p in participants for year in programme_years_of(p)}
    return ReleaseCalendar.load(years)
