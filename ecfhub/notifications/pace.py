"""E-mail pace per recipient: e-mails about the state of something wait for the changes to stop, and
no address is sent more than its share in any hour.

1. **Held e-mails.** An e-mail that tells someone how things stand (their date for an event has
   moved, their training dates, a session's new time) is not queued at once: its owner calls
   `hold()`, which keeps one `HeldMessage` row per recipient, kind and subject. A further change
   within the quiet period (``ECFHUB_EMAIL_QUIET_MINUTES``, 10 by default) updates that row and starts
   the quiet period again (never past LONGEST_HOLD quiet periods after the first change), so a tutor
   moving someone's date six times in a minute sends one e-mail. When the row is due, the periodic
   job `send_held()` asks the kind's composer (registered by the owning app with `compose_with`) to
   render the e-mail from the data as it is *then*, and to send nothing when that is what the person
   was last told (moved and moved back).
2. **The cap.** Every e-mail, held or not, takes a place in its address's count for the clock hour
   when the worker sends it (`take_place`, a conditional UPDATE in the database: two workers cannot
   both take the last place). Past ``ECFHUB_EMAIL_CAP_PER_HOUR`` (10 by default) the message waits in
   the outbox for the next hour, with the reason on the outbox page; it is never dropped.

E-mails that are events rather than states (a set-up link, a cancellation, a request declined, a
reminder) are not held: the cap alone paces them, and the set-up and reset links keep their own
stricter limits (lib/ratelimits.py)."""

from __future__ import annotations

import datetime
import hashlib
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from ecfhub.notifications.models import HeldMessage, RecipientHour

logger = logging.getLogger(__name__)

# However long the changes go on, a held e-mail goes at most this many quiet periods after the first
# change: a busy afternoon of edits still tells people the same afternoon.
LONGEST_HOLD = 6
HOUR = datetime.timedelta(hours=1)
COUNTS_KEPT = datetime.timedelta(days=1)

# A composer renders the held message's e-mail from the current data and queues it (through
# notifications.emails); it returns False, queuing nothing, when there is nothing new to tell.
Composer = Callable[[HeldMessage], bool]
_COMPOSERS: dict[str, Composer] = {}
_LABELS: dict[str, str] = {}


def compose_with(kind: str, composer: Composer, *, label: str) -> None:
    """Register the composer for held messages of `kind` (from the owning app's AppConfig.ready()),
    and what the outbox page calls them ("Their training dates")."""
    _COMPOSERS[kind] = composer
    _LABELS[kind] = label


def label_of(kind: str) -> str:
    return _LABELS.get(kind, kind)


def quiet_period() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.ECFHUB_EMAIL_QUIET_MINUTES)


def hold(
    *,
    user: Any,
    kind: str,
    about: str,
    told: dict[str, Any],
    context: dict[str, Any] | None = None,
    send_by: datetime.datetime | None = None,
    now: datetime.datetime | None = None,
) -> HeldMessage:
    """Hold e-mail `kind` about `about` (e.g. "participant:12") for `user` until the changes stop.

    Guarantees: one row per (user, kind, about) however many requests change it at once (the row is
    locked; when two create it together, the unique constraint makes the second re-read and update
    the first's row); `told` is kept from the first change of the quiet period, so it stays what the
    person was told before the changes began (keys a later change brings are added); `context` is
    the latest change's; the row is due a quiet period after this change, never later than
    LONGEST_HOLD quiet periods after the first, nor after the earliest `send_by` any of its changes
    gave (a session about to start: the person must hear before it). Written in the caller's
    transaction: a change that is rolled back holds nothing."""
    now = now or timezone.now()
    quiet = quiet_period()
    context = context or {}
    with transaction.atomic():
        row = HeldMessage.objects.select_for_update().filter(user=user, kind=kind, about=about).first()
        if row is None:
            try:
                with transaction.atomic():  # a savepoint: losing the race must not spoil the caller's transaction
                    return HeldMessage.objects.create(
                        user=user,
                        kind=kind,
                        about=about,
                        told=told,
                        context=context,
                        first_change_at=now,
                        last_change_at=now,
                        send_by=send_by,
                        due_at=min(now + quiet, send_by) if send_by is not None else now + quiet,
                    )
            except IntegrityError:
                row = HeldMessage.objects.select_for_update().get(user=user, kind=kind, about=about)
        row.told = {**told, **row.told}
        row.context = {**row.context, **context}
        row.changes += 1
        row.last_change_at = now
        if send_by is not None and (row.send_by is None or send_by < row.send_by):
            row.send_by = send_by
        row.due_at = min(
            now + quiet,
            row.first_change_at + quiet * LONGEST_HOLD,
            *([row.send_by] if row.send_by is not None else []),
        )
        row.save(update_fields=["told", "context", "changes", "last_change_at", "send_by", "due_at"])
        return row


def send_held(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Send every held message whose quiet period has passed: its composer renders it from the data
    as it is now and queues it in the outbox, or sends nothing when the person already knows.

    Guarantees: each row is locked (rows another run holds are skipped) and deleted in the same
    transaction as its e-mail is queued, so running this twice at once sends each message once; a
    change arriving meanwhile waits for the lock and then holds a new row. A composer that fails is
    logged and its row kept for the next run; a row for an account no longer active (anonymised) is
    dropped unsent. Returns counts: sent, nothing new (unsent), failed."""
    now = now or timezone.now()
    counts = {"sent": 0, "unsent": 0, "failed": 0}
    for pk in list(HeldMessage.objects.filter(due_at__lte=now).values_list("pk", flat=True)):
        try:
            with transaction.atomic():
                row = (
                    HeldMessage.objects.select_for_update(skip_locked=True)
                    .select_related("user")
                    .filter(pk=pk, due_at__lte=now)
                    .first()
                )
                if row is None:
                    continue  # another run has it, or a change pushed it back
                sent = row.user.is_active and _COMPOSERS[row.kind](row)
                row.delete()
        except Exception:
            logger.exception("Held e-mail %s could not be composed; it is tried again at the next run", pk)
            counts["failed"] += 1
            continue
        counts["sent" if sent else "unsent"] += 1
    return counts


def _digest(address: str) -> str:
    return hashlib.sha256(address.strip().lower().encode()).hexdigest()


def hour_of(moment: datetime.datetime) -> datetime.datetime:
    """The start of the clock hour `moment` is in (UTC, which has the same hours as England)."""
    return moment.astimezone(datetime.UTC).replace(minute=0, second=0, microsecond=0)


def cap() -> int:
    return int(settings.ECFHUB_EMAIL_CAP_PER_HOUR)


def take_place(address: str, *, now: datetime.datetime) -> datetime.datetime | None:
    """Count one e-mail to `address` in the hour of `now`, if the hour's cap allows it.

    Returns that hour (for OutboundMessage.counted_in_hour), or None when the cap is reached and the
    message must wait. The count goes up only through `UPDATE … SET sent = sent + 1 WHERE sent < cap`,
    which the database applies one writer at a time to the row, so the cap holds under any number of
    workers."""
    hour = hour_of(now)
    digest = _digest(address)
    with transaction.atomic():
        RecipientHour.objects.get_or_create(address_digest=digest, hour=hour)
        taken = RecipientHour.objects.filter(address_digest=digest, hour=hour, sent__lt=cap()).update(
            sent=F("sent") + 1
        )
    return hour if taken else None


def waiting_reason() -> str:
    """Why a message waits for the next hour, as the outbox page shows it."""
    return (
        f"Waiting for the next hour: this address has been sent {cap()} e-mails this hour, "
        "the most the hub sends to one person in an hour."
    )


def forget_old_counts(*, now: datetime.datetime | None = None) -> int:
    """Delete the counts of hours more than a day ago (they decide nothing now). Returns how many."""
    now = now or timezone.now()
    deleted, _ = RecipientHour.objects.filter(hour__lt=hour_of(now) - COUNTS_KEPT).delete()
    return deleted
