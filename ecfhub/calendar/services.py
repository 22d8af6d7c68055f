"""Creating, replacing and revoking a person's private calendar-feed address."""

from __future__ import annotations

import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from ecfhub.audit.services import record
from ecfhub.calendar.models import CalendarFeedToken, hash_token
from ecfhub.people.models import User


@transaction.atomic
def create_feed_token(*, user: User, actor: Any) -> str:
    """Give `user` a new secret feed address and return its token (the only time it is readable).

    Guarantees: any earlier address of theirs is revoked in the same
    transaction, so exactly one works afterwards; only the token's SHA-256 is
    stored; one audit entry."""
    replaced = CalendarFeedToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True)
    had_one = replaced.update(revoked_at=timezone.now()) > 0
    token = secrets.token_urlsafe(32)
    feed = CalendarFeedToken.objects.create(user=user, token_hash=hash_token(token))
    record(
        actor=actor,
        action="calendar_feed.replaced" if had_one else "calendar_feed.created",
        summary=f"{'Replaced' if had_one else 'Created'} the private calendar address of {user}",
        target=feed,
    )
    return token


@transaction.atomic
def revoke_feed_token(*, user: User, actor: Any) -> bool:
    """Stop `user`'s private feed address working. Returns False when there was none to revoke."""
    revoked = CalendarFeedToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    if revoked:
        record(
            actor=actor,
            action="calendar_feed.revoked",
            summary=f"Revoked the private calendar address of {user}",
            target=user,
        )
    return revoked > 0


def live_token_for(token: str) -> CalendarFeedToken | None:
    """The live feed token matching a secret from a URL, with its user, or None."""
    if not token or len(token) > 100:
        return None
    return (
        CalendarFeedToken.objects.select_related("user")
        .filter(token_hash=hash_token(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
