"""The weekly release calendar: week N is the Nth teaching week of the person's own programme year, none in holidays."""

from __future__ import annotations

import datetime

import pytest

from ecfhub.learning.weeks import (
    ProgrammeYear,
    ReleaseCalendar,
    calendar_for,
    intake_of,
    programme_year_for,
    programme_year_on,
    released_weeks,
    teaching_week_of,
)
from ecfhub.terms.models import ClosureDay
from ecfhub.terms.services import create_standard_year

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


# --- a personal week 1: January and April starters --------------------------------------------------


def starting(participant, day: datetime.date, intake: str):  # type: ignore[no-untyped-def]
    participant.induction_start_date = day
    participant.schedule_identifier = f"ecf-standard-{intake}"
    participant.save()
    return participant


def test_a_january_starters_week_one_is_the_first_week_of_the_spring_term(calendar_2025, ect) -> None:  # type: ignore[no-untyped-def]
    starting(ect, D(2026, 1, 6), "january")
    calendar = calendar_for([ect])
    assert calendar.week_starting(programme_year_for(ect, 1), 1) == D(2026, 1, 5)  # term starts Tuesday 6 January
    assert released_weeks(calendar, ect, D(2025, 12, 17)) == {1: 0, 2: 0}  # September's week 15 is not theirs
    assert released_weeks(calendar, ect, D(2026, 1, 5)) == {1: 1, 2: 0}


def test_a_january_starter_gets_nothing_new_in_the_february_half_term(calendar_2025, ect) -> None:  # type: ignore[no-untyped-def]
    starting(ect, D(2026, 1, 6), "january")
    calendar = calendar_for([ect])
    assert released_weeks(calendar, ect, D(2026, 2, 13))[1] == 6  # the last Friday of spring 1
    assert released_weeks(calendar, ect, D(2026, 2, 18))[1] == 6  # half term
    assert teaching_week_of(calendar, ect, D(2026, 2, 18)) is None
    assert released_weeks(calendar, ect, D(2026, 2, 23))[1] == 7


def test_a_january_starters_year_one_runs_on_through_the_summer_into_the_next_autumn(calendar_2025, ect) -> None:  # type: ignore[no-untyped-def]
    starting(ect, D(2026, 1, 6), "january")
    calendar = calendar_for([ect])
    assert released_weeks(calendar, ect, D(2026, 8, 20))[1] == 24  # summer holiday: still the last week of July
    # The week of 31 August holds the first day of the autumn term: their week 25, still year 1.
    assert teaching_week_of(calendar, ect, D(2026, 8, 31)) == (1, 25)
    assert programme_year_on(ect, D(2026, 8, 31)) == 1
    # Christmas ends their year 1 (39 weeks); year 2 begins with the spring term of 2027.
    assert released_weeks(calendar, ect, D(2026, 12, 23)) == {1: 39, 2: 0}
    assert calendar.week_starting(programme_year_for(ect, 2), 1) == D(2027, 1, 4)  # the term starts Wednesday 6th
    assert len(calendar.weeks(programme_year_for(ect, 2))) == 24  # its autumn (2027/28) is not in the calendar yet
    create_standard_year(start_year=2027)
    assert len(calendar_for([ect]).weeks(programme_year_for(ect, 2))) == 39
    assert programme_year_on(ect, D(2027, 1, 1)) == 2


def test_an_april_starters_week_one_holds_the_first_day_of_the_summer_term(calendar_2025, ect) -> None:  # type: ignore[no-untyped-def]
    starting(ect, D(2026, 4, 14), "april")
    calendar = calendar_for([ect])
    assert released_weeks(calendar, ect, D(2026, 4, 8)) == {1: 0, 2: 0}  # the Easter holiday
    # Tuesday 14 April is a training day; Wednesday 15 is their first school day.
    assert calendar.week_starting(programme_year_for(ect, 1), 1) == D(2026, 4, 13)
    assert teaching_week_of(calendar, ect, D(2026, 5, 27)) is None  # May half term
    assert released_weeks(calendar, ect, D(2026, 6, 1))[1] == 7


def test_an_april_starters_first_week_of_closure_days_is_skipped(calendar_2025, ect) -> None:  # type: ignore[no-untyped-def]
    for day in (15, 16, 17):  # with Tuesday 14's training day, the whole first week of summer
        ClosureDay.objects.create(date=D(2026, 4, day))
    starting(ect, D(2026, 4, 14), "april")
    assert calendar_for([ect]).week_starting(programme_year_for(ect, 1), 1) == D(2026, 4, 20)


def test_the_intake_comes_from_the_start_date_when_no_schedule_is_set(calendar_2025, ect) -> None:  # type: ignore[no-untyped-def]
    ect.induction_start_date = D(2025, 11, 17)  # November: DfE's January intake
    ect.schedule_identifier = "not-a-schedule"
    assert intake_of(ect) == "january"
    assert programme_year_for(ect, 1) == ProgrammeYear(2025, "january")


def test_a_september_starter_keeps_the_academic_year(calendar_2025, ect) -> None:  # type: ignore[no-untyped-def]
    calendar = calendar_for([ect])
    assert programme_year_for(ect, 1) == ProgrammeYear(2025)
    assert calendar.weeks(programme_year_for(ect, 1)) == calendar.weeks(2025)
    assert teaching_week_of(calendar, ect, D(2026, 8, 31)) == (2, 1)
