"""E-mail pace: held messages (one row per recipient, kind and subject, however many change it at once)
and the per-recipient cap (the 11th e-mail in an hour waits for the next hour, and is never lost)."""

from __future__ import annotations

import datetime
import re
import threading

import pytest
import time_machine
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from ecfhub.notifications import pace
from ecfhub.notifications.models import HeldMessage, OutboundMessage, RecipientHour
from ecfhub.notifications.outbox import queue_message
from ecfhub.notifications.sending import sweep_outbox
from ecfhub.notifications.testing import run_tasks, text_of

pytestmark = pytest.mark.django_db(transaction=True)

# 9:05 in a winter morning: the hour's window runs to 10:00.
NINE = timezone.make_aware(datetime.datetime(2025, 12, 3, 9, 5))


def queue(to: str, n: int) -> OutboundMessage:
    return queue_message(
        to=to,
        kind="invitation",
        template="invitation",
        context={"name": "Erin Ect", "link": f"http://testserver/{n}", "expires_at": NINE, "reason": f"Number {n}."},
    )


def test_the_cap_defers_the_eleventh_email_to_the_next_hour_and_sends_it_then(smtp_server, client, hub_admin):
    with time_machine.travel(NINE):
        messages = [queue("erin@riverside.test", n) for n in range(11)]
        queue("ed@oakfield.test", 99)
        run_tasks()
    assert len(smtp_server.to("erin@riverside.test")) == 10
    assert len(smtp_server.to("ed@oakfield.test")) == 1  # another address is not held back
    waiting = OutboundMessage.objects.get(pk=messages[-1].pk)
    assert waiting.status == OutboundMessage.Status.QUEUED and waiting.is_waiting
    assert waiting.next_attempt_at == NINE.replace(hour=10, minute=0)
    assert waiting.attempts == 0  # a wait is not a failed try

    client.force_login(hub_admin)
    with time_machine.travel(NINE + datetime.timedelta(minutes=5)):
        page = client.get(reverse("notifications:outbox"), {"status": "waiting"}).content.decode()
    assert "Waiting" in page and "this address has been sent 10 e-mails this hour" in page
    assert "It will be sent from 3 Dec 2025 10:00." in page
    assert page.count("erin@riverside.test") == 1

    with time_machine.travel(NINE + datetime.timedelta(minutes=30)):
        run_tasks()
        sweep_outbox()  # the sweep sees a live task waiting for 10:00 and leaves it
        run_tasks()
    assert len(smtp_server.to("erin@riverside.test")) == 10

    with time_machine.travel(NINE.replace(hour=10, minute=0, second=1)):
        run_tasks()
    received = smtp_server.to("erin@riverside.test")
    assert len(received) == 11
    waiting.refresh_from_db()
    assert (waiting.status, waiting.attempts, waiting.waiting_reason) == (OutboundMessage.Status.SENT, 1, "")


def test_nothing_is_lost_when_far_more_than_the_cap_is_queued(smtp_server, settings):
    settings.ECFHUB_EMAIL_CAP_PER_HOUR = 3
    with time_machine.travel(NINE):
        for n in range(8):
            queue("erin@riverside.test", n)
        run_tasks()
    for hours in (1, 2, 3):
        with time_machine.travel(NINE.replace(minute=0) + datetime.timedelta(hours=hours, seconds=1)):
            run_tasks()
            sweep_outbox()
            run_tasks()
    numbers = sorted(re.search(r"Number (\d)\.", text_of(m)).group(1) for m in smtp_server.received)  # type: ignore[union-attr]
    assert numbers == [str(n) for n in range(8)]  # each once: 3 at 9:05, 3 at 10:00, 2 at 11:00
    assert {m.status for m in OutboundMessage.objects.all()} == {OutboundMessage.Status.SENT}
    assert sorted(RecipientHour.objects.values_list("sent", flat=True)) == [2, 3, 3]


def test_a_retry_after_a_failed_attempt_is_not_counted_again(smtp_server, settings):
    settings.ECFHUB_EMAIL_CAP_PER_HOUR = 1
    smtp_server.stop()
    with time_machine.travel(NINE):
        message = queue("erin@riverside.test", 1)
        run_tasks()
    smtp_server.start()
    with time_machine.travel(NINE + datetime.timedelta(minutes=2)):
        run_tasks()
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.SENT and message.attempts == 2
    assert RecipientHour.objects.get().sent == 1


def test_a_held_message_is_one_row_whatever_changes_it_and_keeps_what_was_told_first(ect):
    with time_machine.travel(NINE, tick=False):
        pace.hold(user=ect.user, kind="dates", about="participant:1", told={"7": 1}, context={"7": {"place": 10}})
    with time_machine.travel(NINE + datetime.timedelta(minutes=3), tick=False):
        pace.hold(
            user=ect.user, kind="dates", about="participant:1", told={"7": 2, "8": None}, context={"7": {"place": 11}}
        )
        pace.hold(user=ect.user, kind="dates", about="participant:2", told={}, context={})
    row = HeldMessage.objects.get(about="participant:1")
    assert row.changes == 2
    assert row.told == {"7": 1, "8": None}  # what they knew before the first change, plus the new event
    assert row.context == {"7": {"place": 11}}  # the latest change's facts
    assert row.due_at == NINE + datetime.timedelta(minutes=13)
    assert HeldMessage.objects.count() == 2


def test_a_held_message_for_an_account_no_longer_active_is_dropped_unsent(ect):
    calls: list[HeldMessage] = []
    pace.compose_with("test_kind", lambda held: calls.append(held) is None, label="Test")
    try:
        pace.hold(user=ect.user, kind="test_kind", about="x", told={})
        ect.user.is_active = False
        ect.user.save()
        assert pace.send_held(now=timezone.now() + datetime.timedelta(hours=1)) == {"sent": 0, "unsent": 1, "failed": 0}
    finally:
        pace._COMPOSERS.pop("test_kind")
    assert calls == [] and not HeldMessage.objects.exists()


def test_a_composer_that_fails_keeps_its_row_for_the_next_run(ect):
    def broken(held: HeldMessage) -> bool:
        raise RuntimeError("the template is missing")

    pace.compose_with("test_kind", broken, label="Test")
    try:
        pace.hold(user=ect.user, kind="test_kind", about="x", told={})
        assert pace.send_held(now=timezone.now() + datetime.timedelta(hours=1))["failed"] == 1
    finally:
        pace._COMPOSERS.pop("test_kind")
    assert HeldMessage.objects.count() == 1


def test_the_outbox_page_lists_the_emails_waiting_for_changes_to_stop(client, hub_admin, ect):
    with time_machine.travel(NINE, tick=False):
        pace.hold(user=ect.user, kind="dates", about=f"participant:{ect.pk}", told={})
        pace.hold(user=ect.user, kind="dates", about=f"participant:{ect.pk}", told={})
    client.force_login(hub_admin)
    page = client.get(reverse("notifications:outbox")).content.decode()
    assert "Waiting for changes to stop" in page
    assert "erin@riverside.test" in page and "Their training dates" in page and "3 Dec 2025 09:15" in page


def test_old_hourly_counts_are_forgotten():
    RecipientHour.objects.create(address_digest="a" * 64, hour=pace.hour_of(NINE) - datetime.timedelta(days=2), sent=4)
    RecipientHour.objects.create(address_digest="a" * 64, hour=pace.hour_of(NINE), sent=1)
    assert pace.forget_old_counts(now=NINE) == 1
    assert list(RecipientHour.objects.values_list("sent", flat=True)) == [1]


def test_the_held_email_job_and_the_count_clean_up_are_registered():
    from ecfhub.notifications import periodic

    assert {"outbox_send_held", "outbox_forget_old_counts"} <= {job.name for job in periodic.registered()}


postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's row locks")


def _at_once(count: int, work) -> list[object]:  # type: ignore[no-untyped-def]
    barrier = threading.Barrier(count)
    outcomes: list[object] = []

    def run() -> None:
        try:
            barrier.wait()
            outcomes.append(work())
        except Exception as error:
            outcomes.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@postgres_only
def test_changes_at_the_same_instant_make_one_held_row(ect):
    outcomes = _at_once(
        12, lambda: pace.hold(user=ect.user, kind="dates", about=f"participant:{ect.pk}", told={"7": 1}).pk
    )
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    row = HeldMessage.objects.get()
    assert row.changes == 12 and set(outcomes) == {row.pk}


@postgres_only
def test_workers_at_the_same_instant_never_pass_the_cap(settings):
    settings.ECFHUB_EMAIL_CAP_PER_HOUR = 3
    outcomes = _at_once(12, lambda: pace.take_place("erin@riverside.test", now=NINE))
    assert [o for o in outcomes if isinstance(o, Exception)] == []
    assert sum(1 for o in outcomes if o is not None) == 3
    assert RecipientHour.objects.get().sent == 3
