"""The pages for changing a date: My events' link, the choice page, a tutor's view, the hub's list and decision."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from ecfhub.hub.models import HubSettings
from ecfhub.scheduling.models import Assignment, ChangeRequest
from ecfhub.scheduling.services.requests import ask_for_date
from ecfhub.scheduling.tests.conftest import make_session

pytestmark = pytest.mark.django_db

EARLY = datetime.datetime(2025, 9, 3, 9, 0)


def book(participant, session) -> Assignment:  # type: ignore[no-untyped-def]
    return Assignment.objects.create(participant=participant, event=session.event, session=session)


@time_machine.travel(EARLY, tick=False)
def test_my_events_offers_a_change_for_each_date_still_to_come(client, sessions, ect) -> None:
    assignment = book(ect, sessions["1a"])
    client.force_login(ect.user)
    page = client.get("/events/").text
    assert f"/events/dates/{assignment.pk}/change/" in page and "Can't make this date?" in page


@time_machine.travel(EARLY, tick=False)
def test_the_page_lists_the_other_dates_with_seats_left_and_moves_the_person(client, sessions, ect) -> None:
    assignment = book(ect, sessions["1a"])
    client.force_login(ect.user)
    page = client.get(f"/events/dates/{assignment.pk}/change/").text
    assert "Wednesday 5 November 2025" in page and "10 seats left" in page
    assert "Tuesday 4 November 2025, 16:00 to 17:00" in page  # their date now, not offered again
    response = client.post(
        f"/events/dates/{assignment.pk}/change/", {"session": sessions["1b"].pk, "reason": "school"}, follow=True
    )
    assert "Date changed to Wednesday 5 November" in response.text
    assert Assignment.objects.get(participant=ect, status="assigned").session == sessions["1b"]


@time_machine.travel(EARLY, tick=False)
def test_a_missing_choice_shows_an_error_summary(client, sessions, ect) -> None:
    assignment = book(ect, sessions["1a"])
    client.force_login(ect.user)
    page = client.post(f"/events/dates/{assignment.pk}/change/", {"reason": "other"}).text
    assert "There is a problem" in page
    assert "Choose the date you can make." in page and "Say in a few words why" in page
    assert not ChangeRequest.objects.exists()


@time_machine.travel(EARLY, tick=False)
def test_a_date_that_would_put_their_events_out_of_order_is_not_offered_and_says_why(
    client, sessions, ect, clinic_1
) -> None:
    # The choices are the place rules' (scheduling.rules), not a copy: event order binds here too.
    late = make_session(clinic_1, datetime.date(2026, 1, 20))
    book(ect, sessions["2a"])  # their second clinic is on 13 January
    assignment = book(ect, sessions["1a"])
    client.force_login(ect.user)
    page = client.get(f"/events/dates/{assignment.pk}/change/").text
    assert f'value="{late.pk}"' not in page and f'value="{sessions["1b"].pk}"' in page
    assert "out of order with Checking for understanding" in page


@time_machine.travel(EARLY, tick=False)
def test_a_day_they_do_not_work_is_not_offered_and_says_why(client, sessions, ect) -> None:
    ect.unavailable_weekdays = [2]  # Wednesdays
    ect.save()
    assignment = book(ect, sessions["1a"])
    client.force_login(ect.user)
    page = client.get(f"/events/dates/{assignment.pk}/change/").text
    assert 'name="session"' not in page
    assert "Erin Ect does not work on Wednesdays." in page


@time_machine.travel(EARLY, tick=False)
def test_a_tutor_changes_a_date_from_the_persons_page(client, sessions, ect, tutor) -> None:
    assignment = book(ect, sessions["1a"])
    client.force_login(tutor)
    page = client.get(f"/participants/{ect.pk}/").text
    assert f"/events/dates/{assignment.pk}/change/" in page
    response = client.post(
        f"/events/dates/{assignment.pk}/change/", {"session": sessions["1b"].pk, "reason": "school"}, follow=True
    )
    assert response.redirect_chain[-1][0] == f"/participants/{ect.pk}/"
    assert "Wednesday 5 November 2025" in response.text
    assert ChangeRequest.objects.get().asked_by == tutor


@time_machine.travel(EARLY, tick=False)
def test_another_schools_tutor_cannot_reach_the_date(client, sessions, ect, other_tutor) -> None:
    assignment = book(ect, sessions["1a"])
    client.force_login(other_tutor)
    assert client.get(f"/events/dates/{assignment.pk}/change/").status_code == 404


@time_machine.travel(EARLY, tick=False)
def test_an_open_request_shows_on_my_events_and_can_be_withdrawn(client, sessions, ect) -> None:
    hub = HubSettings.load()
    hub.date_change_policy = "approval"
    hub.save()
    book(ect, sessions["1a"])
    request = ask_for_date(participant=ect, to_session=sessions["1b"], reason="school", details="", actor=ect.user)
    client.force_login(ect.user)
    page = client.get("/events/").text
    assert "Waiting for the hub to decide" in page
    response = client.post(f"/events/date-requests/{request.pk}/withdraw/", follow=True)
    assert "Request withdrawn" in response.text
    request.refresh_from_db()
    assert request.status == ChangeRequest.Status.WITHDRAWN


@time_machine.travel(EARLY, tick=False)
def test_the_hub_sees_pending_requests_in_needs_attention_and_declines_with_a_message(
    client, sessions, ect, hub_admin
) -> None:
    hub = HubSettings.load()
    hub.date_change_policy = "approval"
    hub.save()
    book(ect, sessions["1a"])
    request = ask_for_date(participant=ect, to_session=sessions["1b"], reason="school", details="", actor=ect.user)
    client.force_login(hub_admin)
    assert "request to change a date waits for your decision" in client.get("/manage/").text
    listing = client.get("/manage/date-changes/").text
    assert "Erin Ect" in listing and f"/manage/date-changes/{request.pk}/" in listing
    page = client.post(f"/manage/date-changes/{request.pk}/", {"decision": "decline"}).text
    assert "Enter a message for the person" in page
    response = client.post(
        f"/manage/date-changes/{request.pk}/",
        {"decision": "decline", "message": "Full of Norwich schools."},
        follow=True,
    )
    assert "Request declined" in response.text
    request.refresh_from_db()
    assert request.status == ChangeRequest.Status.DECLINED and request.message == "Full of Norwich schools."


@time_machine.travel(EARLY, tick=False)
def test_a_declined_request_stays_on_my_events_with_the_hubs_reason(client, sessions, ect, hub_admin) -> None:  # type: ignore[no-untyped-def]
    from ecfhub.scheduling.services.requests import decide

    hub = HubSettings.load()
    hub.date_change_policy = "approval"
    hub.save()
    book(ect, sessions["1a"])
    asked = ask_for_date(participant=ect, to_session=sessions["1b"], reason="school", details="", actor=ect.user)
    decide(request=asked, approve=False, message="That day is for year 2 only.", actor=hub_admin)
    client.force_login(ect.user)
    body = client.get("/events/").content.decode()
    assert "The hub declined it" in body and "That day is for year 2 only." in body
