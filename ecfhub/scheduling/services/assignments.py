"""What the hub and onboarding ask of places: a date given by hand, and future dates released.

Both are thin: the rules are `scheduling.rules`, the writes `scheduling.services.places`."""

from __future__ import annotations

import datetime
from typing import Any

from ecfhub.events.models import Session
from ecfhub.lib import when
from ecfhub.people.models import Participant
from ecfhub.scheduling.models import Assignment
from ecfhub.scheduling.services import places


def release_future_assignments(*, participant: Participant, on: datetime.date, actor: Any, reason: str = "") -> int:
    """End the participant's places on sessions on or after `on` that have not started (they left or
    deferred). Guarantees: see `places.release` (sessions that have started stay as they are; the
    seats reopen at once; history and one audit entry). Returns how many places were released."""
    freed = places.release(
        participant=participant,
        on=on,
        actor=actor,
        reason=reason or "Left or deferred from " + f"{when.plain_date(on)}",
    )
    return sum(freed.seats.values())


def place_manually(
    *,
    participant: Participant,
    session: Session,
    actor: Any,
    waive_notice: bool = False,
    waiver_reason: str = "",
    reason: str = "",
) -> Assignment:
    """A hub admin gives one participant a date on one session, and the participant is told by e-mail
    once their dates stop changing (a quiet period: notifications/pace.py).

    Guarantees: every rule in `scheduling.rules` (participant active, event of their programme,
    session open and inside its programme year, a day they work with no other training, events in
    order, a free seat); the hub's notice unless waived with a reason, which is recorded; a date
    they hold for the same event is ended as moved and linked to the new one; one notice e-mail,
    one history row and one audit entry (see `places.move`)."""
    return places.place(
        participant=participant,
        session=session,
        actor=actor,
        source=Assignment.Source.MANUAL,
        reason=reason,
        waive_notice=waive_notice,
        waiver_reason=waiver_reason,
    ).assignment
