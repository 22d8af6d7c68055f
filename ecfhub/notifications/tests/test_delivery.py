"""The outbox against a real SMTP server, with the real task worker."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone

from ecfhub.notifications.models import OutboundMessage
from ecfhub.notifications.outbox import queue_message
from ecfhub.notifications.sending import MAX_ATTEMPTS, deliver, sweep_outbox
from ecfhub.notifications.testing import html_of, run_tasks, text_of

pytestmark = pytest.mark.django_db(transaction=True)


def queue(to: str = "erin@riverside.test", **extra):  # type: ignore[no-untyped-def]
    return queue_message(
        to=to,
        kind="invitation",
        template="invitation",
        context={"name": "Erin Ect", "link": "http://testserver/x", "expires_at": timezone.now(), "reason": "Hello."},
        **extra,
    )


def test_a_queued_message_arrives_with_text_html_and_attachments(smtp_server):
    message = queue(attachments=[("session.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")])
    run_tasks()

    [received] = smtp_server.to("erin@riverside.test")
    assert received["Subject"] == "Set up your ECF Hub account"
    assert "Dear Erin Ect" in text_of(received)
    assert 'href="http://testserver/x"' in html_of(received)
    [attachment] = list(received.iter_attachments())
    assert attachment.get_filename() == "session.ics"
    assert b"BEGIN:VCALENDAR" in attachment.get_content().encode()
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.SENT
    assert message.attempts == 1
    assert message.sent_at is not None


def test_nothing_is_sent_when_the_transaction_rolls_back(smtp_server):
    with pytest.raises(RuntimeError), transaction.atomic():
        queue()
        raise RuntimeError("the registration failed")
    run_tasks()
    assert smtp_server.received == []
    assert not OutboundMessage.objects.exists()


def test_while_the_server_is_down_nothing_is_lost_and_each_arrives_once_when_it_is_back(smtp_server):
    smtp_server.stop()
    addresses = [f"person{i}@school.test" for i in range(5)]
    for address in addresses:
        queue(to=address)
    run_tasks()

    waiting = OutboundMessage.objects.all()
    assert {m.status for m in waiting} == {OutboundMessage.Status.QUEUED}
    assert all(m.attempts == 1 and "Connection refused" in m.last_error for m in waiting)

    # Still down at the first retry, a minute later.
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=1, seconds=5)):
        run_tasks()
    assert {m.attempts for m in OutboundMessage.objects.all()} == {2}

    smtp_server.start()
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=4)):
        run_tasks()
        run_tasks()  # a second pass finds nothing more to send

    assert sorted(str(m["To"]) for m in smtp_server.received) == sorted(addresses)
    assert {m.status for m in OutboundMessage.objects.all()} == {OutboundMessage.Status.SENT}


def test_a_message_is_sent_once_however_many_tasks_hold_its_id(smtp_server):
    message = queue()
    assert deliver(message.pk) == "sent"
    assert deliver(message.pk) == "not-claimed"
    run_tasks()  # the original task, too, finds it already sent
    assert len(smtp_server.received) == 1


def test_a_refused_recipient_is_marked_failed_without_retrying(smtp_server):
    smtp_server.refuse_recipients_with = "550 No such mailbox"
    message = queue()
    run_tasks()
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.FAILED
    assert "550" in message.last_error
    assert message.attempts == 1


def test_a_busy_server_4xx_is_retried(smtp_server):
    smtp_server.refuse_recipients_with = "451 Try again later"
    message = queue()
    run_tasks()
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.QUEUED
    assert message.next_attempt_at is not None

    smtp_server.refuse_recipients_with = ""
    with time_machine.travel(message.next_attempt_at + datetime.timedelta(seconds=1)):
        run_tasks()
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.SENT
    assert len(smtp_server.received) == 1


def test_it_gives_up_after_the_last_attempt(smtp_server):
    smtp_server.stop()
    message = queue()
    moment = timezone.now()
    for _ in range(MAX_ATTEMPTS):
        with time_machine.travel(moment):
            run_tasks()
        message.refresh_from_db()
        if message.next_attempt_at:
            moment = message.next_attempt_at + datetime.timedelta(seconds=1)
    assert message.status == OutboundMessage.Status.FAILED
    assert message.attempts == MAX_ATTEMPTS


def test_the_same_dedupe_key_never_queues_twice(smtp_server):
    first = queue(dedupe_key="reminder:42:7d")
    second = queue(dedupe_key="reminder:42:7d")
    assert first.pk == second.pk
    run_tasks()
    assert len(smtp_server.received) == 1


def test_the_sweep_restarts_a_message_stuck_in_sending(smtp_server):
    message = queue()
    # A worker claimed it and died before sending.
    OutboundMessage.objects.filter(pk=message.pk).update(
        status=OutboundMessage.Status.SENDING, sending_started_at=timezone.now(), attempts=1
    )
    run_tasks()
    assert smtp_server.received == []
    assert sweep_outbox() == {"restarted": 0, "requeued": 0}  # not stuck yet: a live worker may be sending

    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=11)):
        assert sweep_outbox()["restarted"] == 1
        run_tasks()
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.SENT
    assert len(smtp_server.received) == 1


def test_the_sweep_requeues_a_message_whose_task_was_lost(smtp_server):
    from django_tasks_db.models import DBTaskResult

    message = queue()
    DBTaskResult.objects.all().delete()  # the task vanished (e.g. the worker's queue was cleared)
    run_tasks()
    assert smtp_server.received == []

    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=6)):
        assert sweep_outbox() == {"restarted": 0, "requeued": 1}
        run_tasks()
        assert sweep_outbox() == {"restarted": 0, "requeued": 0}
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.SENT
    assert len(smtp_server.received) == 1
