"""Staff out of class per school per day: one count for the scheduler, its preview and the school's dates page."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from ecfhub.events.tests.factories import assign, make_event, make_session
from ecfhub.scheduling.models import Assignment
from ecfhub.scheduling.services.loading import load_hub
from ecfhub.scheduling.staff_out import staff_out_per_school_day
from ecfhub.scheduling.summaries import school_training_days

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 1, 20)
LATER = datetime.date(2026, 1, 21)


@pytest.fixture
def dates(cohort, ect, mentor, other_ect):  # type: ignore[no-untyped-def]
    conference = make_event(cohort, kind="conference", title="Adaptive teaching")
    mentor_conference = make_event(cohort, kind="conference", audience="mentor", title="Mentoring well")
    clinic = make_event(cohort, order=2, title="Routines clinic")
    assign(ect, make_session(conference, DAY, start=(9, 30), end=(15, 30)))
    assign(mentor, make_session(mentor_conference, DAY, start=(9, 30), end=(15, 30)))
    assign(mentor, make_session(clinic, LATER))  # after school: no cover
    moved = assign(other_ect, make_session(clinic, DAY, start=(10, 0), end=(11, 0)))
    Assignment.objects.filter(pk=moved.pk).update(status=Assignment.Status.MOVED)  # no longer out that day
    assign(other_ect, make_session(conference, LATER, start=(9, 30), end=(15, 30)))


def test_daytime_dates_count_per_school_and_day_and_after_school_or_ended_ones_do_not(
    dates, school, other_school
) -> None:
    assert staff_out_per_school_day(Assignment.objects.all()) == {(school.pk, DAY): 2, (other_school.pk, LATER): 1}


def test_the_scheduler_and_the_schools_dates_page_count_the_same(dates, school, other_school) -> None:
    counted = staff_out_per_school_day(Assignment.objects.all())
    hub = load_hub(cohort=None, events=None, until=None, as_of=datetime.date(2025, 12, 1))
    assert hub.problem.school_day_taken == counted
    now = timezone.make_aware(datetime.datetime(2026, 1, 10, 12, 0))
    for school_id in (school.pk, other_school.pk):
        page = {d.day: d.needing_cover for d in school_training_days(school_id, now=now)}
        assert {day: n for day, n in page.items() if n} == {day: n for (s, day), n in counted.items() if s == school_id}
