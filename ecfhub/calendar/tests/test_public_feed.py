import datetime

import pytest
import time_machine
import vobject

from ecfhub.events.services import cancel_session
from ecfhub.events.tests.factories import assign, make_event, make_session
from ecfhub.hub.models import HubSettings

pytestmark = pytest.mark.usefixtures("calendar_2025")


def _parse(response):  # type: ignore[no-untyped-def]
    """Read the feed back with vobject, a parser independent of the icalendar library that wrote it."""
    return vobject.readOne(response.content.decode("utf-8"))


@time_machine.travel("2025-12-01 10:00 +00:00", tick=False)
def test_the_feed_holds_every_session_in_london_time_with_stable_uids(client, cohort, ect):
    clinic = make_event(cohort, title="Routines that work")
    winter = make_session(clinic, datetime.date(2026, 1, 14))
    summer = make_session(
        make_event(cohort, kind="conference", order=2, title="How pupils learn"),
        datetime.date(2026, 6, 10),
        start=(9, 30),
        end=(15, 30),
        mode="in_person",
    )
    assign(ect, winter)

    first = client.get("/calendar.ics")
    assert first.status_code == 200
    assert first["Content-Type"] == "text/calendar; charset=utf-8"
    cal = _parse(first)
    events = cal.vevent_list
    assert len(events) == 2
    assert cal.vtimezone.tzid.value == "Europe/London"
    by_uid = {e.uid.value: e for e in events}
    assert set(by_uid) == {winter.ical_uid, summer.ical_uid}

    jan = by_uid[winter.ical_uid]
    # vobject keeps the TZID it read, and resolves it to the VTIMEZONE's rules.
    assert jan.dtstart.params["X-VOBJ-ORIGINAL-TZID"] == ["Europe/London"]
    assert jan.dtend.params["X-VOBJ-ORIGINAL-TZID"] == ["Europe/London"]
    assert jan.dtstart.value.replace(tzinfo=None) == datetime.datetime(2026, 1, 14, 16, 0)
    assert jan.dtstart.value.utcoffset() == datetime.timedelta(0)  # GMT in January
    jun = by_uid[summer.ical_uid]
    assert jun.dtstart.value.replace(tzinfo=None) == datetime.datetime(2026, 6, 10, 9, 30)
    assert jun.dtstart.value.utcoffset() == datetime.timedelta(hours=1)  # BST in June
    assert jun.location.value  # a venue, never a joining link
    assert jan.location.value == "Online"
    assert jan.sequence.value == "0" and jan.status.value == "CONFIRMED"
    assert hasattr(jan, "dtstamp")

    second = _parse(client.get("/calendar.ics"))
    assert sorted(e.uid.value for e in second.vevent_list) == sorted(by_uid)
    assert client.get("/calendar.ics").content == first.content  # the same data gives the same file

    body = first.content.decode()
    assert "Erin Ect" not in body and "secret-room" not in body


@time_machine.travel("2025-12-01 10:00 +00:00", tick=False)
def test_a_cancelled_session_stays_in_the_feed_marked_cancelled_with_a_new_sequence(client, cohort, hub_admin):
    session = make_session(make_event(cohort))
    cancel_session(session=session, reason="Snow", actor=hub_admin)
    (event,) = _parse(client.get("/calendar.ics")).vevent_list
    assert event.status.value == "CANCELLED"
    assert event.sequence.value == "1"
    assert event.uid.value == session.ical_uid


@time_machine.travel("2025-12-01 10:00 +00:00", tick=False)
def test_the_feed_takes_the_pages_filters(client, cohort):
    make_session(make_event(cohort, order=1), datetime.date(2025, 11, 12))
    make_session(make_event(cohort, order=2, kind="conference"), datetime.date(2026, 1, 14))
    make_session(make_event(cohort, order=1, audience="mentor"), datetime.date(2026, 1, 15))
    assert len(_parse(client.get("/calendar.ics?kind=conference")).vevent_list) == 1
    assert len(_parse(client.get("/calendar.ics?audience=mentor")).vevent_list) == 1
    assert len(_parse(client.get("/calendar.ics?half_term=3")).vevent_list) == 2
    assert "vevent" not in _parse(client.get("/calendar.ics?year=2026")).contents


@time_machine.travel("2025-12-01 10:00 +00:00", tick=False)
def test_the_feed_makes_the_same_queries_for_2_or_50_sessions(client, cohort, ect, django_assert_num_queries):
    clinic = make_event(cohort)
    days = [datetime.date(2026, 1, d) for d in (7, 8, 9, 12, 13, 14, 15, 16, 19, 20)]
    assign(ect, make_session(clinic, days[0]))
    make_session(clinic, days[1])
    HubSettings.load()  # the settings row exists on any running hub
    # Made: hub settings, half terms, what the file shows, the sessions, (year and venue choices); kept: no
    # sessions read.
    with django_assert_num_queries(6):
        client.get("/calendar.ics")
    for i in range(48):
        make_session(clinic, days[i % len(days)])
    with django_assert_num_queries(6):
        response = client.get("/calendar.ics")
    with django_assert_num_queries(5):
        assert client.get("/calendar.ics").content == response.content
    assert len(_parse(response).vevent_list) == 50
