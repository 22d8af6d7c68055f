"""DfE's schedule rule: the intake a start date falls in, at every boundary, and the schedule each participant gets."""

import datetime

import pytest

from ecfhub.conftest import make_participant
from ecfhub.people import schedules
from ecfhub.programme.years import programme_year_span

D = datetime.date


@pytest.mark.parametrize(
    ("start", "schedule"),
    [
        (D(2026, 5, 31), "ecf-standard-april"),
        (D(2026, 6, 1), "ecf-standard-september"),
        (D(2026, 9, 1), "ecf-standard-september"),
        (D(2026, 10, 31), "ecf-standard-september"),
        (D(2026, 11, 1), "ecf-standard-january"),
        (D(2026, 12, 31), "ecf-standard-january"),
        (D(2027, 1, 1), "ecf-standard-january"),
        (D(2027, 2, 28), "ecf-standard-january"),
        (D(2028, 2, 29), "ecf-standard-january"),
        (D(2027, 3, 1), "ecf-standard-april"),
        (D(2028, 3, 1), "ecf-standard-april"),
    ],
)
def test_the_start_date_decides_the_intake_at_each_boundary(start, schedule):
    assert schedules.schedule_for(start) == schedule


def test_other_kinds_of_schedule_keep_dfe_spelling():
    assert schedules.schedule_for(D(2026, 1, 5), "reduced") == "ecf-reduced-january"
    assert schedules.schedule_for(D(2026, 4, 20), "extended") == "ecf-extended-april"
    assert schedules.schedule_for(D(2026, 9, 3), "replacement") == "ecf-replacement-september"
    assert len(schedules.SCHEDULE_IDENTIFIERS) == 12


def test_an_identifier_that_is_not_dfes_is_refused():
    with pytest.raises(ValueError):
        schedules.parts("ecf-standard-july")
    assert schedules.kind_of("nonsense") == "standard"


def test_each_intake_starts_on_its_first_day_in_the_cohorts_year():
    assert schedules.intake_start("ecf-standard-september", 2025) == D(2025, 9, 1)
    assert schedules.intake_start("ecf-standard-january", 2025) == D(2026, 1, 1)
    assert schedules.intake_start("ecf-reduced-april", 2025) == D(2026, 4, 1)


def test_a_participant_gets_the_schedule_of_their_start_date_and_a_mentor_a_training_status(school, cohort):
    ect = make_participant(email="jan@x.test", name="Jan Uary", school=school, cohort=cohort, kind="ect", trn="1111111")
    ect.induction_start_date = D(2026, 1, 6)
    ect.schedule_identifier = ""
    ect.save()
    assert ect.schedule_identifier == "ecf-standard-january"
    assert ect.intake_label == "January" and ect.mentor_training == ""
    mentor = make_participant(
        email="m@x.test", name="Men Tor", school=school, cohort=cohort, kind="mentor", trn="2222222"
    )
    assert mentor.schedule_identifier == "ecf-standard-september"
    assert mentor.mentor_training == "new"


def test_a_schedule_set_on_purpose_is_kept(school, cohort):
    ect = make_participant(email="r@x.test", name="Red Uced", school=school, cohort=cohort, kind="ect", trn="3333333")
    ect.schedule_identifier = "ecf-reduced-september"
    ect.save()
    ect.refresh_from_db()
    assert ect.schedule_kind == "reduced"


@pytest.mark.parametrize(
    ("schedule", "year", "first", "last"),
    [
        ("ecf-standard-september", 1, D(2025, 9, 1), D(2026, 8, 31)),
        ("ecf-standard-september", 2, D(2026, 9, 1), D(2027, 8, 31)),
        ("ecf-standard-january", 1, D(2026, 1, 1), D(2026, 12, 31)),
        ("ecf-standard-january", 2, D(2027, 1, 1), D(2027, 12, 31)),
        ("ecf-reduced-april", 1, D(2026, 4, 1), D(2027, 3, 31)),
        ("ecf-extended-april", 2, D(2027, 4, 1), D(2028, 3, 31)),
        ("", 1, D(2025, 9, 1), D(2026, 8, 31)),  # no schedule yet: the cohort's September calendar
    ],
)
def test_a_persons_programme_years_run_a_year_from_their_intakes_start(schedule, year, first, last):
    assert schedules.programme_year_dates(schedule, 2025, year) == (first, last)


@pytest.mark.parametrize("year", [1, 2])
def test_the_cohorts_span_for_a_year_is_the_union_of_its_intakes_years(year):
    windows = [
        schedules.programme_year_dates(schedules.identifier("standard", i), 2025, year) for i in schedules.Intake
    ]
    assert programme_year_span(2025, year) == (min(w[0] for w in windows), max(w[1] for w in windows))
