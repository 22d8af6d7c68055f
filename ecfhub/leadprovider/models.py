"""The lead provider's participant files: each upload, the differences found, and what the hub decided."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class ProviderFile(models.Model):
    """One upload of the lead provider's participant file (DfE v3 field names), checked against our records.

    `rows` holds the checked rows only until the hub confirms (they are personal data, and
    once confirmed the records are in their own tables); `differences` and `accepted` stay
    as the record of what was found and decided."""

    class Status(models.TextChoices):
        CHECKED = "checked", "Waiting for decisions"
        CONFIRMED = "confirmed", "Confirmed"

    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filename = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CHECKED)
    row_count = models.PositiveIntegerField(default=0)
    rows = models.JSONField(default=list, blank=True)
    differences = models.JSONField(default=list, blank=True)
    digest = models.CharField(max_length=64, help_text="What our records looked like when the differences were found.")
    accepted = models.JSONField(default=list, blank=True, help_text="The numbers of the differences accepted.")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    complete = models.BooleanField(
        default=True,
        help_text="The provider's whole list (a file); False for a page sent through the API, "
        "where someone absent is not missing.",
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"
