"""Operations on people that change more than one record."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Q

from ecfhub.audit.services import record
from ecfhub.lib.errors import DomainError
from ecfhub.people.models import Mentorship, MentorshipQuerySet, Participant, ParticipantType, School, User
from ecfhub.people.schedules import SCHEDULE_IDENTIFIERS

# The account flags that are roles, with the words the audit log uses for them.
ROLE_FLAGS = {"is_hub_admin": "hub admin", "is_facilitator": "facilitator", "is_active": "active account"}


@transaction.atomic
def pair_mentor(*, ect: Participant, mentor: Participant, on: datetime.date) -> Mentorship:
    """Make `mentor` the ECT's current mentor from `on`.

    Guarantees: afterwards the ECT has exactly one pairing current on `on` and on every later day,
    this one (pairings run half open, see `Mentorship`); every other pairing still in force on `on`,
    or due to start later, ends on `on` — or on its own first day, if that is later, so one that
    never began is never current. A mentor replaced on the day they were paired is therefore no
    longer the ECT's mentor from that moment. History is kept (an end date is set, nothing deleted).
    Pairing the same mentor again is a no-op returning the current pairing. Raises DomainError for a
    wrong participant type or a different school.
    """
    if ect.participant_type != ParticipantType.ECT:
        raise DomainError("not_an_ect", f"{ect.user} is not registered as an ECT.")
    if mentor.participant_type != ParticipantType.MENTOR:
        raise DomainError("not_a_mentor", f"{mentor.user} is not registered as a mentor.")
    if mentor.school_id != ect.school_id:
        raise DomainError("different_school", "The mentor and the ECT must be at the same school.")
    # Lock the ECT row so two tutors pairing at once cannot both see "no current mentor".
    Participant.objects.select_for_update().get(pk=ect.pk)
    current = Mentorship.objects.filter(ect=ect, ended_on__isnull=True).first()
    if current is not None and current.mentor_id == mentor.pk:
        return current
    _end_from(Mentorship.objects.filter(ect=ect), on)
    return Mentorship.objects.create(ect=ect, mentor=mentor, started_on=on)


def _end_from(pairings: MentorshipQuerySet, on: datetime.date) -> int:
    """End each of `pairings` not over by `on` so that it is not current from `on`; how many changed."""
    ended = 0
    for mentorship in pairings.select_for_update().not_over(on):
        mentorship.ended_on = max(on, mentorship.started_on)
        mentorship.save(update_fields=["ended_on"])
        ended += 1
    return ended


@transaction.atomic
def end_mentorships(*, participant: Participant, on: datetime.date) -> int:
    """End every pairing `participant` is in (as ECT or mentor) from `on`: the last day paired is the
    day before. How many ended.

    Guarantees: none of their pairings is current on `on` or later (`ended_on` is `on`, the first day
    unpaired; see `Mentorship`); history is kept (an end date is set, nothing deleted); a pairing
    never ends before it started (one that had not started yet ends on its first day, and so never
    was current). The caller audits the change it is part of (a withdrawal)."""
    return _end_from(Mentorship.objects.filter(Q(ect=participant) | Q(mentor=participant)), on)


@transaction.atomic
def save_account(*, user: User, actor: Any, created: bool) -> User:
    """Save an account edited in the admin (name, e-mail address, role flags).

    Guarantees: a new account and any change of a role flag (hub admin,
    facilitator, active) are audited in the same transaction as the save."""
    before = None if created else User.objects.select_for_update().filter(pk=user.pk).values(*ROLE_FLAGS).first()
    user.save()
    if before is None:
        record(
            actor=actor, action="user.created", summary=f"Created the account {user.email} in the admin", target=user
        )
        return user
    changed = {flag: [before[flag], getattr(user, flag)] for flag in ROLE_FLAGS if before[flag] != getattr(user, flag)}
    if changed:
        words = ", ".join(f"{ROLE_FLAGS[flag]} {'on' if new else 'off'}" for flag, (_, new) in changed.items())
        record(
            actor=actor,
            action="user.roles_changed",
            summary=f"Changed {user.full_name}'s roles in the admin: {words}",
            target=user,
            details={"changes": changed},
        )
    return user


@transaction.atomic
def set_induction_tutors(*, school: School, tutors: Any, actor: Any) -> None:
    """Make `tutors` (users) exactly the school's induction tutors.

    Guarantees: each tutor gained or lost is one audit entry, in the same
    transaction; the school row is locked so two editors cannot interleave."""
    School.objects.select_for_update().get(pk=school.pk)
    before = set(school.induction_tutors.values_list("pk", flat=True))
    after = {user.pk for user in tutors}
    school.induction_tutors.set(after)
    for user in User.objects.filter(pk__in=after - before):
        record(
            actor=actor,
            action="school.tutor_added",
            summary=f"Made {user.full_name} an induction tutor of {school.name} in the admin",
            target=school,
            details={"user_id": user.pk},
        )
    for user in User.objects.filter(pk__in=before - after):
        record(
            actor=actor,
            action="school.tutor_removed",
            summary=f"Removed {user.full_name} as an induction tutor of {school.name} in the admin",
            target=school,
            details={"user_id": user.pk},
        )


@transaction.atomic
def change_route(
    *, participant: Participant, schedule_identifier: str, mentor_training: str, actor: Any
) -> Participant:
    """Set a participant's DfE schedule (standard, reduced, extended or replacement, and intake) and, for a
    mentor, where they stand with mentor training (new, in training, already trained, not eligible).

    Guarantees, with the participant locked: only DfE's schedule identifiers (`bad_schedule`); a mentor
    training status for mentors only (`bad_mentor_training`); one audit entry with what changed, none
    when nothing did. Dates already given stay: their requirement decides what the scheduler gives
    next (a mentor marked as trained is given no more), and the hub releases a date by hand if asked."""
    if schedule_identifier not in SCHEDULE_IDENTIFIERS:
        raise DomainError("bad_schedule", "Choose one of DfE's schedules.")
    locked = Participant.objects.select_for_update().select_related("user").get(pk=participant.pk)
    if locked.is_mentor:
        if mentor_training not in Participant.MentorTraining.values:
            raise DomainError("bad_mentor_training", "Choose where they stand with mentor training.")
    elif mentor_training:
        raise DomainError("bad_mentor_training", "Only mentors have a mentor training status.")
    before = {"schedule_identifier": locked.schedule_identifier, "mentor_training": locked.mentor_training}
    after = {"schedule_identifier": schedule_identifier, "mentor_training": mentor_training}
    if before == after:
        return locked
    locked.schedule_identifier, locked.mentor_training = schedule_identifier, mentor_training
    locked.save(update_fields=["schedule_identifier", "mentor_training"])
    changed = [name for name in after if after[name] != before[name]]
    record(
        actor=actor,
        action="participant.route_changed",
        summary=f"{locked.user.full_name}: "
        + "; ".join(
            f"schedule now {schedule_identifier}"
            if name == "schedule_identifier"
            else f"mentor training now {locked.get_mentor_training_display().lower()}"
            for name in changed
        ),
        target=locked,
        details={"from": before, "to": after},
    )
    return locked
