"""A participant's own dates summary: next date and how many events have a date."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from ecfhub.events.models import Session
from ecfhub.events.tests.factories import assign, make_event, make_session
from ecfhub.scheduling.models import Assignment
from ecfhub.scheduling.summaries import dates_summary

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2026, 1, 10, 12, 0))


@pytest.fixture
def programme(cohort, ect):  # type: ignore[no-untyped-def]
    """Three ECT events; Erin has a past date, a future date and a cancelled one."""
    first, second, third = (make_event(cohort, order=n, title=f"Clinic {n}") for n in (1, 2, 3))
    make_event(cohort, audience="mentor", title="Mentors only")  # not Erin's programme
    past = assign(ect, make_session(first, datetime.date(2026, 1, 6)))
    soon = assign(ect, make_session(second, datetime.date(2026, 1, 20)))
    cancelled = assign(ect, make_session(third, datetime.date(2026, 1, 14)))
    Assignment.objects.filter(pk=cancelled.pk).update(status=Assignment.Status.SESSION_CANCELLED)
    Session.objects.filter(pk=cancelled.session_id).update(status=Session.Status.CANCELLED)
    return past, soon, cancelled


def test_the_next_date_is_the_earliest_active_one_still_to_come(programme, ect, django_assert_num_queries):
    _, soon, _ = programme
    with django_assert_num_queries(4):
        summary = dates_summary(ect, now=NOW)
    assert summary.next_assignment == soon
    assert summary.next_assignment is not None and summary.next_assignment.session.event.title == "Clinic 2"


def test_only_events_of_their_own_programme_with_an_active_date_are_counted(programme, ect):
    summary = dates_summary(ect, now=NOW)
    assert (summary.events_in_programme, summary.events_with_a_date) == (3, 2)
    assert summary.events_without_a_date == 1
    assert summary.requirement is not None and (summary.requirement.clinics, summary.requirement.conferences) == (6, 3)


def test_someone_with_no_dates_has_no_next_date(cohort, ect):
    make_event(cohort)
    summary = dates_summary(ect, now=NOW)
    assert summary.next_assignment is None and summary.events_with_a_date == 0


def test_my_programme_shows_the_next_date_with_how_to_join(client, programme, ect, other_ect):
    _, soon, _ = programme
    Session.objects.filter(pk=soon.session_id).update(joining_url="https://meet.example.com/clinic-2")
    theirs = make_session(soon.event, datetime.date(2026, 1, 15))  # earlier, but another person's
    Session.objects.filter(pk=theirs.pk).update(joining_url="https://meet.example.com/not-erins")
    assign(other_ect, theirs)
    client.force_login(ect.user)
    with time_machine.travel(NOW):
        page = client.get(reverse("dashboard")).content.decode()
    assert "Your next training date" in page and "Clinic 2" in page and "Tuesday 20 January 2026" in page
    assert "https://meet.example.com/clinic-2" in page and "not-erins" not in page
    assert "You have a date for 2 of the 3 events planned so far." in page
    assert "attend 6 clinics and 3 conferences" in page


def test_my_programme_says_plainly_when_no_date_is_coming_up(client, cohort, ect):
    make_event(cohort)
    client.force_login(ect.user)
    page = client.get(reverse("dashboard")).content.decode()
    assert "No date coming up." in page
    assert "You have a date for 0 of the 1 event planned so far." in page


def test_someone_who_has_left_sees_no_dates_section(client, programme, ect):
    ect.status, ect.status_reason, ect.status_changed_on = "deferred", "other", datetime.date(2026, 1, 1)
    ect.save()
    client.force_login(ect.user)
    with time_machine.travel(NOW):
        page = client.get(reverse("dashboard")).content.decode()
    assert "Your training events" not in page and "Clinic 2" not in page
