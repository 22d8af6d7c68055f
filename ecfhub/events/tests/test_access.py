import pytest
import time_machine

from ecfhub.events.tests.factories import assign, make_event, make_session


@pytest.fixture
def session(cohort, calendar_2025):  # type: ignore[no-untyped-def]
    return make_session(make_event(cohort))


def _admin_pages(session):  # type: ignore[no-untyped-def]
    event = session.event
    return [
        "/manage/events/",
        "/manage/events/new/",
        f"/manage/events/{event.pk}/",
        f"/manage/events/{event.pk}/edit/",
        f"/manage/events/{event.pk}/sessions/add/",
        f"/manage/events/sessions/{session.pk}/edit/",
        f"/manage/events/sessions/{session.pk}/cancel/",
    ]


@pytest.mark.parametrize("who", ["facilitator", "tutor", "mentor", "ect"])
def test_hub_admin_pages_refuse_every_other_role(client, session, who, request):
    person = request.getfixturevalue(who)
    client.force_login(getattr(person, "user", person))
    for url in _admin_pages(session):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {}).status_code == 403, url


def test_hub_admin_pages_send_visitors_to_sign_in(client, session):
    for url in _admin_pages(session):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/account/login/"), url


@time_machine.travel("2025-12-01 10:00 +00:00", tick=False)  # before the session, so it can still be cancelled
def test_a_hub_admin_reaches_every_page(client, hub_admin, session):
    client.force_login(hub_admin)
    for url in _admin_pages(session):
        assert client.get(url).status_code == 200, url


def test_a_participant_downloads_only_their_own_sessions(client, session, ect, other_ect):
    assign(ect, session)
    other = make_session(session.event, day=session.date.replace(day=21))
    assign(other_ect, other)
    client.force_login(ect.user)
    own = client.get(f"/events/sessions/{session.pk}/calendar.ics")
    assert own.status_code == 200
    assert own["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in own["Content-Disposition"]
    assert b"https://meet.example.com/secret-room" in own.content
    assert client.get(f"/events/sessions/{other.pk}/calendar.ics").status_code == 404
    assert client.get("/events/sessions/999999/calendar.ics").status_code == 404


def test_a_place_that_ended_no_longer_gives_the_file(client, session, ect):
    assignment = assign(ect, session)
    assignment.status = "moved"
    assignment.save()
    client.force_login(ect.user)
    assert client.get(f"/events/sessions/{session.pk}/calendar.ics").status_code == 404


def test_a_facilitator_downloads_the_sessions_they_deliver(client, session, facilitator):
    client.force_login(facilitator)
    assert client.get(f"/events/sessions/{session.pk}/calendar.ics").status_code == 404
    session.facilitators.add(facilitator)
    assert client.get(f"/events/sessions/{session.pk}/calendar.ics").status_code == 200
