"""Changes to a registered participant: pairing with a mentor, and leaving, deferring or resuming."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from ecfhub.audit.services import record
from ecfhub.lib import when
from ecfhub.lib.errors import DomainError
from ecfhub.people.models import Mentorship, Participant, TrainingStatusChange
from ecfhub.people.services import end_mentorships, pair_mentor
from ecfhub.scheduling.services.joining import place_person
from ecfhub.scheduling.services.waiting import release_and_close


@transaction.atomic
def change_mentor(*, ect: Participant, mentor: Participant, on: datetime.date, actor: Any) -> Mentorship:
    """Pair (or re-pair) an ECT with a mentor from `on`, keeping the history; writes an audit entry.

    Guarantees (`people.services.pair_mentor`): from `on` the new mentor is the ECT's only current
    mentor; the one replaced is no longer paired from `on` itself, so a mentor replaced on the day
    they were paired loses the ECT's pages and coaching at once."""
    if not ect.is_active or not mentor.is_active:
        raise DomainError("not_active", "Only participants who are taking part now can be paired.")
    previous = ect.current_mentorship(on)
    mentorship = pair_mentor(ect=ect, mentor=mentor, on=on)
    if previous is None or previous.mentor_id != mentor.pk:
        record(
            actor=actor,
            action="mentorship.changed",
            summary=f"{mentor.user.full_name} mentors {ect.user.full_name} from {when.plain_date(on)}",
            target=ect,
            details={"mentor_id": mentor.pk, "previous_mentor_id": previous.mentor_id if previous else None},
            people=[mentor.user_id],
        )
    return mentorship


@transaction.atomic
def change_status(
    *, participant: Participant, status: str, on: datetime.date, reason: str, actor: Any, source: str = ""
) -> Participant:
    """Report a participant withdrawing (leaving) or deferring, or resuming after a deferral.

    Guarantees: withdrawal and deferral carry a DfE reason code; their sessions
    on or after `on` are released at once, each freed seat going to the first person
    on that session's waiting list, and their open date-change requests end; a withdrawn participant's open
    mentorships end the day before `on`; a resuming participant is given dates for the events of their
    programme still ahead, with the hub's notice, and one e-mail listing them (`scheduling.services.joining`);
    one TrainingStatusChange row (the history, never rewritten) and one audit entry. `source` says who
    reported it when it is not the actor's own report (for example "lead provider")."""
    locked = Participant.objects.select_for_update().get(pk=participant.pk)
    if status == Participant.Status.WITHDRAWN:
        if reason not in Participant.WithdrawalReason.values:
            raise DomainError("reason_required", "Choose why they are leaving.")
    elif status == Participant.Status.DEFERRED:
        if reason not in Participant.DeferralReason.values:
            raise DomainError("reason_required", "Choose why they are deferring.")
    elif status == Participant.Status.ACTIVE:
        if locked.status != Participant.Status.DEFERRED:
            raise DomainError("not_deferred", "Only a deferred participant can resume.")
        reason = ""
    else:
        raise DomainError("bad_status", "Choose what has happened.")
    if locked.status == Participant.Status.WITHDRAWN:
        raise DomainError("already_withdrawn", "This participant has already left the programme.")
    previous = locked.status
    locked.status, locked.status_reason, locked.status_changed_on = status, reason, on
    locked.save(update_fields=["status", "status_reason", "status_changed_on"])
    released = 0
    if status != Participant.Status.ACTIVE:
        why = "you have left the programme." if status == Participant.Status.WITHDRAWN else "you are taking a break."
        released = release_and_close(participant=locked, on=on, actor=actor, why=why)
    if status == Participant.Status.WITHDRAWN:
        end_mentorships(participant=locked, on=on)
    placed = 0
    if status == Participant.Status.ACTIVE:
        placed = len(
            place_person(participant=locked, actor=actor, reason="Resumed after a deferral", notify=True).assignments
        )
    TrainingStatusChange.objects.create(
        participant=locked,
        from_status=previous,
        to_status=status,
        reason=reason,
        on=on,
        recorded_by=actor if getattr(actor, "pk", None) else None,
        source=source,
    )
    record(
        actor=actor,
        action=f"participant.{status}",
        summary=f"{locked.user.full_name}: {Participant.Status(status).label.lower()} from {when.plain_date(on)}"
        + (f" ({reason})" if reason else ""),
        target=locked,
        details={
            "from": previous,
            "to": status,
            "reason": reason,
            "on": on.isoformat(),
            "released": released,
            "placed": placed,
            "source": source,
        },
    )
    return locked


def today() -> datetime.date:
    return timezone.localdate()
