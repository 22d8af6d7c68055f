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
    created_at = models.DateTimeField(auto_now_add=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sending_started_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} to {self.to} ({self.get_status_display()})"

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
