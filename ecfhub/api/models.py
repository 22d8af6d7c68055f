"""The lead-provider API's tokens: named, scoped, stored hashed, shown once, rotated and revoked by hub admins."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone


class ApiToken(models.Model):
    """One lead provider's key to the API (`Authorization: Bearer <secret>`).

    Only the SHA-256 of the secret is kept (the secret is `secrets.token_urlsafe(32)`: 256 random bits,
    so a plain hash is enough, no slow hash is needed); the first characters (`prefix`) are kept to tell
    tokens apart on the page. A token is usable while not revoked and not past `expires_at`."""

    class Scope(models.TextChoices):
        READ = "read", "Read only"
        READ_WRITE = "read_write", "Read and write"

    name = models.CharField(max_length=100, help_text="Whose it is, for example the lead provider's name.")
    secret_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=12, editable=False)
    scope = models.CharField(max_length=12, choices=Scope.choices, default=Scope.READ)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    # The token this one replaced (rotation revokes the old one and makes this one in one step).
    replaces = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def can_write(self) -> bool:
        return self.scope == self.Scope.READ_WRITE

    def is_usable(self, now: datetime.datetime | None = None) -> bool:
        moment = now or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > moment)
