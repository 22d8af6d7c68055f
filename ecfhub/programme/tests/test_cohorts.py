"""Which cohort a participant joins."""

import datetime

import pytest

from ecfhub.programme.services import cohort_for_start_date


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "cohort_year"),
    [
        (datetime.date(2026, 5, 31), 2025),  # the last day of the 2025 contract period
        (datetime.date(2026, 6, 1), 2026),  # a summer start joins the coming September's cohort
        (datetime.date(2026, 8, 31), 2026),
        (datetime.date(2026, 9, 1), 2026),
        (datetime.date(2027, 1, 5), 2026),  # a January starter joins the cohort that began in September
        (datetime.date(2027, 4, 19), 2026),
    ],
)
def test_a_start_date_joins_the_cohort_of_dfes_contract_period_from_1_june_to_31_may(start, cohort_year):
    assert cohort_for_start_date(start).start_year == cohort_year
