"""The school-day counter, checked by hand on the 2025/26 Norfolk-shaped calendar and against brute force."""

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecfhub.terms.models import ClosureDay
from ecfhub.terms.schooldays import SchoolCalendar, is_school_day, school_days_between

D = datetime.date


@pytest.mark.usefixtures("calendar_2025")
class TestOnTheDatabaseCalendar:
    def test_a_plain_week_in_term_has_three_days_strictly_between_monday_and_friday(self):
        assert school_days_between(D(2025, 9, 8), D(2025, 9, 12)) == 3

    def test_the_october_half_term_break_does_not_count(self):
        # Fri 24 Oct is the last day of Autumn 1; Mon 3 Nov is a closure (training) day.
        # Strictly between Thu 23 Oct and Tue 4 Nov: only Fri 24 Oct.
        assert school_days_between(D(2025, 10, 23), D(2025, 11, 4)) == 1

    def test_a_bank_holiday_inside_a_half_term_does_not_count(self):
        # Mon 4 May 2026 (early May bank holiday) falls inside Summer 1.
        assert not is_school_day(D(2026, 5, 4))
        assert school_days_between(D(2026, 5, 1), D(2026, 5, 6)) == 1  # only Tue 5 May

    def test_a_closure_day_does_not_count(self):
        ClosureDay.objects.create(date=D(2025, 9, 17), reason="Hub-wide training day")
        assert not is_school_day(D(2025, 9, 17))
        assert school_days_between(D(2025, 9, 15), D(2025, 9, 19)) == 2

    def test_weekends_and_holidays_are_not_school_days(self):
        assert not is_school_day(D(2025, 9, 6))  # Saturday
        assert not is_school_day(D(2025, 12, 25))  # Christmas, outside any half term
        assert not is_school_day(D(2026, 2, 18))  # February half term
        assert is_school_day(D(2026, 2, 23))

    def test_adjacent_and_reversed_dates_have_none_between(self):
        assert school_days_between(D(2025, 9, 8), D(2025, 9, 9)) == 0
        assert school_days_between(D(2025, 9, 12), D(2025, 9, 8)) == 0

    def test_half_a_term_is_about_thirty_school_days(self):
        calendar = SchoolCalendar.load()
        first = calendar.add_school_days(D(2025, 9, 3), 30)
        assert first is not None
        assert calendar.school_days_between(D(2025, 9, 3), first) == 30
        assert calendar.school_days_between(D(2025, 9, 3), first - datetime.timedelta(days=1)) == 29


# Brute force: walk every day. Slow but obviously right.
def brute_force(terms, closures, holidays, a, b):
    count = 0
    day = a + datetime.timedelta(days=1)
    while day < b:
        in_term = any(s <= day <= e for s, e in terms)
        if in_term and day.weekday() < 5 and day not in closures and day not in holidays:
            count += 1
        day += datetime.timedelta(days=1)
    return count


dates = st.dates(min_value=D(2025, 8, 1), max_value=D(2026, 8, 31))


@settings(max_examples=200, deadline=None)
@given(a=dates, b=dates, closures=st.sets(dates, max_size=8))
def test_it_agrees_with_counting_day_by_day(a, b, closures):
    from ecfhub.terms.patterns import standard_half_terms
    from ecfhub.terms.schooldays import bank_holidays_between

    terms = [(s, e) for _, s, e in standard_half_terms(2025)]
    calendar = SchoolCalendar(half_terms=terms, closure_days=closures)
    holidays = bank_holidays_between(D(2025, 1, 1), D(2026, 12, 31))
    assert calendar.school_days_between(a, b) == brute_force(terms, closures, holidays, a, b)
    assert calendar.is_school_day(a) == (
        brute_force(terms, closures, holidays, a - datetime.timedelta(days=1), a + datetime.timedelta(days=1)) == 1
    )
    need = (b - a).days % 40
    first = calendar.add_school_days(a, need)
    if first is not None:
        assert calendar.school_days_between(a, first) >= need
        assert calendar.school_days_between(a, first - datetime.timedelta(days=1)) < need or need == 0
