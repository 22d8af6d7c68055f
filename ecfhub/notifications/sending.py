"""Delivering outbox messages: claim, send, record, retry with back-off, sweep.

A message is claimed with a conditional UPDATE (queued → sending), so however
many workers or duplicate tasks hold its id, only one sends it; a sent message
is never claimed again. The only way a message could go out twice is a worker
dying after the SMTP server accepted it and before the row said "sent" — a
window of one UPDATE; the sweep then sends it again rather than lose it
(at-least-once is the honest promise of any e-mail queue).

Before its first attempt a message takes its place in its address's count for the hour
(notifications/pace.py); when the hour's cap is reached it goes back to the queue for the next
hour, with the reason kept on it for the outbox page, and is sent then."""

from __future__ import annotations

import datetime
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import F, Q
from django.utils import timezone

from ecfhub.notifications import links, pace
from ecfhub.notifications.models import OutboundMessage
from ecfhub.notifications.outbox import schedule_send

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
# Minutes to wait after the nth failed attempt: about 6 hours in all before giving up.
BACKOFF_MINUTES = (1, 2, 5, 15, 30, 60, 240)
STUCK_AFTER = datetime.timedelta(minutes=10)  # far longer than EMAIL_TIMEOUT
LOST_AFTER = datetime.timedelta(minutes=5)


def backoff(attempts: int) -> datetime.timedelta:
    return datetime.timedelta(minutes=BACKOFF_MINUTES[min(attempts, len(BACKOFF_MINUTES)) - 1])


def is_temporary(exc: BaseException) -> bool:
    """True for failures worth retrying: the server is down, busy or slow (4xx), not a refusal (5xx)."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _ in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPConnectError | smtplib.SMTPServerDisconnected):
        return True
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    # Other SMTP errors (no AUTH, bad TLS set-up) need a person. Connection refused,
    # timeouts, DNS failures (all OSError) and anything unexpected are retried, within
    # MAX_ATTEMPTS, with the error kept on the message for the hub to read.
    return not isinstance(exc, smtplib.SMTPException)


def build_email(message: OutboundMessage) -> EmailMultiAlternatives:
    # A secret link is made now, for this attempt only, and exists nowhere but in the e-mail.
    body_text, body_html = links.fill(message)
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to],
        connection=get_connection(fail_silently=False),
    )
    if body_html:
        email.attach_alternative(body_html, "text/html")
    for filename, content, mimetype in message.decoded_attachments():
        email.attach(filename, content, mimetype)
    return email


def deliver(message_id: int) -> str:
    """Send the message if it is queued and due; record the outcome. Returns a short outcome word."""
    now = timezone.now()
    claimed = (
        OutboundMessage.objects.filter(pk=message_id, status=OutboundMessage.Status.QUEUED)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(status=OutboundMessage.Status.SENDING, sending_started_at=now, attempts=F("attempts") + 1)
    )
    if not claimed:
        return "not-claimed"  # already sent, being sent, failed, or not due (another task owns it)
    message = OutboundMessage.objects.get(pk=message_id)
    if message.counted_in_hour is None:
        hour = pace.take_place(message.to, now=now)
        if hour is None:
            return _wait_for_next_hour(message, now=now)
        OutboundMessage.objects.filter(pk=message_id).update(counted_in_hour=hour)
    try:
        build_email(message).send()
    except Exception as exc:
        return _record_failure(message, exc)
    OutboundMessage.objects.filter(pk=message_id, status=OutboundMessage.Status.SENDING).update(
        status=OutboundMessage.Status.SENT, sent_at=timezone.now(), last_error="", waiting_reason=""
    )
    return "sent"


def _wait_for_next_hour(message: OutboundMessage, *, now: datetime.datetime) -> str:
    # Over the address's cap: back to the queue, as if never tried, due when the next hour starts.
    later = pace.hour_of(now) + pace.HOUR
    OutboundMessage.objects.filter(pk=message.pk, status=OutboundMessage.Status.SENDING).update(
        status=OutboundMessage.Status.QUEUED,
        attempts=F("attempts") - 1,
        sending_started_at=None,
        next_attempt_at=later,
        waiting_reason=pace.waiting_reason(),
    )
    schedule_send(message.pk, run_after=later)
    logger.info("E-mail %s to %s waits for the next hour (per-recipient cap)", message.pk, message.to)
    return "waiting"


def _record_failure(message: OutboundMessage, exc: Exception) -> str:
    error = f"{type(exc).__name__}: {exc}"[:2000]
    if is_temporary(exc) and message.attempts < MAX_ATTEMPTS:
        retry_at = timezone.now() + backoff(message.attempts)
        OutboundMessage.objects.filter(pk=message.pk, status=OutboundMessage.Status.SENDING).update(
            status=OutboundMessage.Status.QUEUED, next_attempt_at=retry_at, sending_started_at=None, last_error=error
        )
        schedule_send(message.pk, run_after=retry_at)
        logger.warning("E-mail %s to %s not sent (%s); retrying at %s", message.pk, message.to, error, retry_at)
        return "retry"
    OutboundMessage.objects.filter(pk=message.pk, status=OutboundMessage.Status.SENDING).update(
        status=OutboundMessage.Status.FAILED, sending_started_at=None, last_error=error
    )
    logger.error("E-mail %s to %s failed for good: %s", message.pk, message.to, error)
    return "failed"


def send_again(message: OutboundMessage) -> bool:
    """A hub admin's "try again" for a failed message: a fresh round of attempts. False if not failed."""
    updated = OutboundMessage.objects.filter(pk=message.pk, status=OutboundMessage.Status.FAILED).update(
        status=OutboundMessage.Status.QUEUED, attempts=0, next_attempt_at=None
    )
    if updated:
        schedule_send(message.pk)
    return bool(updated)


def sweep_outbox(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Requeue what a worker left behind.

    - "sending" for longer than STUCK_AFTER: the worker died mid-send; back to queued.
    - "queued" and due for longer than LOST_AFTER with no live task: the task was lost
      (worker database reset, task failed before claiming); enqueue a new one.
    Safe to run at any time, by any number of processes: claiming stays conditional."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    stuck_ids = list(
        OutboundMessage.objects.filter(
            status=OutboundMessage.Status.SENDING, sending_started_at__lt=now - STUCK_AFTER
        ).values_list("pk", flat=True)
    )
    restarted = 0
    for pk in stuck_ids:
        if OutboundMessage.objects.filter(
            pk=pk, status=OutboundMessage.Status.SENDING, sending_started_at__lt=now - STUCK_AFTER
        ).update(
            status=OutboundMessage.Status.QUEUED,
            sending_started_at=None,
            next_attempt_at=now,
            last_error="Sending did not finish (the worker stopped); trying again.",
        ):
            schedule_send(pk)
            restarted += 1

    due = OutboundMessage.objects.filter(status=OutboundMessage.Status.QUEUED, created_at__lt=now - LOST_AFTER).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lt=now - LOST_AFTER)
    )
    candidates = list(due.exclude(pk__in=stuck_ids).values_list("pk", "task_id"))
    task_ids = [task_id for _, task_id in candidates if task_id]
    alive = {
        str(task_pk)
        for task_pk in DBTaskResult.objects.filter(pk__in=task_ids)
        .filter(Q(status="READY") | Q(status="RUNNING", started_at__gte=now - STUCK_AFTER))
        .values_list("pk", flat=True)
    }
    requeued = 0
    for pk, task_id in candidates:
        if task_id not in alive:
            schedule_send(pk)
            requeued += 1
    if restarted or requeued:
        logger.info("Outbox sweep: %s stuck message(s) restarted, %s lost task(s) requeued", restarted, requeued)
    return {"restarted": restarted, "requeued": requeued}
