import datetime

import pytest
import time_machine
from bs4 import BeautifulSoup

from ecfhub.audit.models import AuditEntry
from ecfhub.events.models import Session
from ecfhub.events.services import add_sessions
from ecfhub.events.tests.factories import make_event
from ecfhub.hub.models import HubSettings
from ecfhub.lib.errors import DomainError


def _post(client, event, **overrides):  # type: ignore[no-untyped-def]
    data = {
        "date_1": "2026-01-14", "date_2": "2026-01-21", "start_time": "16:00", "end_time": "17:00",
        "mode": "online", "joining_url": "https://meet.example.com/clinic", "venue": "", "capacity": "25",
    }  # fmt: skip
    data.update(overrides)
    return client.post(f"/manage/events/{event.pk}/sessions/add/", {k: v for k, v in data.items() if v is not None})


def _checked(html: str, name: str) -> str:
    return str(BeautifulSoup(html, "html.parser").find("input", attrs={"name": name, "checked": True})["value"])


@pytest.fixture(autouse=True)
def _before_the_sessions():  # type: ignore[no-untyped-def]
    # The sessions are in January 2026; only sessions still to come can be added or moved.
    with time_machine.travel("2025-12-01 10:00 +00:00", tick=False):
        yield


@pytest.fixture
def clinic(cohort, calendar_2025):  # type: ignore[no-untyped-def]
    return make_event(cohort, kind="clinic")


def test_the_form_suggests_times_and_mode_by_kind(client, hub_admin, cohort, calendar_2025):
    client.force_login(hub_admin)
    clinic = make_event(cohort, kind="clinic", order=1)
    conference = make_event(cohort, kind="conference", order=2)
    clinic_html = client.get(f"/manage/events/{clinic.pk}/sessions/add/").content.decode()
    assert 'value="16:00"' in clinic_html and 'value="17:00"' in clinic_html
    assert _checked(clinic_html, "mode") == "online"
    conference_html = client.get(f"/manage/events/{conference.pk}/sessions/add/").content.decode()
    assert 'value="09:30"' in conference_html and 'value="15:30"' in conference_html
    assert _checked(conference_html, "mode") == "in_person"


def test_a_hub_admin_adds_several_dates_at_once(client, hub_admin, facilitator, clinic):
    client.force_login(hub_admin)
    response = _post(client, clinic, date_3="2026-02-04", facilitators=[facilitator.pk])
    assert response.status_code == 302
    sessions = list(clinic.sessions.all())
    assert [s.date for s in sessions] == [
        datetime.date(2026, 1, 14),
        datetime.date(2026, 1, 21),
        datetime.date(2026, 2, 4),
    ]
    first = sessions[0]
    assert first.starts_at.astimezone(datetime.UTC).hour == 16  # 16:00 in January is 16:00 UTC (GMT)
    assert first.capacity == 25 and first.joining_url == "https://meet.example.com/clinic"
    assert list(first.facilitators.all()) == [facilitator]
    assert AuditEntry.objects.filter(action="session.added").count() == 1


def test_summer_times_are_wall_clock_times_in_london(hub_admin, cohort, calendar_2025):
    conference = make_event(cohort, kind="conference")
    (session,) = add_sessions(
        event=conference, dates=[datetime.date(2026, 6, 10)], start_time=datetime.time(9, 30),
        end_time=datetime.time(15, 30), mode="in_person", capacity=40, actor=hub_admin,
    )  # fmt: skip
    assert session.starts_at.astimezone(datetime.UTC).time() == datetime.time(8, 30)  # BST


@pytest.mark.parametrize(
    ("day", "why"),
    [
        ("2026-01-17", "Sat 17 Jan 2026 is a Saturday, not a school day."),
        ("2026-05-04", "Mon 4 May 2026 is a bank holiday (May Day)."),
        ("2026-04-14", "Tue 14 Apr 2026 is a school closure day (Staff training day)."),
        ("2026-02-18", "Wed 18 Feb 2026 falls in the school holidays, outside every half term on the term calendar."),
        ("2025-12-25", "Thu 25 Dec 2025 is a bank holiday (Christmas Day)."),
    ],
)
def test_it_refuses_a_day_that_is_not_a_school_day_and_says_why(client, hub_admin, clinic, day, why):
    client.force_login(hub_admin)
    response = _post(client, clinic, date_2=day)
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert why in html
    assert 'href="#id_date_2_0"' in html  # the summary links to the offending date
    assert not Session.objects.exists()  # and the good date is not saved on its own either


def test_the_service_refuses_non_school_days_too(hub_admin, clinic):
    with pytest.raises(DomainError) as caught:
        add_sessions(
            event=clinic, dates=[datetime.date(2026, 1, 14), datetime.date(2026, 1, 18)], start_time=datetime.time(16),
            end_time=datetime.time(17), mode="online", joining_url="https://x.test/", capacity=5, actor=hub_admin,
        )  # fmt: skip
    assert caught.value.code == "not_school_day"
    assert "Sun 18 Jan 2026 is a Sunday" in caught.value.message
    assert not Session.objects.exists()


def test_it_asks_for_a_joining_link_for_online_sessions(client, hub_admin, clinic):
    client.force_login(hub_admin)
    html = _post(client, clinic, joining_url="").content.decode()
    assert "Enter the joining link for an online session." in html
    assert not Session.objects.exists()


def test_it_refuses_an_end_before_the_start_and_a_repeated_date(client, hub_admin, clinic):
    client.force_login(hub_admin)
    html = _post(client, clinic, date_2="2026-01-14", start_time="17:00", end_time="16:00").content.decode()
    assert "The end time must be after the start time." in html
    assert "Wed 14 Jan 2026 is already chosen as date 1." in html


def test_it_asks_for_at_least_one_date(client, hub_admin, clinic):
    client.force_login(hub_admin)
    html = _post(client, clinic, date_1="", date_2="").content.decode()
    assert "Choose at least one date." in html


def test_in_person_sessions_default_to_the_hubs_venue(client, hub_admin, cohort, calendar_2025):
    settings_row = HubSettings.load()
    settings_row.venue_address = "The Hub, 1 Cathedral Street, Norwich"
    settings_row.save()
    conference = make_event(cohort, kind="conference")
    client.force_login(hub_admin)
    assert (
        "Leave empty for the hub&#x27;s venue (The Hub, 1 Cathedral Street, Norwich)"
        in client.get(f"/manage/events/{conference.pk}/sessions/add/").content.decode()
    )
    _post(client, conference, mode="in_person", joining_url="", start_time="09:30", end_time="15:30", date_2="")
    _post(client, conference, mode="in_person", joining_url="", start_time="09:30", end_time="15:30",
          date_1="2026-01-15", date_2="", venue="Lowestoft satellite, Kirkley Road")  # fmt: skip
    places = [s.place(settings_row.venue_address) for s in conference.sessions.all()]
    assert places == ["The Hub, 1 Cathedral Street, Norwich", "Lowestoft satellite, Kirkley Road"]
