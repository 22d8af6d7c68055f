"""Facilitators see the sessions they run and who is booked on them; nobody else's."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from ecfhub.conftest import make_user
from ecfhub.events.tests.factories import assign, make_event, make_session
from ecfhub.lib.text_tags import as_read
from ecfhub.scheduling.models import Assignment

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2026, 1, 10, 12, 0))


@pytest.fixture
def sessions(cohort, facilitator, ect, other_ect, mentor):  # type: ignore[no-untyped-def]
    clinic = make_event(cohort, title="Routines that work")
    past = make_session(clinic, datetime.date(2026, 1, 6))
    upcoming = make_session(clinic, datetime.date(2026, 1, 20))
    not_mine = make_session(make_event(cohort, order=2, title="Someone else's clinic"), datetime.date(2026, 1, 21))
    for session in (past, upcoming):
        session.facilitators.add(facilitator)
    assign(ect, upcoming)
    assign(other_ect, upcoming)
    moved = assign(mentor, upcoming)
    Assignment.objects.filter(pk=moved.pk).update(status=Assignment.Status.MOVED)  # no longer on it
    return {"past": past, "upcoming": upcoming, "not_mine": not_mine}


def test_a_facilitator_sees_their_sessions_upcoming_and_past_with_how_many_are_booked(client, facilitator, sessions):
    client.force_login(facilitator)
    with time_machine.travel(NOW):
        page = client.get(reverse("events:facilitating")).text
    upcoming, past = page.split("Coming up")[1].split(">Past<")
    assert "Tuesday 20 January 2026" in upcoming and "2 of 20 places" in upcoming
    assert "Tuesday 6 January 2026" in past
    assert "Someone else&#x27;s clinic" not in page


def test_who_is_booked_shows_names_and_schools_but_not_addresses_to_a_facilitator(client, facilitator, sessions):
    client.force_login(facilitator)
    page = as_read(client.get(reverse("events:session_people", args=[sessions["upcoming"].pk])).text)
    assert "Erin Ect" in page and "Riverside Primary" in page and "Ed Ect" in page and "Oakfield Academy" in page
    assert "Max Mentor" not in page  # moved off the session
    assert "erin@riverside.test" not in page


def test_a_hub_admin_sees_who_is_booked_with_addresses(client, hub_admin, sessions):
    client.force_login(hub_admin)
    page = as_read(client.get(reverse("events:session_people", args=[sessions["upcoming"].pk])).text)
    assert "erin@riverside.test" in page


def test_another_facilitator_cannot_see_who_is_booked(client, sessions):
    someone = make_user("fay@hub.test", "Fay Facilitator", is_facilitator=True)
    client.force_login(someone)
    assert client.get(reverse("events:session_people", args=[sessions["upcoming"].pk])).status_code == 404
    assert "Routines" not in client.get(reverse("events:facilitating")).text


def test_my_programme_shows_a_facilitator_their_next_session(client, facilitator, sessions):
    client.force_login(facilitator)
    with time_machine.travel(NOW):
        page = client.get(reverse("dashboard")).text
    assert "Sessions you facilitate" in page
    assert "Next: Routines that work, Tuesday 20 January 2026 at 16:00." in page


def test_my_sessions_and_who_is_booked_cost_the_same_queries_however_many(client, facilitator, cohort, ect, other_ect):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(facilitator)
    session = make_session(make_event(cohort), datetime.date(2026, 1, 20))
    session.facilitators.add(facilitator)
    assign(ect, session)

    def queries(url: str) -> int:
        with time_machine.travel(NOW), CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    people_url = reverse("events:session_people", args=[session.pk])
    queries(reverse("events:facilitating"))  # warm: the first request also creates the hub's settings row
    before = queries(reverse("events:facilitating")), queries(people_url)
    assign(other_ect, session)
    for n in range(2, 6):
        more = make_session(make_event(cohort, order=n, title=f"Clinic {n}"), datetime.date(2026, 1, 20 + n))
        more.facilitators.add(facilitator)
    assert (queries(reverse("events:facilitating")), queries(people_url)) == before
