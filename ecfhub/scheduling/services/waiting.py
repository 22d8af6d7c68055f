"""Waiting lists for full sessions, and promotion when a seat frees.

A seat frees when someone moves away, is released (a deferral), leaves, or when
a session's capacity is raised. Each of these goes through the places service,
which tells `_seats_freed` (an `on_seats_freed` listener) inside its transaction,
with the freed sessions locked; that calls `promote`. A cancelled session frees no
seat anyone can take: its own queue is closed (`close_for_session`) and its
people choose again, or are placed after the hub's days (`place_unchosen`)."""

from __future__ import annotations

import contextvars
import datetime
from collections.abc import Iterable
from typing import Any

from django.db import DatabaseError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from ecfhub.audit.services import record
from ecfhub.events.models import Session
from ecfhub.hub.settings import current_hub_settings
from ecfhub.lib.errors import DomainError
from ecfhub.notifications import emails
from ecfhub.people.models import Participant
from ecfhub.scheduling.models import Assignment, ChangeRequest, WaitingListEntry
from ecfhub.scheduling.services import notices, places
from ecfhub.scheduling.services.assignments import release_future_assignments

#: Seats are counted with the session row locked. The concurrency test's control run switches
#: this off to prove that the test notices when the lock is missing; nothing else may.
LOCK_SESSIONS = True

# Codes after which a waiting person can never use the session: their place in the queue ends.
# For a catch-up: the register was corrected (`not_missed`), or self-study was chosen instead.
_HOPELESS = {
    "participant_inactive",
    "wrong_event",
    "session_closed",
    "not_missed",
    "catch_up_taken",
    "self_study_chosen",
}


def lock_session(session_id: int) -> Session:
    """The session row, locked until the transaction ends, so seats counted now stay counted."""
    sessions = Session.objects.select_related("event")
    if LOCK_SESSIONS:
        sessions = sessions.select_for_update(of=("self",))
    return sessions.get(pk=session_id)


def lock_for_move(*, participant_id: int, session_id: int) -> Session:
    """Lock what a date change for this person onto this session will touch, in the places service's
    order (`places.move`: the participation, then sessions by id): the participation, then the wanted
    session together with the one they hold for its event. Taking the locks in one order everywhere
    means two people swapping dates at once wait for each other instead of deadlocking."""
    Participant.objects.select_for_update().filter(pk=participant_id).first()
    event_id = Session.objects.filter(pk=session_id).values_list("event_id", flat=True).first()
    held = Assignment.objects.filter(
        participant_id=participant_id, event_id=event_id, status=Assignment.Status.ASSIGNED
    ).values_list("session_id", flat=True)
    if LOCK_SESSIONS:
        places.lock_sessions([session_id, *held])
    return Session.objects.select_related("event").get(pk=session_id)


def seats_left(session: Session) -> int:
    booked = Assignment.objects.filter(session=session, status=Assignment.Status.ASSIGNED).count()
    return session.capacity - booked


def move_to(*, participant: Participant, session: Session, actor: Any, why: str) -> tuple[Assignment, Session | None]:
    """Move a person who asked for it onto `session` (no notice needed: they chose the date).
    Returns the new place and the session they left (its seat is now free), or raises the
    rules' DomainError and leaves nothing written. When the place they hold is on a session that
    has started, this is a catch-up after missing it (`places.catch_up`: it refuses unless the
    register marked them absent), and no seat is freed."""
    old = (
        Assignment.objects.filter(participant=participant, event_id=session.event_id, status=Assignment.Status.ASSIGNED)
        .select_related("session")
        .first()
    )
    if old is not None and old.session.starts_at <= timezone.now():
        with transaction.atomic():
            placed = places.catch_up(missed=old, session=session, actor=actor, reason=why[:300], notify=False)
        return placed.assignment, old.session
    with transaction.atomic():  # a savepoint: a refusal leaves nothing behind
        placed = places.move(
            participant=participant,
            session=session,
            actor=actor,
            source=Assignment.Source.REQUEST,
            reason=why[:300],
            notice_applies=False,
            notify=False,  # the date-change e-mail says more than a new-dates notice
        )
    return placed.assignment, (old.session if old is not None else None)


# While `promote` works through its queue, seats freed by its own moves join that queue instead
# of starting a second, nested promotion.
_promoting: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar("waiting_promoting", default=None)


@places.on_seats_freed
def _seats_freed(freed: places.Freed, actor: Any) -> None:
    queue = _promoting.get()
    if queue is not None:
        queue.extend(freed.session_ids)
    elif freed.session_ids:
        promote(session_ids=freed.session_ids, actor=actor)


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
    token = _promoting.set(queue)
    try:
        _work_through(queue, promoted, now=now, actor=actor)
    finally:
        _promoting.reset(token)
    return promoted


def _work_through(queue: list[int], promoted: list[WaitingListEntry], *, now: datetime.datetime, actor: Any) -> None:
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
            if not _lock_without_waiting(entry.participant_id):
                # Someone is changing this person's places right now and holds their row. Waiting for
                # them could deadlock (we hold this session; they may want it), and skipping them would
                # break the queue's order, so the seat is left for the sweep (`promote_all_waiting`).
                break
            request = entry.request
            try:
                assignment, old = move_to(
                    participant=entry.participant, session=session, actor=actor, why="Moved from the waiting list"
                )
            except DomainError as error:
                if error.code in _HOPELESS:
                    _close(request, why=error.message, actor=actor, outcome="closed")
                continue
            leave(entry=entry, outcome="promoted")
            request.status = ChangeRequest.Status.DONE
            request.save(update_fields=["status"])
            notices.hold_dates(
                assignment=assignment, left_session_id=old.pk if old else None, request=request, from_waiting_list=True
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


def _lock_without_waiting(participant_id: int) -> bool:
    """Lock the participation if nobody else holds it; False (and nothing locked) when someone does."""
    try:
        with transaction.atomic():  # a savepoint: a refused lock must not spoil the caller's transaction
            Participant.objects.select_for_update(nowait=True).filter(pk=participant_id).first()
    except DatabaseError:
        return False
    return True


def promote_all_waiting() -> int:
    """The sweep behind `promote`: every session still to come with a free seat and someone waiting gets
    its queue served, in order (a promotion left for later because the person was busy, or capacity
    raised outside the places service). Returns how many people it moved. Run every few minutes."""
    now = timezone.now()
    session_ids = list(
        Session.objects.filter(starts_at__gt=now)
        .scheduled()
        .filter(Exists(WaitingListEntry.objects.filter(session=OuterRef("pk"), left_at__isnull=True)))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    moved = 0
    for session_id in session_ids:
        with transaction.atomic():
            moved += len(promote(session_ids=[session_id]))
    return moved


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
        ChangeRequest.objects.select_for_update(of=("self",))
        .filter(to_session=session, status__in=[ChangeRequest.Status.PENDING, ChangeRequest.Status.WAITING])
        .select_related("participant__user", "event", "to_session", "from_session")
    )
    for request in open_requests:
        _close(request, why=why, actor=actor, outcome="closed")
    return len(open_requests)


@transaction.atomic
def release_and_close(*, participant: Participant, on: datetime.date, actor: Any, why: str) -> int:
    """Release the person's places on sessions from `on` (a leaver, a deferral; each freed seat goes
    to the first person waiting for it, through `_seats_freed`); the person's own open requests end,
    with `why`. Returns how many places were released."""
    released = release_future_assignments(participant=participant, on=on, actor=actor)
    for request in (
        ChangeRequest.objects.select_for_update(of=("self",))
        .filter(participant=participant, status__in=[ChangeRequest.Status.PENDING, ChangeRequest.Status.WAITING])
        .select_related("participant__user", "event", "to_session", "from_session")
    ):
        _close(request, why=why, actor=actor, outcome="closed")
    return released


def place_unchosen(*, now: datetime.datetime | None = None) -> int:
    """Give a date to each person whose session the hub cancelled and who has not chosen another.

    Guarantees: only people still active, whose session was cancelled at least
    HubSettings.cancellation_choice_days ago, who have no place on the event now
    and no open request for it; each is given the earliest session of the event
    that the scheduler's rules allow, notice included (they did not choose it), and
    e-mailed it; one transaction per person, with their row locked and checked
    again, so running this twice (or two periodic processes) never places anyone
    twice. Requests for sessions that have started meanwhile end, and their people
    are told. Returns how many people were placed."""
    now = now or timezone.now()
    for session in Session.objects.filter(
        change_requests__status__in=[ChangeRequest.Status.PENDING, ChangeRequest.Status.WAITING],
        starts_at__lte=now,
    ).distinct():
        close_for_session(session=session, why="the session has started.", actor=None)
    cutoff = now - datetime.timedelta(days=current_hub_settings().cancellation_choice_days)
    has_place = Assignment.objects.filter(
        participant=OuterRef("participant"), event=OuterRef("event"), status=Assignment.Status.ASSIGNED
    )
    has_request = ChangeRequest.objects.filter(
        participant=OuterRef("participant"),
        event=OuterRef("event"),
        status__in=[ChangeRequest.Status.PENDING, ChangeRequest.Status.WAITING],
    )
    unchosen = (
        Assignment.objects.filter(
            status=Assignment.Status.SESSION_CANCELLED,
            ended_at__lte=cutoff,
            participant__status=Participant.Status.ACTIVE,
        )
        .exclude(Exists(has_place))
        .exclude(Exists(has_request))
        .values_list("participant_id", "event_id")
        .distinct()
    )
    placed = 0
    for participant_id, event_id in sorted(set(unchosen)):
        if _place_one(participant_id=participant_id, event_id=event_id, now=now):
            placed += 1
    return placed


@transaction.atomic
def _place_one(*, participant_id: int, event_id: int, now: datetime.datetime) -> bool:
    participant = Participant.objects.select_for_update().get(pk=participant_id)
    if Assignment.objects.filter(
        participant=participant, event_id=event_id, status=Assignment.Status.ASSIGNED
    ).exists():
        return False
    for session in Session.objects.filter(event_id=event_id, starts_at__gt=now).scheduled().order_by("starts_at", "pk"):
        try:
            with transaction.atomic():  # a savepoint per try: a refusal leaves nothing behind
                places.place(
                    participant=participant,
                    session=session,
                    actor=None,
                    source=Assignment.Source.SCHEDULER,
                    reason="Their session was cancelled and they had not chosen another date",
                )
        except DomainError:
            continue
        return True
    return False
