"""Onboarding: invitations to set up an account, and CSV uploads waiting for confirmation."""

from __future__ import annotations

import datetime
import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Invitation(models.Model):
    """A single-use, expiring link to set up an account.

    Only the SHA-256 of the token is stored: the link in the e-mail is the one
    place the token exists, so a copy of the database cannot be used to take
    over accounts. Issuing a new invitation revokes the earlier ones."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    reason = models.CharField(max_length=300, help_text="Who registered them, as what; shown in the e-mail.")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(used_at__isnull=True, revoked_at__isnull=True),
                name="invitation_one_open_per_user",
            )
        ]

    def __str__(self) -> str:
        return f"Invitation for {self.user} ({self.state})"

    @property
    def state(self) -> str:
        if self.used_at:
            return "used"
        if self.revoked_at:
            return "replaced"
        if self.is_expired():
            return "expired"
        return "open"

    def is_expired(self, now: datetime.datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.expires_at

    def is_usable(self, now: datetime.datetime | None = None) -> bool:
        return self.used_at is None and self.revoked_at is None and not self.is_expired(now)


class CsvImport(models.Model):
    """An uploaded registration file, checked and waiting for the tutor's confirmation (then saved).

    Keeps the checked rows (not the file) so the confirm step saves exactly what
    the preview showed; `sha256` identifies the upload the tutor confirmed."""

    class Status(models.TextChoices):
        CHECKED = "checked", "Checked, waiting for confirmation"
        SAVING = "saving", "Saving"
        SAVED = "saved", "Saved"
        FAILED = "failed", "Not saved"

    school = models.ForeignKey("people.School", on_delete=models.CASCADE, related_name="csv_imports")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    rows = models.JSONField(default=list)
    row_count = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CHECKED)
    saved_count = models.PositiveIntegerField(default=0)
    problem = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} for {self.school} ({self.get_status_display()})"


class SchoolListImport(models.Model):
    """An uploaded GIAS establishment list, checked and waiting for a hub admin's confirmation.

    Keeps the changes the preview showed (not the file), so confirming applies exactly them."""

    class Status(models.TextChoices):
        CHECKED = "checked", "Checked, waiting for confirmation"
        APPLIED = "applied", "Applied"

    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    changes = models.JSONField(default=dict)  # gias.SchoolListCheck.to_json()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CHECKED)
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"
