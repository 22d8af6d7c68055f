"""The hub correcting a session's time several times in a row tells each person on it once, with the
final time, after the changes stop (notifications/pace.py); through the worker and a real SMTP server."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone

from ecfhub.events.services import update_session
from ecfhub.events.tests.factories import assign, make_event, make_session
from ecfhub.hub.models import HubSettings
from ecfhub.notifications import pace
from ecfhub.notifications.models import HeldMessage
from ecfhub.notifications.testing import run_tasks, text_of

pytestmark = pytest.mark.django_db(transaction=True)

START = timezone.make_aware(datetime.datetime(2025, 12, 1, 10, 0))


@pytest.fixture
def session(cohort, calendar_2025, ect, other_ect):  # type: ignore[no-untyped-def]
    HubSettings.objects.update_or_create(pk=1, defaults={"minimum_notice_school_days": 5})  # no notice to re-check
    session = make_session(make_event(cohort), capacity=5)
    assign(ect, session)
    assign(other_ect, session)
    return session


def retime(session, start: tuple[int, int], actor, moment: datetime.datetime) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(moment, tick=False):
        session.refresh_from_db()
        update_session(
            session=session,
            day=session.date,
            start_time=datetime.time(*start),
            end_time=datetime.time(17, 30),
            mode=session.mode,
            joining_url=session.joining_url,
            venue=session.venue,
            capacity=session.capacity,
            actor=actor,
        )


def periodic_run(moment: datetime.datetime) -> None:
    with time_machine.travel(moment):
        pace.send_held()
        run_tasks()


def test_three_corrections_to_a_sessions_time_send_each_person_one_email_with_the_final_time(
    smtp_server, session, hub_admin
):
    for n, start in enumerate([(15, 30), (15, 45), (16, 15)]):
        retime(session, start, hub_admin, START + datetime.timedelta(seconds=20 * n))
    periodic_run(START + datetime.timedelta(minutes=5))
    assert smtp_server.received == []
    assert HeldMessage.objects.count() == 2  # one per person on it

    periodic_run(START + datetime.timedelta(minutes=11))
    for address in ("erin@riverside.test", "ed@oakfield.test"):
        [email] = smtp_server.to(address)
        assert "Wednesday 14 January 2026, 16:15 to 17:30" in text_of(email)
        assert "15:30" not in text_of(email) and "15:45" not in text_of(email)


def test_a_session_moved_and_moved_back_sends_nobody_an_email(smtp_server, session, hub_admin):
    retime(session, (15, 30), hub_admin, START)
    # Back to 16:00 to 17:00, as everyone was told.
    with time_machine.travel(START + datetime.timedelta(minutes=1), tick=False):
        session.refresh_from_db()
        update_session(
            session=session,
            day=session.date,
            start_time=datetime.time(16, 0),
            end_time=datetime.time(17, 0),
            mode=session.mode,
            joining_url=session.joining_url,
            venue=session.venue,
            capacity=session.capacity,
            actor=hub_admin,
        )
    periodic_run(START + datetime.timedelta(minutes=30))
    assert smtp_server.received == []
    assert not HeldMessage.objects.exists()
    session.refresh_from_db()
    assert session.sequence == 2  # subscribed calendars still follow each change
