"""The e-mail outbox: every message the hub sends, with its delivery state."""

from __future__ import annotations

import base64
from typing import Any

from django.conf import settings
from django.db import models


class OutboundMessage(models.Model):
    """One e-mail to one recipient.

    The row is written in the same transaction as the change that caused it, so
    a message exists exactly when its reason does; the worker then moves it
    queued → sending → sent (or back to queued with a later attempt, or failed)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    to = models.EmailField("recipient")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="messages"
    )
    kind = models.CharField(max_length=50, help_text="What the message is, e.g. invitation or reminder.")
    subject = models.CharField(max_length=250)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    # Which secret link goes in the bodies' LINK_SLOT, made at each send (notifications/links.py):
    # "invitation:<id>" or "password_reset:". The bodies themselves never hold a working link.
    link_ref = models.CharField(max_length=60, blank=True)
    # [{"filename", "mimetype", "content_b64"}]: small files (calendar invitations), kept with the message
    # so a retry sends exactly what was queued.
    attachments = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    dedupe_key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    task_id = models.CharField(
        max_length=64, blank=True, help_text="The background task that will send it next (for the sweep)."
    )
    # Why a queued message is waiting for a later hour (the per-recipient cap, notifications/pace.py);
    # empty once it is sent or when it is not held back.
    waiting_reason = models.CharField(max_length=200, blank=True)
    # The clock hour whose count for this address the message took its place in: set once, so a retry
    # after a failed attempt is not counted again.
    counted_in_hour = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sending_started_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} to {self.to} ({self.status_label})"

    @property
    def is_waiting(self) -> bool:
        """Queued but held back for a later hour by the per-recipient cap (notifications/pace.py)."""
        return self.status == self.Status.QUEUED and bool(self.waiting_reason)

    @property
    def status_label(self) -> str:
        return "Waiting" if self.is_waiting else self.get_status_display()

    def decoded_attachments(self) -> list[tuple[str, bytes, str]]:
        return [
            (item["filename"], base64.b64decode(item["content_b64"]), item["mimetype"]) for item in self.attachments
        ]

    @staticmethod
    def encode_attachments(attachments: Any) -> list[dict[str, str]]:
        return [
            {"filename": name, "mimetype": mimetype, "content_b64": base64.b64encode(content).decode("ascii")}
            for name, content, mimetype in attachments
        ]


class HeldMessage(models.Model):
    """An e-mail about the state of something (a person's date for an event, a session's time) waiting
    for changes to stop before it is sent (notifications/pace.py).

    One row per recipient, kind and subject (`about`, e.g. "participant:12"): each further change within the
    quiet period updates this row instead of sending another e-mail. When it is due, the kind's owner
    renders the message from the data as it is then, or sends nothing when the final state is what
    the person was last told (`told`). The row goes once the message is queued in the outbox."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="held_messages")
    kind = models.CharField(max_length=50)
    about = models.CharField(max_length=100, help_text='What the message is about, e.g. "participant:12".')
    # What the person was told before the first change held here, as the kind's owner describes it
    # (ids, no words): the e-mail goes only if the state when it is due differs from this.
    told = models.JSONField(default=dict, blank=True)
    # Facts of the latest change the e-mail mentions (ids and flags, such as the request that moved them).
    context = models.JSONField(default=dict, blank=True)
    changes = models.PositiveIntegerField(default=1)
    first_change_at = models.DateTimeField()
    last_change_at = models.DateTimeField()
    # The latest it may go, whatever changes come (a session about to start); None when nothing presses.
    send_by = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField()

    class Meta:
        ordering = ["due_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["user", "kind", "about"], name="held_message_once_per_subject")]
        indexes = [models.Index(fields=["due_at"])]

    def __str__(self) -> str:
        return f"{self.kind} to {self.user_id} about {self.about} ({self.changes} change(s))"


class RecipientHour(models.Model):
    """How many e-mails went to one address in one clock hour: the per-recipient cap's count
    (notifications/pace.py), raised by one conditional UPDATE so two workers can never both take the
    last place. The address is kept only as a digest: counting needs no address. Rows older than a
    day are deleted."""

    address_digest = models.CharField(max_length=64)
    hour = models.DateTimeField()
    sent = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["address_digest", "hour"], name="recipient_hour_once")]
        indexes = [models.Index(fields=["hour"])]

    def __str__(self) -> str:
        return f"{self.sent} e-mail(s) in the hour from {self.hour.isoformat()}"
