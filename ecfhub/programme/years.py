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


def programme_year_dates(cohort_start_year: int, programme_year: int) -> tuple[datetime.date, datetime.date]:
    """The first and last day of a cohort's programme year 1 or 2 (1 September to 31 August)."""
    first = cohort_start_year + programme_year - 1
    return datetime.date(first, 9, 1), datetime.date(first + 1, 8, 31)
