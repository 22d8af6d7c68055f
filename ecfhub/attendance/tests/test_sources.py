"""Modules and coaching join the engagement figure (docs/progress.md, "Engagement per declaration window")."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from ecfhub.attendance.progress import Status
from ecfhub.attendance.queries import progress_for
from ecfhub.attendance.tests.factories import complete, meetings, module
from ecfhub.conftest import make_participant
from ecfhub.events.services import local_datetime
from ecfhub.people.models import Mentorship, Participant
from ecfhub.programme.services import get_or_create_cohort

# Wednesday of teaching week 8 of 2025/26 (week 1 began Monday 1 September): weeks 1–7 are over.
NOW = local_datetime(datetime.date(2025, 10, 22), datetime.time(12, 0))
WEEK_1 = datetime.date(2025, 9, 1)


def wednesday_of_week(n: int) -> datetime.date:
    return WEEK_1 + datetime.timedelta(weeks=n - 1, days=2)


def progress(*people: Participant):  # type: ignore[no-untyped-def]
    return progress_for(Participant.objects.filter(pk__in=[p.pk for p in people]), now=NOW)


@pytest.fixture
def ect_weeks(db):  # type: ignore[no-untyped-def]
    return {week: module("ect", 1, week) for week in range(1, 9)}


@time_machine.travel(NOW, tick=False)
def test_modules_done_and_weekly_coaching_count_in_the_engagement_figure(
    ect, mentor, other_ect, ect_weeks, calendar_2025
) -> None:
    for week in range(1, 6):
        complete(ect, ect_weeks[week], wednesday_of_week(week))
    complete(ect, ect_weeks[8], wednesday_of_week(8))  # this week's: done, but not due yet
    # Paired on Wednesday 3 September: week 1 had no mentor on its first day, so coaching counts from week 2.
    meetings(ect, mentor, [wednesday_of_week(week) for week in range(2, 8)])
    erin = progress(ect)[ect.pk]
    assert erin.so_far is not None
    assert (erin.so_far.done, erin.so_far.due) == (11, 13)
    assert erin.so_far.breakdown == "Modules 5 of 7, coaching 6 of 6"
    assert erin.status is Status.ON_TRACK


@time_machine.travel(NOW, tick=False)
def test_an_ect_who_does_no_modules_and_no_coaching_is_behind(other_ect, ect_weeks, calendar_2025) -> None:
    ed = progress(other_ect)[other_ect.pk]
    assert ed.so_far is not None and ed.so_far.breakdown == "Modules 0 of 7, coaching 0 of 6"
    assert ed.status is Status.BEHIND
    assert "can no longer be reached" in ed.verdict.reason


@time_machine.travel(NOW, tick=False)
def test_a_module_caught_up_later_counts_for_its_own_week(ect, ect_weeks, calendar_2025) -> None:
    complete(ect, ect_weeks[1], wednesday_of_week(7))
    erin = progress(ect)[ect.pk]
    assert erin.so_far is not None and erin.so_far.breakdown.startswith("Modules 1 of 7")


@time_machine.travel(NOW, tick=False)
def test_a_mentor_in_training_has_modules_due_and_a_trained_mentor_none(mentor, calendar_2025) -> None:
    for week in range(1, 4):
        module("mentor", 1, week)
    max_ = progress(mentor)[mentor.pk]
    assert max_.so_far is not None and max_.so_far.breakdown == "Modules 0 of 3"  # no coaching of their own
    Participant.objects.filter(pk=mentor.pk).update(mentor_training=Participant.MentorTraining.TRAINED)
    assert progress(mentor)[mentor.pk].so_far.due == 0  # type: ignore[union-attr]


@time_machine.travel(NOW, tick=False)
def test_in_year_2_coaching_is_due_every_two_teaching_weeks(school, mentor, calendar_2025) -> None:
    second_year = make_participant(
        email="yan@riverside.test", name="Yan Second", school=school,
        cohort=get_or_create_cohort(start_year=2024), kind="ect", trn="1000009",
    )  # fmt: skip
    Mentorship.objects.create(mentor=mentor, ect=second_year, started_on=datetime.date(2024, 9, 4))
    meetings(second_year, mentor, [wednesday_of_week(1), wednesday_of_week(5)])
    yan = progress(second_year)[second_year.pk]
    # Stretches (1, 2), (3, 4), (5, 6) are over; (7, 8) is not.
    assert yan.so_far is not None and yan.so_far.breakdown == "Coaching 2 of 3"


@time_machine.travel(NOW, tick=False)
def test_an_ect_without_a_mentor_has_no_coaching_due(school, cohort, ect_weeks, calendar_2025) -> None:
    alone = make_participant(
        email="al@riverside.test", name="Al Alone", school=school, cohort=cohort, kind="ect", trn="1000008"
    )
    assert progress(alone)[alone.pk].so_far.breakdown == "Modules 0 of 7"  # type: ignore[union-attr]
