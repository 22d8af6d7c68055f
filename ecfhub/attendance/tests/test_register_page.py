"""The register page: a facilitator takes it one tap per person, without JavaScript."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from ecfhub.attendance.models import AttendanceRecord
from ecfhub.attendance.tests.factories import set_mark
from ecfhub.conftest import make_user
from ecfhub.events.services import local_datetime
from ecfhub.events.tests.factories import assign, make_event, make_session
from ecfhub.people.models import User

DAY = datetime.date(2026, 3, 3)
DURING = local_datetime(DAY, datetime.time(16, 30))
CLOSED = local_datetime(datetime.date(2026, 3, 20), datetime.time(9, 0))


@pytest.fixture
def session(cohort, facilitator, calendar_2025):  # type: ignore[no-untyped-def]
    session = make_session(make_event(cohort, title="Routines that work"), DAY)
    session.facilitators.add(facilitator)
    return session


@pytest.fixture
def places(session, ect, other_ect):  # type: ignore[no-untyped-def]
    return [assign(ect, session), assign(other_ect, session)]


def sign_in(client, email: str) -> None:  # type: ignore[no-untyped-def]
    client.force_login(User.objects.get(email=email))


@time_machine.travel(DURING, tick=False)
def test_the_register_lists_everyone_placed_with_their_school(client, session, places, facilitator) -> None:
    sign_in(client, facilitator.email)
    page = client.get(reverse("attendance:register", args=[session.pk])).content.decode()
    assert "Erin Ect" in page and "Riverside Primary" in page
    assert "Ed Ect" in page and "Oakfield Academy" in page
    assert "Mark everyone present" in page
    assert page.count("Not marked yet") == 2


@time_machine.travel(DURING, tick=False)
def test_one_tap_saves_a_mark_and_comes_back_to_the_same_person(client, session, places, facilitator) -> None:
    sign_in(client, facilitator.email)
    url = reverse("attendance:register", args=[session.pk])
    response = client.post(url, {"place": places[0].pk, "mark": "late"})
    assert response.status_code == 302
    assert response["Location"] == f"{url}#place-{places[0].pk}"
    assert AttendanceRecord.objects.get(assignment=places[0]).mark == "late"
    page = client.get(url).content.decode()
    assert "Erin Ect: late." in page
    assert 'aria-pressed="true"' in page


@time_machine.travel(DURING, tick=False)
def test_mark_everyone_present_then_change_one(client, session, places, facilitator) -> None:
    sign_in(client, facilitator.email)
    client.post(reverse("attendance:everyone_present", args=[session.pk]))
    client.post(reverse("attendance:register", args=[session.pk]), {"place": places[1].pk, "mark": "absent"})
    marks = dict(AttendanceRecord.objects.values_list("assignment_id", "mark"))
    assert marks == {places[0].pk: "present", places[1].pk: "absent"}


@time_machine.travel(DURING, tick=False)
def test_a_post_without_a_mark_shows_an_error_for_that_person(client, session, places, facilitator) -> None:
    sign_in(client, facilitator.email)
    response = client.post(reverse("attendance:register", args=[session.pk]), {"place": places[0].pk})
    assert response.status_code == 422
    assert "There is a problem" in response.content.decode()
    assert f'href="#place-{places[0].pk}"' in response.content.decode()


@time_machine.travel(DURING, tick=False)
def test_a_place_from_another_session_is_not_found(client, session, places, facilitator, cohort, mentor) -> None:
    elsewhere = assign(mentor, make_session(make_event(cohort, audience="mentor", title="Mentoring"), DAY))
    sign_in(client, facilitator.email)
    response = client.post(reverse("attendance:register", args=[session.pk]), {"place": elsewhere.pk, "mark": "late"})
    assert response.status_code == 404


@time_machine.travel(DURING, tick=False)
def test_a_facilitator_of_other_sessions_gets_not_found(client, session, places) -> None:
    make_user("sam@hub.test", "Sam Stranger", is_facilitator=True)
    sign_in(client, "sam@hub.test")
    assert client.get(reverse("attendance:register", args=[session.pk])).status_code == 404
    assert client.post(reverse("attendance:everyone_present", args=[session.pk])).status_code == 404


@time_machine.travel(CLOSED, tick=False)
def test_a_closed_register_is_read_only_for_its_facilitator(client, session, places, facilitator) -> None:
    sign_in(client, facilitator.email)
    url = reverse("attendance:register", args=[session.pk])
    page = client.get(url).content.decode()
    assert "ask the hub to correct it" in page
    assert 'name="mark"' not in page
    response = client.post(url, {"place": places[0].pk, "mark": "present"})
    assert response.status_code == 422
    assert "This register has closed" in response.content.decode()


@time_machine.travel(CLOSED, tick=False)
def test_a_hub_admin_corrects_a_closed_register_with_a_reason(client, session, places, hub_admin) -> None:
    sign_in(client, hub_admin.email)
    url = reverse("attendance:register", args=[session.pk])
    assert "Reason for the correction" in client.get(url).content.decode()
    refused = client.post(url, {"place": places[0].pk, "mark": "present"})
    assert "Say why you are correcting a closed register." in refused.content.decode()
    client.post(url, {"place": places[0].pk, "mark": "present", "reason": "Came in late, signed paper sheet"})
    page = client.get(url).content.decode()
    assert "Reason: Came in late, signed paper sheet" in page


@time_machine.travel(DURING - datetime.timedelta(hours=2), tick=False)
def test_before_the_session_starts_the_register_says_when_it_opens(client, session, places, facilitator) -> None:
    sign_in(client, facilitator.email)
    page = client.get(reverse("attendance:register", args=[session.pk])).content.decode()
    assert "The register opens when the session starts" in page
    assert 'name="mark"' not in page


@time_machine.travel(DURING, tick=False)
def test_my_registers_lists_what_to_take_and_what_is_still_open(client, session, places, facilitator, cohort) -> None:
    taken = make_session(make_event(cohort, order=2, title="Behaviour clinic"), datetime.date(2026, 3, 2))
    taken.facilitators.add(facilitator)
    set_mark(assign(places[0].participant, taken), "present")
    sign_in(client, facilitator.email)
    page = client.get(reverse("attendance:mine")).content.decode()
    to_take, still_open = page.split("Taken, still open")
    assert "Routines that work" in to_take and "2 of 2" in to_take
    assert "Behaviour clinic" in still_open and "1 of 1" in still_open
