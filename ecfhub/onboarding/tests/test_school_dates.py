"""A school's training dates page: who is out and when, for cover planning; never another school's staff."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from ecfhub.events.tests.factories import assign, make_event, make_session
from ecfhub.scheduling.models import Assignment

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2026, 1, 10, 12, 0))


@pytest.fixture
def dates(cohort, ect, mentor, other_ect):  # type: ignore[no-untyped-def]
    conference = make_event(cohort, kind="conference", title="Adaptive teaching")
    mentor_conference = make_event(cohort, kind="conference", audience="mentor", title="Mentoring well")
    clinic = make_event(cohort, order=2, title="Routines clinic")
    day = datetime.date(2026, 1, 20)
    moved = assign(ect, make_session(conference, datetime.date(2026, 2, 3), start=(9, 30), end=(15, 30)))
    Assignment.objects.filter(pk=moved.pk).update(status=Assignment.Status.MOVED)  # moved to the 20th
    assign(ect, make_session(conference, day, start=(9, 30), end=(15, 30)))
    assign(mentor, make_session(mentor_conference, day, start=(9, 30), end=(15, 30)))
    assign(ect, make_session(clinic, datetime.date(2026, 1, 27)))  # after school: no cover
    assign(other_ect, make_session(conference, datetime.date(2026, 1, 21), start=(9, 30), end=(15, 30)))
    return assign(mentor, make_session(clinic, datetime.date(2026, 1, 6)))  # past


def test_a_tutor_sees_their_staffs_dates_by_day_with_who_needs_cover(client, tutor, school, dates):
    client.force_login(tutor)
    with time_machine.travel(NOW):
        page = client.get(reverse("onboarding:school_dates", args=[school.pk])).text
    assert "Tuesday 20 January 2026" in page and "2 need cover" in page
    assert "Erin Ect" in page and "Max Mentor" in page and "Adaptive teaching" in page
    assert "Tuesday 27 January 2026" in page and "Routines clinic" in page
    assert "Tuesday 6 January 2026" not in page  # past
    assert "3 February 2026" not in page  # moved away
    assert "Ed Ect" not in page and "Wednesday 21 January" not in page  # another school's


def test_more_staff_out_than_the_hubs_limit_is_flagged(client, tutor, school, dates):
    from ecfhub.hub.models import HubSettings

    HubSettings.objects.filter(pk=HubSettings.load().pk).update(max_staff_out_per_school_per_day=1)
    client.force_login(tutor)
    with time_machine.travel(NOW):
        page = client.get(reverse("onboarding:school_dates", args=[school.pk])).text
    assert 'govuk-tag--red">2 need cover' in page


def test_the_page_says_so_when_nobody_has_a_date(client, tutor, school):
    client.force_login(tutor)
    page = client.get(reverse("onboarding:school_dates", args=[school.pk])).text
    assert "None of your staff has a training date coming up." in page


def test_the_school_page_links_to_it(client, tutor, school):
    client.force_login(tutor)
    page = client.get(reverse("onboarding:school", args=[school.pk])).text
    assert reverse("onboarding:school_dates", args=[school.pk]) in page


def test_the_page_costs_the_same_queries_for_one_date_or_many(client, tutor, school, cohort, ect, mentor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("onboarding:school_dates", args=[school.pk])
    client.force_login(tutor)

    def queries() -> int:
        with time_machine.travel(NOW), CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    assign(ect, make_session(make_event(cohort, title="First"), datetime.date(2026, 1, 20)))
    queries()  # warm: the first request also creates the hub's settings row (HubSettings.load)
    one = queries()
    for n in range(2, 8):
        event = make_event(cohort, order=n, title=f"Event {n}")
        assign(ect, make_session(event, datetime.date(2026, 1, 20 + n)))
        assign(mentor, make_session(event, datetime.date(2026, 2, 2 + n)))
    assert queries() == one


def test_the_school_page_shows_how_many_events_each_person_has_a_date_for(client, tutor, school, dates):
    client.force_login(tutor)
    page = client.get(reverse("onboarding:school", args=[school.pk])).text
    erin_row = page.split("Erin Ect</a>")[1].split("</tr>")[0]
    assert "2 of 2" in erin_row  # the conference and the clinic; the moved date does not count
    max_row = page.split("Max Mentor</a>")[1].split("</tr>")[0]
    assert "1 of 1" in max_row  # the mentors' conference (the old clinic date is not his programme's event)


def test_the_participant_page_shows_their_dates_and_the_next_one(client, tutor, ect, dates):
    client.force_login(tutor)
    with time_machine.travel(NOW):
        page = client.get(reverse("onboarding:participant", args=[ect.pk])).text
    assert "2 of the 2 events planned so far for their programme have dates." in page
    assert "Next: Adaptive teaching on Tuesday 20 January 2026 at 09:30." in page
