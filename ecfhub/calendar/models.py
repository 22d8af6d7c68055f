"""Secret calendar-feed addresses, one live per person."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q


def hash_token(token: str) -> str:
    """SHA-256 of the secret: the database never holds a usable feed address."""
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarFeedToken(models.Model):
    """A person's private feed address. Only its hash is stored; the secret is shown once, when created.

    Replacing or revoking sets `revoked_at`; a revoked token's feed answers 404."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed_tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(revoked_at__isnull=True), name="feedtoken_one_live_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"Calendar feed of {self.user} ({'revoked' if self.revoked_at else 'live'})"

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None
