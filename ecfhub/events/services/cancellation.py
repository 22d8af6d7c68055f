"""Cancelling a session: its places reopen and everyone on it is told."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from ecfhub.audit.services import record
from ecfhub.events.models import Session
from ecfhub.hub.settings import current_hub_settings
from ecfhub.lib.errors import DomainError
from ecfhub.notifications import emails
from ecfhub.scheduling.queries import date_choices
from ecfhub.scheduling.services import places
from ecfhub.scheduling.services.waiting import close_for_session


@transaction.atomic
def cancel_session(*, session: Session, reason: str, actor: Any) -> int:
    """Cancel a session and reopen every place on it.

    Guarantees: a session that has started is never cancelled (`session_closed`: what happened
    stays in people's history); the session is marked cancelled with the reason and its
    SEQUENCE bumped (subscribed calendars show it cancelled); every active place on it ends
    through `scheduling.services.places.end_for_cancelled_session` (status `session_cancelled`,
    a history row each), so the people on it are free to be given another date of the same
    event; each of them is e-mailed the other dates they may choose (seats left shown) and the
    day to choose by (HubSettings.cancellation_choice_days; after it, `waiting.place_unchosen`
    gives them a date by the scheduler's rules); open requests for this session end and their
    people are told; each facilitator is e-mailed; one audit entry. Returns how many places
    were reopened. Cancelling twice raises DomainError `already_cancelled`."""
    reason = reason.strip()
    if not reason:
        raise DomainError("reason_missing", "Enter the reason for cancelling, so people know why.")
    session = Session.objects.select_for_update().select_related("event").get(pk=session.pk)
    if session.is_cancelled:
        raise DomainError("already_cancelled", "This session has already been cancelled.")
    if session.starts_at <= timezone.now():
        raise DomainError("session_closed", "This session has already started, so it cannot be cancelled.")
    now = timezone.now()
    session.status = Session.Status.CANCELLED
    session.cancelled_reason = reason[:300]
    session.cancelled_at = now
    session.sequence += 1
    session.save()

    active, _freed = places.end_for_cancelled_session(
        session=session, actor=actor, reason=f"Session cancelled: {session.cancelled_reason}"
    )

    # Nobody can take a seat on it any more: whoever was waiting for it is told.
    close_for_session(session=session, why="the session was cancelled.", actor=actor)
    choose_by = timezone.localdate() + datetime.timedelta(days=current_hub_settings().cancellation_choice_days)
    told = set()
    for assignment in active:
        user = assignment.participant.user
        if user.pk not in told:
            alternatives = [
                choice
                for choice in date_choices(assignment.participant, session.event, current=None)
                if not choice.refusal
            ]
            emails.session_cancelled(
                session=session,
                user=user,
                reason=session.cancelled_reason,
                facilitating=False,
                alternatives=alternatives,
                choose_by=choose_by,
                assignment=assignment,
            )
            told.add(user.pk)
    for facilitator in session.facilitators.all():
        if facilitator.pk not in told:
            emails.session_cancelled(
                session=session, user=facilitator, reason=session.cancelled_reason, facilitating=True
            )
            told.add(facilitator.pk)
    record(
        actor=actor,
        action="session.cancelled",
        summary=f"Cancelled {session}: {session.cancelled_reason}"[:300],
        target=session,
        details={
            "reason": session.cancelled_reason,
            "places_reopened": len(active),
            "participants": [a.participant_id for a in active],
            "told": len(told),
        },
    )
    return len(active)
