"""Academic years and the programme's two years, as plain date arithmetic (no Django).

Kept apart from `models` so the scheduling rules, which must stay pure, can ask
"which programme year is this day in for that cohort" without loading Django."""

from __future__ import annotations

import datetime


def cohort_start_year_for(day: datetime.date) -> int:
    """The academic year (named by its first calendar year) a date falls in.

    English academic years run September to August, so an induction starting in
    January 2026 belongs to the 2025 cohort, as in DfE's cohort numbering."""
    return day.year if day.month >= 9 else day.year - 1


def cohort_year_for_start(start: datetime.date) -> int:
    """The cohort a participant starting on `start` joins: DfE's contract periods run 1 June to 31 May,
    so a start from June to August joins the coming September's cohort (on its September schedule,
    people/schedules.py), and a start from January to May the cohort that began the September before."""
    return start.year if start.month >= 6 else start.year - 1


def programme_year_dates(cohort_start_year: int, programme_year: int) -> tuple[datetime.date, datetime.date]:
    """The first and last day of a cohort's programme year 1 or 2 (1 September to 31 August)."""
    first = cohort_start_year + programme_year - 1
    return datetime.date(first, 9, 1), datetime.date(first + 1, 8, 31)


def years_from(first_day: datetime.date, years: int) -> datetime.date:
    """The same day `years` later (every programme year starts on the 1st of a month, so no 29 February)."""
    return first_day.replace(year=first_day.year + years)


def person_programme_year_dates(
    year_one_starts: datetime.date, programme_year: int
) -> tuple[datetime.date, datetime.date]:
    """The first and last day of one person's programme year 1 or 2: a year from the first day of their
    year 1 (their intake's start, `people.schedules.year_one_starts`). A September starter's year 1 is
    1 September to 31 August, a January starter's January to December, an April starter's April to March."""
    first = years_from(year_one_starts, programme_year - 1)
    return first, years_from(first, 1) - datetime.timedelta(days=1)


def programme_year_span(cohort_start_year: int, programme_year: int) -> tuple[datetime.date, datetime.date]:
    """The days that fall in programme year 1 or 2 for some intake of the cohort: from the September
    intake's first day of that year to the April intake's last (`people/tests/test_schedules.py` checks
    this is the union of the intakes' years). A session of a year-N event may lie anywhere in it; who may
    take it is each person's own year (`person_programme_year_dates`)."""
    first, _ = programme_year_dates(cohort_start_year, programme_year)
    return first, datetime.date(first.year + 2, 3, 31)
