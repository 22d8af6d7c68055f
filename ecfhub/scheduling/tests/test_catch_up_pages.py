"""The pages for a missed session: My events' notice, the catch-up page, the tutor's and the hub's views.

Erin was marked absent at clinic 1 on Tuesday 4 November 2025 (session 1a); it is that evening."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from ecfhub.attendance.tests.factories import set_mark
from ecfhub.scheduling.models import Assignment
from ecfhub.scheduling.tests.conftest import make_session

pytestmark = pytest.mark.django_db

EVENING = datetime.datetime(2025, 11, 4, 18, 0)


@pytest.fixture
def missed(ect, sessions) -> Assignment:  # type: ignore[no-untyped-def]
    place = Assignment.objects.create(participant=ect, event=sessions["1a"].event, session=sessions["1a"])
    set_mark(place, "absent")
    return place


@time_machine.travel(EVENING, tick=False)
def test_my_events_tells_the_person_what_they_missed_and_links_to_a_catch_up(client, missed, ect) -> None:
    client.force_login(ect.user)
    page = client.get(reverse("events:mine")).text
    assert "You missed Routines that work on Tuesday 4 November." in page
    assert reverse("dates:catch_up", args=[missed.pk]) in page


@time_machine.travel(EVENING, tick=False)
def test_the_catch_up_page_lists_the_eligible_dates_and_books_one(client, missed, sessions, ect) -> None:
    client.force_login(ect.user)
    url = reverse("dates:catch_up", args=[missed.pk])
    page = client.get(url).text
    assert "Choose a catch-up date" in page and "Wednesday 5 November 2025, 16:00 to 17:00" in page
    assert "10 seats left" in page
    response = client.post(url, {"session": sessions["1b"].pk}, follow=True)
    assert "Catch-up date booked: Wednesday 5 November" in response.text
    assert "You missed Routines that work" not in response.text  # back on My events, nothing left to choose
    missed.refresh_from_db()
    assert missed.status == "missed"
    # Coming back to the page says so rather than offering a second catch-up.
    again = client.get(url, follow=True).text
    assert "A catch-up date for Routines that work has already been chosen." in again


@time_machine.travel(EVENING, tick=False)
def test_a_full_date_is_offered_with_its_waiting_list(client, missed, sessions, ect, other_ect, hub_admin) -> None:
    full = sessions["1b"]
    full.capacity = 1
    full.save()
    Assignment.objects.create(participant=other_ect, event=full.event, session=full)
    client.force_login(ect.user)
    url = reverse("dates:catch_up", args=[missed.pk])
    assert "Full: join the waiting list" in client.get(url).text
    response = client.post(url, {"session": full.pk}, follow=True)
    assert "you are on its waiting list" in response.text
    assert "asked for a catch-up date, Wednesday 5 November 2025" in response.text
    client.force_login(hub_admin)
    assert "Erin Ect, Riverside Primary: a catch-up, missed 4 November" in client.get(reverse("dates:hub")).text


@time_machine.travel(EVENING, tick=False)
def test_the_tutor_sees_the_absence_and_books_a_catch_up_for_them(client, missed, sessions, ect, tutor) -> None:
    client.force_login(tutor)
    progress = client.get(reverse("attendance:school", args=[ect.school_id])).text
    assert "Erin Ect missed Routines that work on 4 November 2025 and has no catch-up yet." in progress
    response = client.post(reverse("dates:catch_up", args=[missed.pk]), {"session": sessions["1b"].pk}, follow=True)
    assert response.status_code == 200
    assert Assignment.objects.get(participant=ect, status="assigned").session == sessions["1b"]
    progress = client.get(reverse("attendance:school", args=[ect.school_id])).text
    assert "Nobody has missed a session without a catch-up." in progress


@time_machine.travel(EVENING, tick=False)
def test_the_hub_sees_who_missed_a_session_with_no_catch_up(client, missed, hub_admin) -> None:
    client.force_login(hub_admin)
    page = client.get(reverse("attendance:hub")).text
    section = page.split("Missed, with no catch-up yet")[1].split("Attendance per event and session")[0]
    assert "Erin Ect" in section and "Routines that work, 4 Nov 2025" in section


@time_machine.travel(EVENING, tick=False)
def test_someone_elses_missed_place_is_not_found(client, sessions, missed, other_ect, other_tutor, mentor) -> None:
    theirs = Assignment.objects.create(participant=other_ect, event=sessions["1a"].event, session=sessions["1a"])
    set_mark(theirs, "absent")
    for user in (other_ect.user, other_tutor, mentor.user):
        client.force_login(user)
        assert client.get(reverse("dates:catch_up", args=[missed.pk])).status_code == 404
        assert (
            client.post(reverse("dates:catch_up", args=[missed.pk]), {"session": sessions["1b"].pk}).status_code == 404
        )
        assert client.post(reverse("attendance:self_study", args=[missed.pk])).status_code == 404
    assert Assignment.objects.get(pk=missed.pk).status == "assigned"


@time_machine.travel(EVENING, tick=False)
def test_a_place_that_was_attended_has_no_catch_up(client, sessions, ect) -> None:
    came = Assignment.objects.create(participant=ect, event=sessions["1a"].event, session=sessions["1a"])
    set_mark(came, "present")
    client.force_login(ect.user)
    response = client.get(reverse("dates:catch_up", args=[came.pk]), follow=True)
    assert "The register does not show this session as missed." in response.text


@pytest.mark.parametrize("extra", [1, 12])
def test_the_catch_up_page_costs_the_same_queries_however_many_dates(
    client, extra, missed, clinic_1, ect, django_assert_num_queries
) -> None:
    for n in range(extra):
        make_session(clinic_1, datetime.date(2025, 11, 12) + datetime.timedelta(days=7 * (n // 2) + n % 2))
    client.force_login(ect.user)
    url = reverse("dates:catch_up", args=[missed.pk])
    with time_machine.travel(EVENING, tick=False):
        client.get(url)  # warm the session and the hub's settings
        with django_assert_num_queries(13):  # the same with 2 dates and with 13
            page = client.get(url).text
    assert page.count('class="govuk-radios__input"') == 1 + extra


@time_machine.travel(EVENING, tick=False)
def test_my_events_offers_the_dates_that_would_count_and_books_one_in_a_click(client, missed, sessions, ect) -> None:  # type: ignore[no-untyped-def]
    client.force_login(ect.user)
    page = client.get(reverse("events:mine")).text
    assert "These dates count as your catch-up." in page
    assert f'name="session" value="{sessions["1b"].pk}"' in page and "Book Wednesday 5 November, 16:00 to 17:00" in page
    response = client.post(reverse("dates:catch_up", args=[missed.pk]), {"session": sessions["1b"].pk}, follow=True)
    assert "Catch-up date booked: Wednesday 5 November" in response.text


@time_machine.travel(EVENING, tick=False)
def test_with_no_date_to_catch_up_the_page_says_who_is_dealing_with_it_not_contact_the_hub(
    client, missed, sessions, ect
) -> None:  # type: ignore[no-untyped-def]
    for key in ("1b", "1c"):
        if key in sessions:
            sessions[key].delete()
    client.force_login(ect.user)
    page = client.get(reverse("events:mine")).text
    assert "No other date of this event is open to you yet." in page and "Contact the hub" not in page
