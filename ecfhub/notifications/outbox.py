"""Putting a message in the outbox. Every e-mail the hub sends goes through queue_message()."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

from ecfhub.hub.models import HubSettings
from ecfhub.notifications.models import OutboundMessage


def render_message(template: str, context: dict[str, Any]) -> tuple[str, str, str]:
    """(subject, text, html) from emails/<template>_subject.txt, <template>.txt and <template>.html."""
    full = {"hub": HubSettings.load(), "site_url": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"emails/{template}_subject.txt", full).split())
    text = render_to_string(f"emails/{template}.txt", full).strip() + "\n"
    html = render_to_string(f"emails/{template}.html", full)
    return subject, text, html


def queue_message(
    *,
    to: str,
    kind: str,
    template: str,
    context: dict[str, Any],
    user: Any = None,
    attachments: Sequence[tuple[str, bytes, str]] = (),
    dedupe_key: str | None = None,
) -> OutboundMessage:
    """Record one e-mail and have the worker send it once the caller's transaction commits.

    Guarantees: the message row is written inside the caller's transaction (so it
    exists exactly when the change that caused it does); with a `dedupe_key`, a
    second call returns the first message instead of queuing another; nothing is
    sent before commit, and a rolled-back transaction sends nothing."""
    if dedupe_key is not None:
        existing = OutboundMessage.objects.filter(dedupe_key=dedupe_key).first()
        if existing is not None:
            return existing
    subject, text, html = render_message(template, context)
    message = OutboundMessage(
        to=to,
        user=user,
        kind=kind,
        subject=subject[:250],
        body_text=text,
        body_html=html,
        attachments=OutboundMessage.encode_attachments(attachments),
        dedupe_key=dedupe_key,
    )
    if dedupe_key is not None:
        # Two callers racing with the same key: the loser gets the winner's message.
        try:
            with transaction.atomic():
                message.save()
        except IntegrityError:
            return OutboundMessage.objects.get(dedupe_key=dedupe_key)
    else:
        message.save()
    schedule_send(message.pk)
    return message


def schedule_send(message_id: int, *, run_after: datetime.datetime | None = None) -> None:
    """Enqueue the send task after the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: enqueue_now(message_id, run_after=run_after))


def enqueue_now(message_id: int, *, run_after: datetime.datetime | None = None) -> None:
    from ecfhub.notifications.tasks import send_message

    task = send_message.using(run_after=run_after) if run_after is not None else send_message
    result = task.enqueue(message_id)
    OutboundMessage.objects.filter(pk=message_id).update(task_id=str(result.id))
