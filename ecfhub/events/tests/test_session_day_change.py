"""A session's day is history once it starts, must lie ahead and in its programme year, and a new day is
checked against everyone booked on it before anything is saved."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from ecfhub.calendar.services import create_feed_token
from ecfhub.events.services import DayChangeNeedsConfirming, add_sessions, update_session
from ecfhub.events.tests.factories import assign, make_event, make_session
from ecfhub.hub.models import HubSettings
from ecfhub.lib.errors import DomainError
from ecfhub.notifications.models import OutboundMessage
from ecfhub.notifications.testing import send_held
from ecfhub.scheduling.models import Assignment, PlaceChange
from ecfhub.scheduling.services import places

pytestmark = pytest.mark.django_db

DECEMBER = "2025-12-01 10:00 +00:00"


@pytest.fixture(autouse=True)
def _in_december():  # type: ignore[no-untyped-def]
    with time_machine.travel(DECEMBER, tick=False):
        yield


@pytest.fixture
def session(cohort, calendar_2025):  # type: ignore[no-untyped-def]
    HubSettings.objects.update_or_create(pk=1, defaults={"minimum_notice_school_days": 5})
    return make_session(make_event(cohort), day=datetime.date(2026, 1, 14), capacity=5)  # a Wednesday


def _edit(session, **changes):  # type: ignore[no-untyped-def]
    fields = {
        "session": session, "day": session.date, "start_time": datetime.time(16), "end_time": datetime.time(17),
        "mode": "online", "joining_url": session.joining_url, "capacity": session.capacity,
    }  # fmt: skip
    fields.update(changes)
    return update_session(**fields)


def _form(session, **overrides):  # type: ignore[no-untyped-def]
    data = {
        "date": session.date.isoformat(), "start_time": "16:00", "end_time": "17:00", "mode": "online",
        "joining_url": session.joining_url, "venue": "", "capacity": str(session.capacity),
    }  # fmt: skip
    data.update(overrides)
    return data


def test_a_session_cannot_be_added_on_a_day_already_past(client, hub_admin, cohort, calendar_2025):
    event = make_event(cohort)
    with pytest.raises(DomainError) as refused:
        add_sessions(
            event=event, dates=[datetime.date(2025, 11, 26)], start_time=datetime.time(16),
            end_time=datetime.time(17), mode="online", joining_url="https://meet.example.com/x", capacity=5,
            actor=hub_admin,
        )  # fmt: skip
    assert refused.value.code == "session_in_past"
    client.force_login(hub_admin)
    html = client.post(
        f"/manage/events/{event.pk}/sessions/add/",
        {"date_1": "2025-11-26", "start_time": "16:00", "end_time": "17:00", "mode": "online",
         "joining_url": "https://meet.example.com/x", "capacity": "5"},
    ).content.decode()  # fmt: skip
    assert "Wednesday 26 November 2025 at that time has already passed" in html
    assert not event.sessions.exists()


def test_a_session_cannot_be_added_outside_its_events_programme_year(client, hub_admin, cohort, calendar_2025):
    year_1 = make_event(cohort)
    with pytest.raises(DomainError) as refused:
        add_sessions(
            # Year 1 of the 2025 cohort ends with the April intake's: 31 March 2027 (a September starter's ends
            # 31 August 2026, but a January or April starter may still take a year-1 session in the autumn).
            event=year_1, dates=[datetime.date(2027, 4, 6)], start_time=datetime.time(16),
            end_time=datetime.time(17), mode="online", joining_url="https://meet.example.com/x", capacity=5,
            actor=hub_admin,
        )  # fmt: skip
    assert refused.value.code == "outside_programme_year"
    assert "outside programme year 1 of the 2025 cohort (1 September 2025 to 31 March 2027)" in refused.value.message


def test_a_new_day_that_breaks_a_rule_is_shown_before_anything_is_saved(client, hub_admin, session, ect, other_ect):
    ect.unavailable_weekdays = [3]  # Thursdays
    ect.save()
    assign(ect, session)
    assign(other_ect, session)
    client.force_login(hub_admin)
    url = f"/manage/events/sessions/{session.pk}/edit/"
    html = client.post(url, _form(session, date="2026-01-15")).content.decode()
    assert "Check who the new day affects" in html and "Erin Ect does not work on Thursdays." in html
    assert "Ed Ect" not in html
    assert f'name="displace" value="{ect.pk}"' in html
    session.refresh_from_db()
    assert session.date == datetime.date(2026, 1, 14) and session.sequence == 0

    response = client.post(url, _form(session, date="2026-01-15", confirm_day_change="yes", displace=str(ect.pk)))
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.date == datetime.date(2026, 1, 15)
    erin = Assignment.objects.get(participant=ect)
    assert erin.status == Assignment.Status.DISPLACED
    assert Assignment.objects.get(participant=other_ect).is_active
    change = PlaceChange.objects.get(kind="displaced")
    assert change.participant == ect and change.from_session == session and change.actor == hub_admin
    assert "Thursday 15 January 2026" in change.reason
    told = OutboundMessage.objects.get(kind="place_displaced")
    assert told.to == "erin@riverside.test" and "does not work on Thursdays" in told.body_text
    send_held()
    assert list(OutboundMessage.objects.filter(kind="session_changed").values_list("to", flat=True)) == [
        "ed@oakfield.test"
    ]


def test_a_confirmation_for_other_people_than_the_rules_find_now_is_refused(hub_admin, session, ect, other_ect):
    ect.unavailable_weekdays = [3]
    ect.save()
    assign(ect, session)
    assign(other_ect, session)
    with pytest.raises(DayChangeNeedsConfirming):
        _edit(session, day=datetime.date(2026, 1, 15), actor=hub_admin, displace={other_ect.pk})
    with pytest.raises(DayChangeNeedsConfirming) as asked:
        _edit(session, day=datetime.date(2026, 1, 15), actor=hub_admin)
    assert [(a.participant, [r.code for r in a.refusals]) for a in asked.value.affected] == [(ect, ["not_working_day"])]
    assert Assignment.objects.filter(status="assigned").count() == 2


def test_same_day_and_event_order_are_rechecked_too(hub_admin, session, ect, cohort) -> None:
    later_event = make_event(cohort, order=2, title="Checking for understanding")
    assign(ect, session)
    assign(ect, make_session(later_event, day=datetime.date(2026, 1, 20)))
    with pytest.raises(DayChangeNeedsConfirming) as asked:
        _edit(session, day=datetime.date(2026, 1, 20), actor=hub_admin)
    assert [r.code for r in asked.value.affected[0].refusals] == ["same_day"]
    with pytest.raises(DayChangeNeedsConfirming) as asked:
        _edit(session, day=datetime.date(2026, 1, 21), actor=hub_admin)
    assert [r.code for r in asked.value.affected[0].refusals] == ["out_of_order"]


def test_short_notice_alone_keeps_the_place_once_the_hub_confirms(hub_admin, session, ect) -> None:
    HubSettings.objects.filter(pk=1).update(minimum_notice_school_days=30)
    assign(ect, session)
    with pytest.raises(DayChangeNeedsConfirming) as asked:
        _edit(session, day=datetime.date(2026, 1, 15), actor=hub_admin)
    (item,) = asked.value.affected
    assert [r.code for r in item.refusals] == ["short_notice"] and not item.blocking
    _edit(session, day=datetime.date(2026, 1, 15), actor=hub_admin, displace=set())
    assert Assignment.objects.get(participant=ect).is_active
    assert not PlaceChange.objects.filter(kind="displaced").exists()


def test_a_session_that_has_started_keeps_its_day_and_times(client, hub_admin, session, ect) -> None:
    assign(ect, session)
    with time_machine.travel(session.starts_at, tick=False):
        with pytest.raises(DomainError) as refused:
            _edit(session, day=datetime.date(2026, 1, 15), actor=hub_admin)
        assert refused.value.code == "session_closed"
        client.force_login(hub_admin)
        html = client.get(f"/manage/events/sessions/{session.pk}/edit/").content.decode()
        assert "This session has started, so its day and times stay as they are" in html
        # The date field is shown but disabled; posting another date changes nothing.
        client.post(f"/manage/events/sessions/{session.pk}/edit/", _form(session, date="2026-01-15", capacity="6"))
    session.refresh_from_db()
    assert session.date == datetime.date(2026, 1, 14) and session.capacity == 6


def test_raising_the_capacity_announces_the_new_seats(hub_admin, session) -> None:
    heard: list[places.Freed] = []

    def listener(freed: places.Freed, actor: object) -> None:
        heard.append(freed)

    places.on_seats_freed(listener)
    try:
        _edit(session, capacity=8, actor=hub_admin)
        _edit(session, capacity=6, actor=hub_admin)
    finally:
        places._listeners.remove(listener)
    assert heard == [places.Freed(seats={session.pk: 3})]


def test_someone_taken_off_sees_why_on_my_events_and_their_feed_drops_the_date(client, hub_admin, session, ect) -> None:
    ect.unavailable_weekdays = [3]
    ect.save()
    assign(ect, session)
    token = create_feed_token(user=ect.user, actor=ect.user)
    _edit(session, day=datetime.date(2026, 1, 15), actor=hub_admin, displace={ect.pk})
    client.force_login(ect.user)
    html = client.get("/events/").content.decode()
    assert "Routines that work has moved to Thursday 15 January, a day that does not work for you." in html
    feed = client.get(f"/calendar/feed/{token}.ics").content.decode()
    assert "STATUS:CANCELLED" in feed and session.ical_uid in feed


def test_adding_dates_that_event_order_leaves_to_nobody_warns_before_saving(
    client, hub_admin, cohort, calendar_2025, ect
) -> None:
    first = make_event(cohort, order=1)
    second = make_event(cohort, order=2, title="Checking for understanding")
    assign(ect, make_session(second, day=datetime.date(2026, 1, 14)))
    client.force_login(hub_admin)
    data = {"date_1": "2026-02-04", "start_time": "16:00", "end_time": "17:00", "mode": "online",
            "joining_url": "https://meet.example.com/x", "capacity": "5"}  # fmt: skip
    html = client.post(f"/manage/events/{first.pk}/sessions/add/", data).content.decode()
    assert "None of the 1 person who still needs this event could take these dates" in html
    assert "out of order with Checking for understanding on Wednesday 14 January 2026" in html
    assert not first.sessions.exists()
    response = client.post(f"/manage/events/{first.pk}/sessions/add/", {**data, "add_anyway": "yes"})
    assert response.status_code == 302 and first.sessions.count() == 1
    # Dates before their later event need no warning.
    response = client.post(f"/manage/events/{first.pk}/sessions/add/", {**data, "date_1": "2026-01-07"})
    assert response.status_code == 302


def test_a_session_that_has_started_offers_no_cancel_link_and_its_cancel_page_says_why(
    client, hub_admin, session
) -> None:
    client.force_login(hub_admin)
    cancel_url = f"/manage/events/sessions/{session.pk}/cancel/"
    assert cancel_url in client.get(f"/manage/events/{session.event_id}/").content.decode()
    with time_machine.travel(session.starts_at, tick=False):
        client.force_login(hub_admin)  # six weeks on: a new sign-in
        assert cancel_url not in client.get(f"/manage/events/{session.event_id}/").content.decode()
        assert "it stays in people's history as it happened" in client.get(cancel_url).content.decode()
        html = client.post(cancel_url, {"reason": "Too late"}).content.decode()
    assert "This session has already started, so it cannot be cancelled." in html
    session.refresh_from_db()
    assert not session.is_cancelled
