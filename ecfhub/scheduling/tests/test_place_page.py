"""The page where a hub admin gives one person a date: find them, then choose one of their programme's dates."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.urls import reverse

from ecfhub.people.models import Participant
from ecfhub.scheduling.models import Assignment
from ecfhub.scheduling.services import place_manually

pytestmark = pytest.mark.django_db
URL = reverse("scheduling:place")
LATE = datetime.datetime(2025, 10, 21, 9, 0)  # the November sessions are short notice
EARLY = datetime.datetime(2025, 9, 3, 9, 0)


def _page(response):  # type: ignore[no-untyped-def]
    return BeautifulSoup(response.content.decode(), "html.parser")


def _summary(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [a.get_text(strip=True) for a in _page(response).select(".govuk-error-summary__list a")]


def test_an_empty_search_asks_for_a_name_email_or_trn(client, hub_admin) -> None:
    client.force_login(hub_admin)
    assert "Name, e-mail address or TRN" in client.get(URL).content.decode()
    assert _summary(client.get(URL, {"q": ""})) == ["Enter a name, e-mail address or TRN to search for."]


def test_it_finds_active_people_by_name_email_or_trn_with_school_and_cohort(
    client, hub_admin, ect, other_ect, mentor
) -> None:
    client.force_login(hub_admin)
    by_name = _page(client.get(URL, {"q": "erin"})).select("main li")
    assert [li.a.get_text(" ", strip=True).split(",")[0].strip() for li in by_name] == ["Erin Ect"]
    assert "Riverside" in by_name[0].get_text() and "2025/26 cohort" in by_name[0].get_text().replace("\n", " ")
    assert by_name[0].a["href"] == f"{URL}?participant={ect.pk}"
    by_email = client.get(URL, {"q": "oakfield.test"}).content.decode()
    assert "Ed Ect" in by_email and "Erin Ect" not in by_email
    by_trn = client.get(URL, {"q": " 2000001 "}).content.decode()
    assert "Max Mentor" in by_trn and "Erin Ect" not in by_trn
    Participant.objects.filter(pk=ect.pk).update(status=Participant.Status.WITHDRAWN)
    assert "No active participant has that name" in client.get(URL, {"q": "erin"}).content.decode()


def test_a_search_lists_at_most_20_people(client, hub_admin, school, cohort) -> None:
    from ecfhub.conftest import make_participant

    for n in range(21):
        make_participant(
            email=f"teacher{n:02d}@riverside.test", name=f"Teacher {n:02d}", school=school, cohort=cohort,
            kind="ect", trn=f"30000{n:02d}",
        )  # fmt: skip
    client.force_login(hub_admin)
    response = client.get(URL, {"q": "teacher"})
    assert len(_page(response).select("main li")) == 20
    assert "First 20 matches" in response.content.decode() and "More people match" in response.content.decode()
    assert len(_page(client.get(URL, {"q": "teacher 1"})).select("main li")) == 10


@time_machine.travel(EARLY, tick=False)
def test_the_person_page_lists_their_events_current_dates_and_seats_left(client, hub_admin, sessions, ect) -> None:
    place_manually(participant=ect, session=sessions["1a"], actor=hub_admin)
    client.force_login(hub_admin)
    page = _page(client.get(URL, {"participant": ect.pk}))
    text = page.get_text(" ", strip=True)
    assert "Give Erin Ect a date" in text
    assert "Routines that work" in text and "Checking for understanding" in text
    assert "Their date now: Tuesday 4 November 2025, 16:00" in text
    assert "They have no date for this event yet." in text
    values = [int(r["value"]) for r in page.select("input[name=session]")]
    assert values == [sessions[k].pk for k in ("1a", "1b", "2a", "2b")]
    assert "9 seats left" in text and "10 seats left" in text and "Online" in text


@time_machine.travel(EARLY, tick=False)
def test_choosing_a_date_places_them_and_moves_the_old_one(client, hub_admin, sessions, ect) -> None:
    place_manually(participant=ect, session=sessions["1a"], actor=hub_admin)
    client.force_login(hub_admin)
    done = client.post(f"{URL}?participant={ect.pk}", {"session": sessions["1b"].pk})
    assert done.status_code == 302 and done["Location"] == f"{URL}?participant={ect.pk}"
    assert Assignment.objects.get(participant=ect, status="assigned").session == sessions["1b"]
    assert Assignment.objects.get(participant=ect, status="moved").session == sessions["1a"]
    assert "has the date" in client.get(done["Location"]).content.decode()


@time_machine.travel(LATE, tick=False)
def test_the_notice_is_waived_only_with_a_reason(client, hub_admin, sessions, ect) -> None:
    client.force_login(hub_admin)
    url = f"{URL}?participant={ect.pk}"
    data = {"session": sessions["1a"].pk}
    assert any("Waive the notice" in m for m in _summary(client.post(url, data)))
    refused = client.post(url, {**data, "waive_notice": "on"})
    assert _summary(refused) == ["Enter the reason for waiving the notice."]
    assert _page(refused).select_one("#id_waive_notice").has_attr("checked")
    assert _page(refused).select_one(f"input[value='{sessions['1a'].pk}']").has_attr("checked")
    done = client.post(url, {**data, "waive_notice": "on", "waiver_reason": "Joined late"})
    assert done.status_code == 302
    assert Assignment.objects.get().notice_waiver_reason == "Joined late"


@time_machine.travel(EARLY, tick=False)
def test_the_service_rules_show_as_errors_on_the_page(client, hub_admin, sessions, ect, other_ect) -> None:
    sessions["1a"].capacity = 1
    sessions["1a"].save()
    place_manually(participant=other_ect, session=sessions["1a"], actor=hub_admin)
    client.force_login(hub_admin)
    url = f"{URL}?participant={ect.pk}"
    assert "Full" in client.get(url).content.decode()
    full = client.post(url, {"session": sessions["1a"].pk})
    assert _summary(full) == ["This session is full. Choose another date or raise its capacity."]
    assert _page(full).select_one(".govuk-error-summary a")["href"] == "#id_session_0"
    assert _summary(client.post(url, {})) == ["Choose a date."]
    assert _summary(client.post(url, {"session": 99999})) == [
        "Choose one of the dates listed. The list may have changed: check it again."
    ]
    assert not Assignment.objects.filter(participant=ect).exists()


@time_machine.travel(EARLY, tick=False)
def test_a_person_whose_programme_has_no_events_is_told_so_and_gets_no_other_date(
    client, hub_admin, sessions, mentor
) -> None:
    client.force_login(hub_admin)
    page = client.get(URL, {"participant": mentor.pk})
    assert "Their programme has no events yet." in page.content.decode()
    refused = client.post(f"{URL}?participant={mentor.pk}", {"session": sessions["1a"].pk})
    assert refused.status_code == 200 and not Assignment.objects.exists()


def test_an_unknown_or_inactive_person_is_not_found(client, hub_admin, ect) -> None:
    client.force_login(hub_admin)
    # Not an id at all: the address was changed by hand (lib/params.py answers 400 with a message).
    assert client.get(URL, {"participant": "nope"}).status_code == 400
    assert client.get(URL, {"participant": 99999}).status_code == 404
    Participant.objects.filter(pk=ect.pk).update(status=Participant.Status.WITHDRAWN)
    assert client.get(URL, {"participant": ect.pk}).status_code == 404


def test_only_hub_admins_find_or_place_people(client, tutor, ect) -> None:
    client.force_login(tutor)
    assert client.get(URL, {"q": "erin"}).status_code == 403
    assert client.get(URL, {"participant": ect.pk}).status_code == 403
    client.force_login(ect.user)
    assert client.post(f"{URL}?participant={ect.pk}", {"session": 1}).status_code == 403


@time_machine.travel(EARLY, tick=False)
def test_the_person_page_makes_the_same_queries_for_few_or_many_sessions(
    client, hub_admin, sessions, ect, clinic_2, django_assert_num_queries
) -> None:
    from ecfhub.scheduling.tests.conftest import make_session

    client.force_login(hub_admin)
    client.get(URL, {"participant": ect.pk})
    # session, user, roles (2), person, events, their dates, sessions with seats, hub settings (once a request)
    with django_assert_num_queries(9):
        client.get(URL, {"participant": ect.pk})
    for n in range(10):
        make_session(clinic_2, datetime.date(2026, 2, 2) + datetime.timedelta(days=n))
    with django_assert_num_queries(9):
        client.get(URL, {"participant": ect.pk})
