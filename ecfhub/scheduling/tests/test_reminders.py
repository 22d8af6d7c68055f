"""Reminders a week and a day before: they follow moves and cancellations and are never sent twice."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone

from ecfhub.events.services import cancel_session
from ecfhub.notifications import periodic
from ecfhub.notifications.models import OutboundMessage
from ecfhub.scheduling.services import place_manually, send_due_reminders

pytestmark = pytest.mark.django_db


def at(day: datetime.date, hour: int = 8) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def reminders() -> list[OutboundMessage]:
    return list(OutboundMessage.objects.filter(kind="session_reminder").order_by("pk"))


@pytest.fixture
def erin_on_1a(sessions, ect, hub_admin):
    with time_machine.travel(datetime.datetime(2025, 9, 3, 9, 0), tick=False):
        return place_manually(participant=ect, session=sessions["1a"], actor=hub_admin)


def test_a_reminder_goes_a_week_before_with_the_joining_link_and_only_once(erin_on_1a) -> None:
    # Session 1a is Tuesday 4 November 2025.
    assert send_due_reminders(now=at(datetime.date(2025, 10, 27))) == 0
    assert send_due_reminders(now=at(datetime.date(2025, 10, 28))) == 1
    assert send_due_reminders(now=at(datetime.date(2025, 10, 28), 12)) == 0
    (mail,) = reminders()
    assert mail.to == "erin@riverside.test"
    assert "https://meet.example.test/clinic" in mail.body_text
    assert mail.subject == "In 7 days: Routines that work"


def test_the_day_before_reminder_follows(erin_on_1a) -> None:
    send_due_reminders(now=at(datetime.date(2025, 10, 28)))
    assert send_due_reminders(now=at(datetime.date(2025, 11, 3))) == 1
    assert [m.subject for m in reminders()] == ["In 7 days: Routines that work", "Tomorrow: Routines that work"]


def test_a_reminder_follows_a_move(erin_on_1a, sessions, ect, hub_admin) -> None:
    with time_machine.travel(datetime.datetime(2025, 10, 20, 9, 0), tick=False):
        place_manually(
            participant=ect, session=sessions["1b"], actor=hub_admin, waive_notice=True, waiver_reason="Asked to move"
        )
    send_due_reminders(now=at(datetime.date(2025, 10, 28)))
    send_due_reminders(now=at(datetime.date(2025, 11, 3)))
    send_due_reminders(now=at(datetime.date(2025, 11, 4)))
    # Only reminders for Wednesday 5 November, the date she has now; none for the Tuesday she left.
    assert [m.subject for m in reminders()] == ["In 2 days: Routines that work", "Tomorrow: Routines that work"]
    assert all("Wednesday 5 November 2025" in m.body_text for m in reminders())


@time_machine.travel(datetime.datetime(2025, 9, 3, 9, 0), tick=False)
def test_no_reminder_goes_for_a_cancelled_session(erin_on_1a, sessions, hub_admin) -> None:
    cancel_session(session=sessions["1a"], reason="Facilitator unwell", actor=hub_admin)
    assert send_due_reminders(now=at(datetime.date(2025, 10, 28))) == 0
    assert reminders() == []


def test_the_reminder_job_is_registered_with_the_periodic_runner() -> None:
    assert "scheduling.reminders" in {job.name for job in periodic.registered()}
