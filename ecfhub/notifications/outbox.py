"""Putting a message in the outbox. Every e-mail the hub sends goes through queue_message()."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import get_template

from ecfhub.hub.models import HubSettings
from ecfhub.hub.settings import current_hub_settings
from ecfhub.notifications.models import OutboundMessage


def render_message(template: str, context: dict[str, Any]) -> tuple[str, str, str]:
    """(subject, text, html) from emails/<template>_subject.txt, <template>.txt and <template>.html."""
    return _Renderer(template).render(context)


class _Renderer:
    """Loads one message's three templates once, to render them for many recipients."""

    def __init__(self, template: str, hub: HubSettings | None = None) -> None:
        self.subject = get_template(f"emails/{template}_subject.txt")
        self.text = get_template(f"emails/{template}.txt")
        self.html = get_template(f"emails/{template}.html")
        self.base = {"hub": hub or current_hub_settings(), "site_url": settings.SITE_URL}

    def render(self, context: dict[str, Any]) -> tuple[str, str, str]:
        full = {**self.base, **context}
        subject = " ".join(self.subject.render(full).split())
        return subject, self.text.render(full).strip() + "\n", self.html.render(full)


@dataclass(frozen=True)
class MessageSpec:
    """One message for queue_messages(): the same arguments as queue_message() (no dedupe key)."""

    to: str
    kind: str
    template: str
    context: dict[str, Any]
    user: Any = None
    attachments: Sequence[tuple[str, bytes, str]] = ()
    link_ref: str = ""


def queue_messages(specs: Sequence[MessageSpec]) -> list[OutboundMessage]:
    """queue_message() for many at once (an import of hundreds of participants), with the same guarantees.

    Each template is loaded once, the rows are inserted in batches, and the send
    tasks are enqueued together (BATCH_SIZE messages a task) after the caller commits."""
    if not specs:
        return []
    hub = current_hub_settings()
    renderers: dict[str, _Renderer] = {}
    messages = []
    for spec in specs:
        renderer = renderers.get(spec.template) or renderers.setdefault(spec.template, _Renderer(spec.template, hub))
        subject, text, html = renderer.render(spec.context)
        messages.append(
            OutboundMessage(
                to=spec.to,
                user=spec.user,
                kind=spec.kind,
                subject=subject[:250],
                body_text=text,
                body_html=html,
                attachments=OutboundMessage.encode_attachments(spec.attachments),
                link_ref=spec.link_ref,
            )
        )
    OutboundMessage.objects.bulk_create(messages, batch_size=500)
    ids = [m.pk for m in messages]
    transaction.on_commit(lambda: _enqueue_many(ids))
    return messages


BATCH_SIZE = 100


def _enqueue_many(ids: list[int]) -> None:
    """One send task per BATCH_SIZE messages: enqueueing thousands of tasks one by one takes seconds."""
    # Imported here to break a real cycle: tasks -> sending -> outbox (sending schedules retries).
    from ecfhub.notifications.tasks import send_messages

    with transaction.atomic():
        for first in range(0, len(ids), BATCH_SIZE):
            batch = ids[first : first + BATCH_SIZE]
            result = send_messages.enqueue(batch)
            OutboundMessage.objects.filter(pk__in=batch).update(task_id=str(result.id))


def queue_message(
    *,
    to: str,
    kind: str,
    template: str,
    context: dict[str, Any],
    user: Any = None,
    attachments: Sequence[tuple[str, bytes, str]] = (),
    dedupe_key: str | None = None,
    link_ref: str = "",
) -> OutboundMessage:
    """Record one e-mail and have the worker send it once the caller's transaction commits.

    Guarantees: the message row is written inside the caller's transaction (so it
    exists exactly when the change that caused it does); with a `dedupe_key`, a
    second call returns the first message instead of queuing another; nothing is
    sent before commit, and a rolled-back transaction sends nothing. With a `link_ref`, the
    context's link is links.LINK_SLOT and the worker puts a fresh link there at each send."""
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
        link_ref=link_ref,
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
    # Imported here to break a real cycle: tasks -> sending -> outbox (sending schedules retries).
    from ecfhub.notifications.tasks import send_message

    task = send_message.using(run_after=run_after) if run_after is not None else send_message
    result = task.enqueue(message_id)
    OutboundMessage.objects.filter(pk=message_id).update(task_id=str(result.id))
