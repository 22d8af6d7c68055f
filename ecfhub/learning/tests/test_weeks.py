"""The weekly release calendar: week N is the Nth teaching week, none in holidays."""

from __future__ import annotations

import datetime

import pytest

from ecfhub.learning.weeks import ReleaseCalendar, released_weeks
from ecfhub.terms.models import ClosureDay

pytestmark = pytest.mark.django_db

D = datetime.date


def test_week_one_is_the_week_the_autumn_term_starts(calendar_2025: None) -> None:
    calendar = ReleaseCalendar.load([2025])
    assert calendar.week_starting(2025, 1) == D(2025, 9, 1)  # the term starts on Wednesday 3 September
    assert calendar.week_number(2025, D(2025, 8, 31)) == 0
    assert calendar.week_number(2025, D(2025, 9, 1)) == 1
    assert calendar.week_number(2025, D(2025, 9, 8)) == 2


def test_nothing_is_released_in_the_october_half_term_and_the_next_week_follows_on(calendar_2025: None) -> None:
    calendar = ReleaseCalendar.load([2025])
    assert calendar.week_number(2025, D(2025, 10, 20)) == 8  # the last week of autumn 1
    assert calendar.week_number(2025, D(2025, 10, 29)) == 8  # half term: still week 8
    assert not calendar.is_teaching_week(2025, D(2025, 10, 29))
    assert calendar.week_number(2025, D(2025, 11, 3)) == 9
    assert calendar.week_starting(2025, 9) == D(2025, 11, 3)


def test_the_christmas_holiday_releases_nothing_and_spring_carries_on(calendar_2025: None) -> None:
    calendar = ReleaseCalendar.load([2025])
    assert calendar.week_number(2025, D(2025, 12, 15)) == 15
    assert calendar.week_number(2025, D(2025, 12, 30)) == 15
    assert calendar.week_number(2026, D(2025, 12, 30)) == 0  # the next academic year has not begun
    assert calendar.week_starting(2025, 16) == D(2026, 1, 5)  # spring starts on Tuesday 6 January


def test_a_week_of_closure_days_is_not_a_teaching_week(calendar_2025: None) -> None:
    for day in range(6, 10):  # Tuesday 6 to Friday 9 January: the whole first week of spring
        ClosureDay.objects.create(date=D(2026, 1, day))
    calendar = ReleaseCalendar.load([2025])
    assert not calendar.is_teaching_week(2025, D(2026, 1, 7))
    assert calendar.week_starting(2025, 16) == D(2026, 1, 12)


def test_a_year_has_about_thirty_nine_teaching_weeks(calendar_2025: None) -> None:
    calendar = ReleaseCalendar.load([2025, 2026])
    assert 37 <= len(calendar.weeks(2025)) <= 40
    assert calendar.weeks(2026)[0] == D(2026, 8, 31)  # 2026/27 starts on Wednesday 2 September


def test_an_ect_in_year_two_has_all_of_year_one_and_year_two_so_far(calendar_2025: None, ect) -> None:  # type: ignore[no-untyped-def]
    calendar = ReleaseCalendar.load([2025, 2026])
    assert released_weeks(calendar, ect, D(2026, 9, 16)) == {1: len(calendar.weeks(2025)), 2: 3}


def test_a_mentor_follows_one_year_only(calendar_2025: None, mentor) -> None:  # type: ignore[no-untyped-def]
    calendar = ReleaseCalendar.load([2025, 2026])
    assert released_weeks(calendar, mentor, D(2025, 9, 10)) == {1: 2}
    assert released_weeks(calendar, mentor, D(2026, 9, 16)) == {1: len(calendar.weeks(2025))}


def test_a_calendar_without_terms_releases_nothing(db) -> None:  # type: ignore[no-untyped-def]
    calendar = ReleaseCalendar.load([2030])
    assert calendar.week_number(2030, D(2030, 10, 1)) == 0
    assert calendar.week_starting(2030, 1) is None
