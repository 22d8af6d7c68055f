"""Changing a date: a person (or their school's induction tutor) asks for another session of the same event.

The hub's policy (HubSettings.date_change_policy) decides what happens next:
*instant* moves them at once when the session has a free seat; *approval* waits
for a hub admin. A full session puts them on its waiting list (services.waiting).
Places themselves are only ever written by the places service."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from ecfhub.audit.services import record
from ecfhub.events.models import Session
from ecfhub.hub.models import HubSettings
from ecfhub.hub.settings import current_hub_settings
from ecfhub.lib.errors import DomainError
from ecfhub.notifications import emails
from ecfhub.people.models import Participant
from ecfhub.scheduling import eligibility, rules
from ecfhub.scheduling.models import Assignment, ChangeRequest, WaitingListEntry
from ecfhub.scheduling.services import notices, places, waiting

DETAILS_MAX = 500
MESSAGE_MAX = 500


@transaction.atomic
def ask_for_date(
    *, participant: Participant, to_session: Session, reason: str, details: str, actor: Any
) -> ChangeRequest:
    """Ask to move `participant`'s date for the session's event to `to_session`.

    Guarantees, with the participation and then the wanted session's row locked (so people asking at
    once are served one by one, in the order they arrive, and a seat is never
    given twice): the reason is one of the list, with words when it is "another
    reason" (`reason_missing`, `details_missing`, `details_too_long`); the person is
    active and the event is theirs (`participant_inactive`, `wrong_event`); the
    session is scheduled and still to come (`session_closed`), is not their date
    already (`same_session`), and their current date for the event has not started
    (`date_started`: history is fixed); they have a date for the event, or had one
    that the hub cancelled (`no_date`: first dates come from the scheduler); they
    have no other open request for the event (`request_open`). Then, under the *instant* policy, or when the hub
    cancelled their date: a free seat moves them at once (every scheduling rule
    but notice applies, and a refusal writes nothing); a full session queues them.
    Under *approval* a request for a date with a free seat waits for the hub; one for a full date joins
    its waiting list at once (and says so), as under *instant*. One e-mail to the person and
    one audit entry either way; a seat they leave goes to that session's queue."""
    reason = (reason or "").strip()
    details = (details or "").strip()
    if reason not in ChangeRequest.Reason.values or reason == ChangeRequest.Reason.MISSED:
        # "missed" belongs to catch-ups (`ask_for_catch_up`), which are not moves.
        raise DomainError("reason_missing", "Choose why you cannot make the date.")
    if reason == ChangeRequest.Reason.OTHER and not details:
        raise DomainError("details_missing", "Say in a few words why you cannot make the date.")
    if len(details) > DETAILS_MAX:
        raise DomainError("details_too_long", f"Keep the details to {DETAILS_MAX} characters or fewer.")
    session = waiting.lock_for_move(participant_id=participant.pk, session_id=to_session.pk)
    participant = Participant.objects.select_related("user").get(pk=participant.pk)
    event = session.event
    if participant.status != Participant.Status.ACTIVE:
        raise DomainError("participant_inactive", f"{participant.user} is not active in the programme.")
    if event.cohort_id != participant.cohort_id or event.audience != participant.participant_type:
        raise DomainError("wrong_event", f"{event.title} is not part of {participant.user}'s programme.")
    now = timezone.now()
    if session.is_cancelled or session.starts_at <= now:
        raise DomainError("session_closed", "That session has been cancelled or has already started. Choose another.")
    current = (
        Assignment.objects.filter(participant=participant, event=event, status=Assignment.Status.ASSIGNED)
        .select_related("session")
        .first()
    )
    if current is not None and current.session_id == session.pk:
        raise DomainError("same_session", "That is already the date you have. Choose another.")
    if current is not None and current.session.starts_at <= now:
        raise DomainError("date_started", "That date has already started, so it can no longer be changed.")
    hub_cancelled = (
        current is None
        and Assignment.objects.filter(
            participant=participant, event=event, status=Assignment.Status.SESSION_CANCELLED
        ).exists()
    )
    if current is None and not hub_cancelled:
        raise DomainError(
            "no_date", f"{participant.user} has no date for {event.title} yet: the hub gives one, with notice."
        )
    if ChangeRequest.objects.filter(
        participant=participant, event=event, status__in=[ChangeRequest.Status.PENDING, ChangeRequest.Status.WAITING]
    ).exists():
        raise DomainError(
            "request_open", f"There is already a request open for {event.title}. Withdraw it first to ask again."
        )
    request = ChangeRequest.objects.create(
        participant=participant,
        event=event,
        from_session=current.session if current is not None else None,
        to_session=session,
        reason=reason,
        details=details,
        asked_by=actor if getattr(actor, "pk", None) else None,
    )
    record(
        actor=actor,
        action="date_change.asked",
        summary=f"{participant.user} asked to move {event.title} to {session}"
        + (f" (asked by {request.asked_by})" if request.asked_on_behalf else ""),
        target=request,
        details={"to_session": session.pk, "from_session": request.from_session_id, "reason": reason},
    )
    approval = current_hub_settings().date_change_policy == HubSettings.DateChangePolicy.APPROVAL
    if approval and not hub_cancelled and waiting.seats_left(session) > 0:
        emails.date_change_received(request=request, position=None)
        return request
    # A full date joins its waiting list at once, under either policy: waiting for approval first
    # would only cost the person their place in the queue.
    return _fulfil(request, session=session, actor=actor)


@transaction.atomic
def ask_for_catch_up(*, missed: Assignment, to_session: Session, actor: Any) -> ChangeRequest:
    """Ask for a catch-up date: `to_session`, another session of the event whose session `missed` (a
    place the register marked absent) the person did not attend.

    Guarantees, with the participation and the sessions locked as for `ask_for_date`: the person is
    active (`participant_inactive`); the place may be caught up (`places.check_missed`: their active
    place for the event, on a session that has started, marked absent, no self-study chosen, so no
    second catch-up while one is held: `catch_up_taken`); the session is of the same event
    (`wrong_event`), scheduled and still to come (`session_closed`); no other request is open for
    the event (`request_open`). A catch-up needs no approval and no notice, whatever the hub's
    date-change policy: the person chooses it, and the hub wants missed sessions caught up. A free
    seat places them at once (`places.catch_up`, every other rule checked, a refusal writes
    nothing); a full session puts them on its waiting list when every rule but the full session
    allows it. One e-mail to the person, one audit entry."""
    session = waiting.lock_for_move(participant_id=missed.participant_id, session_id=to_session.pk)
    participant = Participant.objects.select_related("user").get(pk=missed.participant_id)
    if participant.status != Participant.Status.ACTIVE:
        raise DomainError("participant_inactive", f"{participant.user} is not active in the programme.")
    now = timezone.now()
    places.check_missed(missed, now=now)
    if session.event_id != missed.event_id:
        raise DomainError("wrong_event", "A catch-up is another session of the same event.")
    if session.is_cancelled or session.starts_at <= now:
        raise DomainError("session_closed", "That session has been cancelled or has already started. Choose another.")
    if ChangeRequest.objects.filter(
        participant=participant,
        event_id=missed.event_id,
        status__in=[ChangeRequest.Status.PENDING, ChangeRequest.Status.WAITING],
    ).exists():
        raise DomainError(
            "request_open",
            f"There is already a request open for {session.event.title}. Withdraw it first to ask again.",
        )
    request = ChangeRequest.objects.create(
        participant=participant,
        event_id=missed.event_id,
        from_session_id=missed.session_id,
        to_session=session,
        reason=ChangeRequest.Reason.MISSED,
        asked_by=actor if getattr(actor, "pk", None) else None,
    )
    record(
        actor=actor,
        action="catch_up.asked",
        summary=f"{participant.user} asked for a catch-up date for {session.event.title}: {session}"
        + (f" (asked by {request.asked_by})" if request.asked_on_behalf else ""),
        target=request,
        details={"to_session": session.pk, "missed_session": missed.session_id, "missed_place": missed.pk},
    )
    return _fulfil(request, session=session, actor=actor, catching_up=True)


def _fulfil(request: ChangeRequest, *, session: Session, actor: Any, catching_up: bool = False) -> ChangeRequest:
    # The caller holds the session's lock.
    if waiting.seats_left(session) > 0:
        assignment, old = waiting.move_to(
            participant=request.participant, session=session, actor=actor, why=f"Asked for: {request.reason_text}"
        )
        request.status = ChangeRequest.Status.DONE
        request.save(update_fields=["status"])
        # Held: the person hears once their date stops changing (a tutor trying several dates in a row).
        notices.hold_dates(
            assignment=assignment, left_session_id=old.pk if old else None, request=request, from_waiting_list=False
        )
        record(
            actor=actor,
            action="date_change.moved",
            summary=f"Moved {request.participant.user} to {session}",
            target=request,
            details={"session": session.pk, "from_session": old.pk if old else None},
        )
        return request
    # Queue only someone who could take the seat when it frees: every rule but a full session.
    found = [
        r
        for r in eligibility.check(request.participant, session, notice_applies=False, catching_up=catching_up)
        if r.code != rules.SESSION_FULL
    ]
    if found:
        raise DomainError(found[0].code, found[0].message)
    entry = waiting.join(request=request, session=session)
    position = waiting.position_of(entry)
    emails.date_change_received(request=request, position=position)
    record(
        actor=actor,
        action="date_change.waiting",
        summary=f"{request.participant.user} is number {position} on the waiting list for {session}",
        target=request,
        details={"session": session.pk, "position": position, "entry": entry.pk},
    )
    return request


@transaction.atomic
def decide(*, request: ChangeRequest, approve: bool, message: str, actor: Any) -> ChangeRequest:
    """A hub admin approves or declines a pending request.

    Guarantees, with the wanted session's row locked: only a pending request is
    decided (`not_pending`: it may have been withdrawn meanwhile); declining needs
    a message for the person (`message_missing`, `message_too_long`), who is
    e-mailed it and keeps their date. Approving moves them at once when a seat is
    free (every rule but notice is checked again now, and a refusal writes
    nothing), or puts them on the waiting list. One audit entry."""
    message = (message or "").strip()
    if len(message) > MESSAGE_MAX:
        raise DomainError("message_too_long", f"Keep the message to {MESSAGE_MAX} characters or fewer.")
    session = waiting.lock_for_move(participant_id=request.participant_id, session_id=request.to_session_id)
    request = (
        ChangeRequest.objects.select_for_update(of=("self",))
        .select_related("participant__user", "event", "to_session", "from_session")
        .get(pk=request.pk)
    )
    if request.status != ChangeRequest.Status.PENDING:
        raise DomainError(
            "not_pending",
            f"This request is no longer waiting for a decision: it is {request.get_status_display().lower()}.",
        )
    request.decided_by = actor if getattr(actor, "pk", None) else None
    request.decided_at = timezone.now()
    request.message = message
    if not approve:
        if not message:
            raise DomainError(
                "message_missing", "Enter a message for the person, saying why you cannot move their date."
            )
        request.status = ChangeRequest.Status.DECLINED
        request.save(update_fields=["status", "decided_by", "decided_at", "message"])
        emails.date_change_declined(request=request)
        record(
            actor=actor,
            action="date_change.declined",
            summary=f"Declined {request.participant.user}'s request for {session}",
            target=request,
            details={"message": message},
        )
        return request
    if session.is_cancelled or session.starts_at <= timezone.now():
        raise DomainError(
            "session_closed", "That session has been cancelled or has started. Decline the request instead."
        )
    request.save(update_fields=["decided_by", "decided_at", "message"])
    record(
        actor=actor,
        action="date_change.approved",
        summary=f"Approved {request.participant.user}'s request for {session}",
        target=request,
        details={"message": message},
    )
    return _fulfil(request, session=session, actor=actor)


@transaction.atomic
def withdraw(*, request: ChangeRequest, actor: Any) -> ChangeRequest:
    """The person, or their induction tutor, withdraws an open request (which also leaves the waiting list).

    Guarantees: only a pending or waiting request is withdrawn (`not_open`); its
    waiting-list place ends and the others keep their order; the person keeps their
    date; if their tutor withdrew it, the person is told; one audit entry."""
    waiting.lock_for_move(participant_id=request.participant_id, session_id=request.to_session_id)
    request = (
        ChangeRequest.objects.select_for_update(of=("self",))
        .select_related("participant__user", "event", "to_session", "from_session")
        .get(pk=request.pk)
    )
    if not request.is_open:
        raise DomainError("not_open", f"This request has already ended: it is {request.get_status_display().lower()}.")
    entry = WaitingListEntry.objects.filter(request=request, left_at__isnull=True).first()
    if entry is not None:
        waiting.leave(entry=entry, outcome="withdrawn")
    request.status = ChangeRequest.Status.WITHDRAWN
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_at"])
    if getattr(actor, "pk", None) != request.participant.user_id:
        emails.date_change_closed(request=request, why=f"{actor} withdrew it.")
    record(
        actor=actor,
        action="date_change.withdrawn",
        summary=f"Withdrew {request.participant.user}'s request for {request.to_session}",
        target=request,
        details={"was_waiting": entry is not None},
    )
    return request
