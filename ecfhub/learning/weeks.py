"""The weekly release calendar: which teaching week of a participant's programme year a day falls in.

A teaching week is a Monday-to-Sunday week holding at least one school day of the programme year
(terms/schooldays.py: inside a half term, not a bank holiday, not a closure day). Week N of a
programme year is its Nth teaching week, so holidays release nothing and a week that is all bank
holidays or closure days is skipped. A module of week N is out from that week's Monday.

A programme year is personal: it is the six half terms that begin with the first term of the
participant's intake (people/schedules.py, from their DfE schedule, itself from their start date).
A September starter's year 1 is the cohort's academic year; a January starter's runs from the spring
term to the end of the next autumn term; an April starter's from the summer term to the end of the
next spring term. So week 1 is always the first teaching week of their own start, never
September's for someone who started in January. A September starter who joins in October still has
September's week 1 (and catches up), as DfE's schedule for them starts in September; the same holds
within the January and April intakes.

Load once with `ReleaseCalendar.load(programme_years)` (two queries) and ask as often as needed.
"""

from __future__ import annotations

import bisect
import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from ecfhub.lib.request_memo import memo
from ecfhub.people.models import Participant, ParticipantType
from ecfhub.people.schedules import Intake, intake_for, parts
from ecfhub.terms.models import ClosureDay, HalfTerm
from ecfhub.terms.schooldays import SchoolCalendar

# The half term (terms.HalfTerm.Number) each intake's programme year begins with.
FIRST_HALF_TERM = {Intake.SEPTEMBER: 1, Intake.JANUARY: 3, Intake.APRIL: 5}
# The calendar month each intake's programme year begins in (DfE's schedule start).
FIRST_MONTH = {Intake.SEPTEMBER: 9, Intake.JANUARY: 1, Intake.APRIL: 4}


def monday_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


@dataclass(frozen=True, order=True)
class ProgrammeYear:
    """Six half terms in a row: from the first term of an intake in the academic year `start_year`.

    ProgrammeYear(2025) is the academic year 2025/26; ProgrammeYear(2025, "january") runs from
    spring 2026 to the end of autumn 2026."""

    start_year: int
    intake: str = Intake.SEPTEMBER.value

    @property
    def half_terms(self) -> list[tuple[int, int]]:
        """(academic start year, half-term number) of its six half terms, in order."""
        first = FIRST_HALF_TERM[Intake(self.intake)]
        return [(self.start_year, n) for n in range(first, 7)] + [(self.start_year + 1, n) for n in range(1, first)]

    @property
    def starts_on(self) -> datetime.date:
        """The first day of DfE's schedule: 1 September, 1 January or 1 April."""
        month = FIRST_MONTH[Intake(self.intake)]
        return datetime.date(self.start_year if month >= 9 else self.start_year + 1, month, 1)


YearLike = int | ProgrammeYear  # a plain int is the September programme year (the academic year)


def _year(year: YearLike) -> ProgrammeYear:
    return year if isinstance(year, ProgrammeYear) else ProgrammeYear(year)


class ReleaseCalendar:
    """The teaching weeks (their Mondays) of some programme years."""

    def __init__(self, weeks_by_year: dict[ProgrammeYear, list[datetime.date]]) -> None:
        self._weeks = weeks_by_year

    @classmethod
    def load(cls, years: Iterable[YearLike]) -> ReleaseCalendar:
        """The teaching weeks of `years`: two queries, once per page for the same years (`lib.request_memo`)."""
        wanted = sorted({_year(y) for y in years})
        return memo(("release-calendar", cls, tuple(wanted)), lambda: cls._read(wanted))

    @classmethod
    def _read(cls, wanted: list[ProgrammeYear]) -> ReleaseCalendar:
        if not wanted:
            return cls({})
        academic_years = {y for year in wanted for y, _ in year.half_terms}
        terms = list(
            HalfTerm.objects.filter(academic_year__start_year__in=academic_years).values_list(
                "academic_year__start_year", "number", "starts_on", "ends_on"
            )
        )
        if not terms:
            return cls({year: [] for year in wanted})
        first = min(t[2] for t in terms)
        last = max(t[3] for t in terms)
        closures = list(ClosureDay.objects.filter(date__range=(first, last)).values_list("date", flat=True))
        spans = {(y, n): (s, e) for y, n, s, e in terms}
        weeks: dict[ProgrammeYear, list[datetime.date]] = {}
        for year in wanted:
            mine = [spans[key] for key in year.half_terms if key in spans]
            days = SchoolCalendar(half_terms=mine, closure_days=closures).days
            weeks[year] = sorted({monday_of(day) for day in days})
        return cls(weeks)

    def weeks(self, year: YearLike) -> list[datetime.date]:
        """The Mondays of the programme year's teaching weeks, in order (week 1 first)."""
        return list(self._weeks.get(_year(year), []))

    def week_number(self, year: YearLike, day: datetime.date) -> int:
        """How many of the year's teaching weeks have begun by `day` (0 before the first; it stays
        at the last teaching week through a holiday)."""
        return bisect.bisect_right(self._weeks.get(_year(year), []), day)

    def week_starting(self, year: YearLike, week: int) -> datetime.date | None:
        """The Monday of teaching week `week`, or None when the calendar has no such week."""
        weeks = self._weeks.get(_year(year), [])
        return weeks[week - 1] if 1 <= week <= len(weeks) else None

    def is_teaching_week(self, year: YearLike, day: datetime.date) -> bool:
        weeks = self._weeks.get(_year(year), [])
        index = bisect.bisect_left(weeks, monday_of(day))
        return index < len(weeks) and weeks[index] == monday_of(day)


def intake_of(participant: Participant) -> str:
    """September, January or April: from their DfE schedule, else from their start date."""
    try:
        return parts(participant.schedule_identifier)[1]
    except ValueError:
        return intake_for(participant.induction_start_date).value


def programme_years_of(participant: Participant) -> list[int]:
    """The programme years a participant's modules come from: ECTs two, mentors in training one."""
    return [1] if participant.participant_type == ParticipantType.MENTOR else [1, 2]


def programme_year_for(participant: Participant, programme_year: int) -> ProgrammeYear:
    """The participant's own programme year 1 or 2 on the term calendar."""
    return ProgrammeYear(participant.cohort.start_year + programme_year - 1, intake_of(participant))


def programme_year_on(participant: Participant, day: datetime.date) -> int | None:
    """1 or 2 while `day` is in the participant's own programme year (from their schedule's start), else None."""
    start = programme_year_for(participant, 1).starts_on
    for year in (1, 2):
        if start.replace(year=start.year + year - 1) <= day < start.replace(year=start.year + year):
            return year
    return None


def released_weeks(calendar: ReleaseCalendar, participant: Participant, today: datetime.date) -> dict[int, int]:
    """Programme year → the last week released to `participant` by `today` (0: none yet)."""
    return {
        year: calendar.week_number(programme_year_for(participant, year), today)
        for year in programme_years_of(participant)
    }


def teaching_week_of(calendar: ReleaseCalendar, participant: Participant, day: datetime.date) -> tuple[int, int] | None:
    """(programme year, week number) when `day` is in one of the participant's teaching weeks, else None."""
    for year in programme_years_of(participant):
        key = programme_year_for(participant, year)
        if calendar.is_teaching_week(key, day):
            return year, calendar.week_number(key, day)
    return None


def calendar_for(participants: Iterable[Participant]) -> ReleaseCalendar:
    """The release calendar covering these participants' programme years (two queries)."""
    return ReleaseCalendar.load(programme_year_for(p, year) for p in participants for year in programme_years_of(p))
