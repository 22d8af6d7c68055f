"""Waiting lists for full sessions, and promotion when a seat frees.

A seat frees when someone moves away, is released (deferral), leaves, when a
session is cancelled under someone who had asked to leave it, or when a
session's capacity is raised. Whoever frees it calls `promote` with the
sessions concerned, inside their own transaction."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from ecfhub.audit.services import record
from ecfhub.events.models import Session
from ecfhub.lib.errors import DomainError
from ecfhub.notifications import emails
from ecfhub.people.models import Participant
from ecfhub.scheduling.models import Assignment, ChangeRequest, WaitingListEntry
from ecfhub.scheduling.services.assignments import place_manually

#: Seats are counted with the session row locked. The concurrency test's control run switches
#: this off to prove that the test notices when the lock is missing; nothing else may.
LOCK_SESSIONS = True

# Codes after which a waiting person can never use the session: their place in the queue ends.
_HOPELESS = {"participant_inactive", "wrong_event", "session_closed"}


def lock_session(session_id: int) -> Session:
    """The session row, locked until the transaction ends, so seats counted now stay counted."""
    sessions = Session.objects.select_related("event")
    if LOCK_SESSIONS:
        sessions = sessions.select_for_update(of=("self",))
    return sessions.get(pk=session_id)


def seats_left(session: Session) -> int:
    booked = Assignment.objects.filter(session=session, status=Assignment.Status.ASSIGNED).count()
    return session.capacity - booked


def move_to(*, participant: Participant, session: Session, actor: Any, why: str) -> tuple[Assignment, Session | None]:
    """Move a person who asked for it onto `session` (no notice needed: they chose the date).
    Returns the new place and the session they left (its seat is now free), or raises the
    rules' DomainError and leaves nothing written."""
    old = (
        Assignment.objects.filter(participant=participant, event_id=session.event_id, status=Assignment.Status.ASSIGNED)
        .select_related("session")
        .first()
    )
    with transaction.atomic():  # a savepoint: a refusal leaves nothing behind
        assignment = place_manually(
            participant=participant, session=session, actor=actor, waive_notice=True, waiver_reason=why[:300]
        )
    return assignment, (old.session if old is not None else None)


def position_of(entry: WaitingListEntry) -> int:
    return WaitingListEntry.objects.filter(session_id=entry.session_id, left_at__isnull=True, pk__lte=entry.pk).count()


def join(*, request: ChangeRequest, session: Session) -> WaitingListEntry:
    """Put the request's person at the end of the session's queue. The caller holds the session lock."""
    entry = WaitingListEntry.objects.create(session=session, participant=request.participant, request=request)
    request.status = ChangeRequest.Status.WAITING
    request.save(update_fields=["status"])
    return entry


def leave(*, entry: WaitingListEntry, outcome: str) -> None:
    entry.left_at = timezone.now()
    entry.outcome = outcome
    entry.save(update_fields=["left_at", "outcome"])


@transaction.atomic
def promote(*, session_ids: Iterable[int], actor: Any = None) -> list[WaitingListEntry]:
    """Give each freed seat to the first person waiting whom the rules still allow.

    Guarantees: each session is handled with its row locked; while it has a free
    seat, its queue is read in arrival order and the first person the rules allow
    is moved (their request done, an e-mail with the new date and the old one
    cancelled, an audit entry); a person the rules refuse for now (a clash, a day
    they do not work) keeps their place in the queue; one who can never take it
    (left the programme, session started) leaves the queue and is told. The seat
    a promoted person leaves is offered to its own queue in turn. Returns the
    entries promoted, in order."""
    queue = list(dict.fromkeys(session_ids))
    promoted: list[WaitingListEntry] = []
    now = timezone.now()
    while queue:
        session = lock_session(queue.pop(0))
        if session.is_cancelled or session.starts_at <= now:
            continue
        free = seats_left(session)
        if free <= 0:
            continue
        waiting = (
            WaitingListEntry.objects.filter(session=session, left_at__isnull=True)
            .select_related("request__event", "request__from_session__event", "participant__user")
            .order_by("pk")
        )
        for entry in waiting:
            if free <= 0:
                break
            request = entry.request
            try:
                _assignment, old = move_to(
                    participant=entry.participant, session=session, actor=actor, why="Moved from the waiting list"
                )
            except DomainError as error:
                if error.code in _HOPELESS:
                    _close(request, why=error.message, actor=actor, outcome="closed")
                continue
            leave(entry=entry, outcome="promoted")
            request.status = ChangeRequest.Status.DONE
            request.save(update_fields=["status"])
            emails.date_changed(
                participant=entry.participant,
                new_session=session,
                old_session=old,
                request=request,
                from_waiting_list=True,
            )
            record(
                actor=actor,
                action="date_change.promoted",
                summary=f"{entry.participant.user} moved from the waiting list to {session}",
                target=request,
                details={"session": session.pk, "from_session": old.pk if old else None, "entry": entry.pk},
            )
            promoted.append(entry)
            free -= 1
            if old is not None:
                queue.append(old.pk)
    return promoted


def _close(request: ChangeRequest, *, why: str, actor: Any, outcome: str) -> None:
    entry = WaitingListEntry.objects.filter(request=request, left_at__isnull=True).first()
    if entry is not None:
        leave(entry=entry, outcome=outcome)
    request.status = ChangeRequest.Status.CLOSED
    request.closed_reason = why[:300]
    request.save(update_fields=["status", "closed_reason"])
    emails.date_change_closed(request=request, why=why)
    record(
        actor=actor,
        action="date_change.closed",
        summary=f"Closed {request.participant.user}'s request for {request.to_session}: {why}"[:300],
        target=request,
        details={"why": why},
    )


@transaction.atomic
def close_for_session(*, session: Session, why: str, actor: Any) -> int:
    """End every open request for `session` (pending or waiting), telling each person why.
    Used when the session is cancelled or has started. Returns how many were closed."""
    open_requests = list(
        ChangeRequest.objects.select_for_update()
        .filter(to_session=session, status__in=[ChangeRequest.Status.PENDING, ChangeRequest.Status.WAITING])
        .select_related("participant__user", "event", "to_session", "from_session")
    )
    for request in open_requests:
        _close(request, why=why, actor=actor, outcome="closed")
    return len(open_requests)
