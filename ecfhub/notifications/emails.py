"""One function per e-mail the hub sends. Each renders emails/<template>* and queues it in the outbox.

Add a message by writing its three templates (subject, text, HTML extending
emails/base.html) and a function here that calls queue_message."""

from __future__ import annotations

import datetime
from typing import Any

from ecfhub.notifications.models import OutboundMessage
from ecfhub.notifications.outbox import queue_message


def invitation(*, user: Any, link: str, expires_at: datetime.datetime, reason: str) -> OutboundMessage:
    """The first "set up your account" e-mail. `reason` says who registered them as what."""
    return queue_message(
        to=user.email,
        user=user,
        kind="invitation",
        template="invitation",
        context={"name": user.full_name, "link": link, "expires_at": expires_at, "reason": reason, "resent": False},
    )


def invitation_resent(*, user: Any, link: str, expires_at: datetime.datetime, reason: str) -> OutboundMessage:
    """A fresh set-up link (resent by the hub or a tutor, or asked for after a link expired)."""
    return queue_message(
        to=user.email,
        user=user,
        kind="invitation_resent",
        template="invitation",
        context={"name": user.full_name, "link": link, "expires_at": expires_at, "reason": reason, "resent": True},
    )
