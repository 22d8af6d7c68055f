import datetime

import pytest
import time_machine

from ecfhub.audit.models import AuditEntry
from ecfhub.events.services import update_session
from ecfhub.events.tests.factories import assign, make_event, make_session
from ecfhub.hub.models import HubSettings
from ecfhub.lib.errors import DomainError
from ecfhub.notifications.models import OutboundMessage
from ecfhub.notifications.testing import send_held


@pytest.fixture(autouse=True)
def _before_the_sessions():  # type: ignore[no-untyped-def]
    # The sessions are in January 2026; only sessions still to come can be added or moved.
    with time_machine.travel("2025-12-01 10:00 +00:00", tick=False):
        yield


@pytest.fixture
def session(cohort, calendar_2025):  # type: ignore[no-untyped-def]
    return make_session(make_event(cohort), capacity=3)


def _form(**overrides):  # type: ignore[no-untyped-def]
    data = {
        "date": "2026-01-14", "start_time": "16:00", "end_time": "17:00", "mode": "online",
        "joining_url": "https://meet.example.com/secret-room", "venue": "", "capacity": "3",
    }  # fmt: skip
    data.update(overrides)
    return data


def test_moving_a_session_bumps_its_sequence_and_tells_the_people_on_it(client, hub_admin, session, ect):
    assign(ect, session)
    HubSettings.objects.update_or_create(pk=1, defaults={"minimum_notice_school_days": 5})  # no notice to re-check
    client.force_login(hub_admin)
    response = client.post(f"/manage/events/sessions/{session.pk}/edit/", _form(date="2026-01-15", start_time="15:45"))
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.sequence == 1
    assert session.date == datetime.date(2026, 1, 15)
    send_held()
    message = OutboundMessage.objects.get(kind="session_changed")
    assert message.to == "erin@riverside.test"
    assert "Thursday 15 January 2026, 15:45 to 17:00" in message.body_text
    assert AuditEntry.objects.filter(action="session.updated").exists()


def test_a_capacity_change_alone_does_not_move_it_in_calendars(client, hub_admin, session, ect):
    assign(ect, session)
    client.force_login(hub_admin)
    client.post(f"/manage/events/sessions/{session.pk}/edit/", _form(capacity="10"))
    session.refresh_from_db()
    assert session.capacity == 10 and session.sequence == 0
    assert not OutboundMessage.objects.exists()


def test_it_refuses_a_new_date_that_is_not_a_school_day(client, hub_admin, session):
    client.force_login(hub_admin)
    html = client.post(f"/manage/events/sessions/{session.pk}/edit/", _form(date="2026-02-17")).content.decode()
    assert "Tue 17 Feb 2026 falls in the school holidays" in html
    session.refresh_from_db()
    assert session.date == datetime.date(2026, 1, 14)


def test_capacity_cannot_drop_below_the_people_on_it(hub_admin, session, ect, other_ect):
    assign(ect, session)
    assign(other_ect, session)
    with pytest.raises(DomainError) as caught:
        update_session(
            session=session, day=session.date, start_time=datetime.time(16), end_time=datetime.time(17),
            mode="online", joining_url=session.joining_url, capacity=1, actor=hub_admin,
        )  # fmt: skip
    assert caught.value.code == "capacity_below_booked"
    assert "2 people already have this date" in caught.value.message
