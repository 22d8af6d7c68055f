"""DfE's schedules: which intake a participant joins, from their start date (date arithmetic, no database).

Since 2025 ECTs start in September, January or April. DfE names each schedule
`ecf-{standard|reduced|extended|replacement}-{september|january|april}` (Lead Provider
API v3, `schedule_identifier`); the intake comes from the start date:

- 1 June to 31 October → September;
- 1 November to the end of February → January;
- 1 March to 31 May → April.

Reduced and extended schedules are for people whose induction is shorter or longer
than two years; replacement schedules are for mentors who replace a mentor part way.
"""

from __future__ import annotations

import datetime

from django.db import models

from ecfhub.programme.years import person_programme_year_dates


class Intake(models.TextChoices):
    SEPTEMBER = "september", "September"
    JANUARY = "january", "January"
    APRIL = "april", "April"


class ScheduleKind(models.TextChoices):
    STANDARD = "standard", "Standard"
    REDUCED = "reduced", "Reduced"
    EXTENDED = "extended", "Extended"
    REPLACEMENT = "replacement", "Replacement mentor"


def identifier(kind: str, intake: str) -> str:
    """DfE's schedule identifier, for example `ecf-standard-january`."""
    return f"ecf-{ScheduleKind(kind).value}-{Intake(intake).value}"


# Every identifier DfE uses, with words for people ("Standard, January intake").
SCHEDULE_CHOICES = [
    (identifier(kind, intake), f"{ScheduleKind(kind).label}, {Intake(intake).label} intake")
    for kind in ScheduleKind.values
    for intake in Intake.values
]
SCHEDULE_IDENTIFIERS = frozenset(value for value, _ in SCHEDULE_CHOICES)


def intake_for(start: datetime.date) -> Intake:
    """The intake a start date falls in, by DfE's rule (see the module docstring)."""
    if 6 <= start.month <= 10:
        return Intake.SEPTEMBER
    if start.month >= 11 or start.month <= 2:
        return Intake.JANUARY
    return Intake.APRIL


def schedule_for(start: datetime.date, kind: str = ScheduleKind.STANDARD) -> str:
    """The schedule identifier for someone starting on `start` (standard unless another kind is given)."""
    return identifier(kind, intake_for(start))


def parts(schedule_identifier: str) -> tuple[str, str]:
    """(kind, intake) of an identifier; ValueError for anything that is not one of DfE's."""
    if schedule_identifier not in SCHEDULE_IDENTIFIERS:
        raise ValueError(schedule_identifier)
    _, kind, intake = schedule_identifier.split("-")
    return kind, intake


def kind_of(schedule_identifier: str) -> str:
    """The schedule's kind (standard, reduced, extended, replacement); standard for an empty or unknown one."""
    try:
        return parts(schedule_identifier)[0]
    except ValueError:
        return ScheduleKind.STANDARD.value


def intake_start(schedule_identifier: str, cohort_start_year: int) -> datetime.date:
    """The first day of the intake in the cohort's academic year: 1 September, 1 January or 1 April."""
    intake = parts(schedule_identifier)[1] if schedule_identifier in SCHEDULE_IDENTIFIERS else Intake.SEPTEMBER
    if intake == Intake.SEPTEMBER:
        return datetime.date(cohort_start_year, 9, 1)
    if intake == Intake.JANUARY:
        return datetime.date(cohort_start_year + 1, 1, 1)
    return datetime.date(cohort_start_year + 1, 4, 1)


def year_one_starts(schedule_identifier: str, cohort_start_year: int) -> datetime.date:
    """The first day of the person's programme year 1: their intake's start in the cohort's academic year."""
    return intake_start(schedule_identifier, cohort_start_year)


def programme_year_dates(
    schedule_identifier: str, cohort_start_year: int, programme_year: int
) -> tuple[datetime.date, datetime.date]:
    """The first and last day of a person's programme year 1 or 2 on this schedule: a year from their intake's
    start. In the 2025 cohort, year 1 runs 1 September 2025 to 31 August 2026 (September intake), 1 January to
    31 December 2026 (January) or 1 April 2026 to 31 March 2027 (April)."""
    return person_programme_year_dates(year_one_starts(schedule_identifier, cohort_start_year), programme_year)
