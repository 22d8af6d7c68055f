"""A person whose date keeps moving gets one e-mail with the final date, after the changes stop
(notifications/pace.py), through the real worker and a real SMTP server."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone

from ecfhub.notifications import pace
from ecfhub.notifications.models import HeldMessage
from ecfhub.notifications.testing import run_tasks, text_of
from ecfhub.scheduling.models import Assignment
from ecfhub.scheduling.services.assignments import place_manually
from ecfhub.scheduling.services.requests import ask_for_date
from ecfhub.scheduling.tests.conftest import make_session

pytestmark = pytest.mark.django_db(transaction=True)

# Early September 2025, a school morning; the November dates are well ahead.
START = timezone.make_aware(datetime.datetime(2025, 9, 3, 9, 0))


@pytest.fixture
def dates(sessions, clinic_1):  # type: ignore[no-untyped-def]
    """Four dates of the first clinic: Tuesday 4, Wednesday 5, Thursday 6 and Tuesday 11 November."""
    return {
        **sessions,
        "1c": make_session(clinic_1, datetime.date(2025, 11, 6)),
        "1d": make_session(clinic_1, datetime.date(2025, 11, 11)),
    }


def at(moment: datetime.datetime):  # type: ignore[no-untyped-def]
    return time_machine.travel(moment, tick=False)


def move(person, session, actor) -> None:  # type: ignore[no-untyped-def]
    ask_for_date(participant=person, to_session=session, reason="school", details="", actor=actor)


def periodic_run(moment: datetime.datetime) -> None:
    """What `manage.py periodic` and the worker do at `moment`: send the held e-mails that are due."""
    with time_machine.travel(moment):
        pace.send_held()
        run_tasks()


def test_six_date_moves_in_a_minute_send_one_email_with_the_final_date_after_the_quiet_period(
    smtp_server, dates, ect, tutor
):
    Assignment.objects.create(participant=ect, event=dates["1a"].event, session=dates["1a"])
    for n, name in enumerate(["1b", "1c", "1d", "1b", "1c", "1d"]):
        with at(START + datetime.timedelta(seconds=10 * n)):
            move(ect, dates[name], tutor)
    last_change = START + datetime.timedelta(seconds=50)

    periodic_run(last_change + datetime.timedelta(minutes=1))
    periodic_run(last_change + datetime.timedelta(minutes=9, seconds=59))
    assert smtp_server.received == []
    held = HeldMessage.objects.get()
    assert (held.user, held.changes) == (ect.user, 6)

    periodic_run(last_change + datetime.timedelta(minutes=10))
    periodic_run(last_change + datetime.timedelta(minutes=30))
    [email] = smtp_server.to("erin@riverside.test")
    assert email["Subject"] == "Your new date: Routines that work on Tuesday 11 November"
    body = text_of(email)
    assert "New date: Tuesday 11 November 2025, 16:00 to 17:00" in body
    # What they were told before is what the calendar file cancels, not the dates in between.
    assert "No longer: Tuesday 4 November 2025, 16:00" in body
    assert "5 November" not in body and "6 November" not in body
    assert not HeldMessage.objects.exists()


def test_a_date_moved_and_moved_back_sends_no_email(smtp_server, dates, ect, tutor):
    Assignment.objects.create(participant=ect, event=dates["1a"].event, session=dates["1a"])
    with at(START):
        move(ect, dates["1b"], tutor)
    with at(START + datetime.timedelta(seconds=20)):
        move(ect, dates["1a"], tutor)

    periodic_run(START + datetime.timedelta(minutes=11))
    periodic_run(START + datetime.timedelta(hours=2))
    assert smtp_server.received == []
    assert not HeldMessage.objects.exists()
    assert Assignment.objects.get(participant=ect, status="assigned").session == dates["1a"]


def test_two_peoples_dates_are_held_and_sent_independently(smtp_server, dates, ect, other_ect, tutor, other_tutor):
    for person in (ect, other_ect):
        Assignment.objects.create(participant=person, event=dates["1a"].event, session=dates["1a"])
    with at(START):
        move(ect, dates["1b"], tutor)
    with at(START + datetime.timedelta(minutes=5)):
        move(other_ect, dates["1c"], other_tutor)

    periodic_run(START + datetime.timedelta(minutes=10, seconds=1))
    assert [str(m["To"]) for m in smtp_server.received] == ["erin@riverside.test"]
    assert "Wednesday 5 November" in smtp_server.received[0]["Subject"]

    periodic_run(START + datetime.timedelta(minutes=15, seconds=1))
    [eds] = smtp_server.to("ed@oakfield.test")
    assert "Thursday 6 November" in eds["Subject"]
    assert len(smtp_server.received) == 2


def test_a_move_after_the_email_went_is_told_against_the_date_last_sent(smtp_server, dates, ect, tutor):
    Assignment.objects.create(participant=ect, event=dates["1a"].event, session=dates["1a"])
    with at(START):
        move(ect, dates["1b"], tutor)
    periodic_run(START + datetime.timedelta(minutes=11))
    with at(START + datetime.timedelta(minutes=20)):
        move(ect, dates["1c"], tutor)
    periodic_run(START + datetime.timedelta(minutes=31))

    first, second = smtp_server.to("erin@riverside.test")
    assert "Wednesday 5 November" in first["Subject"] and "Thursday 6 November" in second["Subject"]
    assert "No longer: Wednesday 5 November 2025" in text_of(second)


def test_the_hub_moving_a_date_twice_sends_one_new_dates_email(smtp_server, dates, ect, hub_admin):
    with at(START):
        place_manually(participant=ect, session=dates["1a"], actor=hub_admin)
    with at(START + datetime.timedelta(minutes=2)):
        place_manually(participant=ect, session=dates["1b"], actor=hub_admin)
    periodic_run(START + datetime.timedelta(minutes=11))
    assert smtp_server.received == []

    periodic_run(START + datetime.timedelta(minutes=12, seconds=1))
    [email] = smtp_server.to("erin@riverside.test")
    assert "When: Wednesday 5 November 2025, 16:00 to 17:00" in text_of(email)
    assert "4 November" not in text_of(email)


def test_changes_that_never_stop_are_told_within_an_hour_of_the_first(smtp_server, dates, ect, tutor):
    Assignment.objects.create(participant=ect, event=dates["1a"].event, session=dates["1a"])
    route = ["1b", "1c", "1d", "1b", "1c", "1d", "1b"]
    for n, name in enumerate(route):  # a change every nine minutes, for 54 minutes
        with at(START + datetime.timedelta(minutes=9 * n)):
            move(ect, dates[name], tutor)
        periodic_run(START + datetime.timedelta(minutes=9 * n, seconds=30))
    assert smtp_server.received == []

    periodic_run(START + datetime.timedelta(minutes=60))
    [email] = smtp_server.to("erin@riverside.test")
    assert "Wednesday 5 November" in email["Subject"]


def test_a_date_about_to_start_is_told_without_waiting_for_the_quiet_period(smtp_server, dates, ect, tutor):
    Assignment.objects.create(participant=ect, event=dates["1d"].event, session=dates["1d"])
    # Thursday 6 November at 15:52: the 16:00 session is eight minutes away.
    soon = timezone.make_aware(datetime.datetime(2025, 11, 6, 15, 52))
    with at(soon):
        move(ect, dates["1c"], tutor)
    periodic_run(soon + datetime.timedelta(minutes=1))
    [email] = smtp_server.to("erin@riverside.test")
    assert "Thursday 6 November" in email["Subject"]
