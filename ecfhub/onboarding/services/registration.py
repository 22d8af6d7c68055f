"""Registering participants at a school.

One registration path for everyone: the single form, the CSV upload and the
benchmark all call register_participants() (the form with one row)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction

from ecfhub.audit.services import AuditSpec, record_many
from ecfhub.lib import when
from ecfhub.lib.errors import DomainError
from ecfhub.onboarding.invitations import account_is_set_up, issue_invitations
from ecfhub.people.models import Participant, ParticipantType, School, User
from ecfhub.people.services import pair_mentor
from ecfhub.programme.models import Cohort
from ecfhub.programme.services import cohort_for_start_date
from ecfhub.scheduling.services.joining import place_on_joining, under_way
from ecfhub.scheduling.tasks import place_joiners


@dataclass(frozen=True)
class Registration:
    """One participant to register; fields already in the right format (the forms check that)."""

    full_name: str
    email: str
    trn: str
    induction_start_date: datetime.date
    participant_type: str
    unavailable_weekdays: tuple[int, ...] = ()  # 0 = Monday … 4 = Friday: days a part-time teacher does not work
    mentor_email: str = ""  # an ECT's mentor at the school, registered already or in the same list
    phase: str = ""  # DfE's phase of education (people/teaching.py), for the modules they see; "" unknown
    subject: str = ""  # the subject they mainly teach, in DfE's words; "" unknown or none

    def as_json(self) -> dict[str, Any]:
        return {
            "full_name": self.full_name,
            "email": self.email,
            "trn": self.trn,
            "induction_start_date": self.induction_start_date.isoformat(),
            "participant_type": self.participant_type,
            "unavailable_weekdays": list(self.unavailable_weekdays),
            "mentor_email": self.mentor_email,
            "phase": self.phase,
            "subject": self.subject,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Registration:
        return cls(
            full_name=data["full_name"],
            email=data["email"].lower(),
            trn=data["trn"],
            induction_start_date=datetime.date.fromisoformat(data["induction_start_date"]),
            participant_type=data["participant_type"],
            unavailable_weekdays=tuple(data.get("unavailable_weekdays") or ()),  # absent in older stored previews
            mentor_email=(data.get("mentor_email") or "").lower(),
            phase=data.get("phase") or "",  # absent in older stored previews
            subject=data.get("subject") or "",
        )


# (index in the list, field name) -> message for the teacher
Problems = dict[tuple[int, str], str]


class RegistrationRejected(DomainError):
    """Some registrations clash with each other or with people already registered."""

    def __init__(self, problems: Problems) -> None:
        super().__init__("registration_rejected", "Some participants could not be registered.")
        self.problems = problems


# An address of an account this school has no link to: said the same way whoever holds it.
NOT_THIS_SCHOOLS = (
    "This e-mail address is already in use in the hub, so this school cannot register it. "
    "Check the address, or contact the hub if it is right."
)


def check_registrations(*, school: School, registrations: list[Registration], actor: Any = None) -> Problems:
    """Find clashes: the same TRN or e-mail twice in the list, or already registered.

    An existing account may be registered only if the school already has a link to it (it
    tutors or takes part here), unless the hub does it: a tutor typing someone else's address
    must not attach a hub admin, facilitator or another school's person to their school. That
    refusal, and any clash at another school, never names the school or the person.
    Runs a fixed number of queries however long the list."""
    problems: Problems = {}
    first_trn: dict[str, int] = {}
    first_email: dict[str, int] = {}
    for i, reg in enumerate(registrations):
        if reg.trn in first_trn:
            problems[(i, "trn")] = f"This TRN is also on {_row_label(first_trn[reg.trn])}."
        else:
            first_trn[reg.trn] = i
        if reg.email in first_email:
            problems[(i, "email")] = f"This e-mail address is also on {_row_label(first_email[reg.email])}."
        else:
            first_email[reg.email] = i

    existing_by_trn: dict[str, list[Participant]] = defaultdict(list)
    for p in Participant.objects.filter(trn__in=list(first_trn)).select_related("user"):
        existing_by_trn[p.trn].append(p)
    users = {u.email: u for u in User.objects.filter(email__in=list(first_email))}
    participations: dict[int, list[Participant]] = defaultdict(list)
    for p in Participant.objects.filter(user__in=users.values()):
        participations[p.user_id].append(p)
    by_the_hub = bool(getattr(actor, "is_hub_admin", False))
    tutors_here = set(school.induction_tutors.values_list("pk", flat=True)) if users and not by_the_hub else set()

    for i, reg in enumerate(registrations):
        for p in existing_by_trn.get(reg.trn, []):
            if p.participant_type == reg.participant_type or p.user.email != reg.email:
                problems.setdefault((i, "trn"), clash_message("TRN", p, school))
                break
        user = users.get(reg.email)
        if user is None:
            continue
        linked = user.pk in tutors_here or any(p.school_id == school.pk for p in participations[user.pk])
        if not (linked or by_the_hub):
            problems[(i, "email")] = NOT_THIS_SCHOOLS
            continue
        for p in participations[user.pk]:
            if p.participant_type == reg.participant_type or p.school_id != school.pk:
                problems.setdefault((i, "email"), clash_message("e-mail address", p, school))
                break
    problems.update(_mentor_problems(school, registrations))
    return problems


MENTOR_NOT_FOUND = (
    "No mentor with this e-mail address is registered at this school or in the same file. "
    "Check the address, register the mentor too, or leave it empty and choose the mentor later."
)


def _mentor_problems(school: School, registrations: list[Registration]) -> Problems:
    """An ECT's mentor must be a mentor taking part at this school, or one registered in the same list."""
    asked = {reg.mentor_email for reg in registrations if reg.mentor_email}
    if not asked:
        return {}
    mentors_here = set(
        Participant.objects.filter(
            school=school, participant_type=ParticipantType.MENTOR, status=Participant.Status.ACTIVE
        ).values_list("user__email", flat=True)
    )
    in_list = {reg.email for reg in registrations if reg.participant_type == ParticipantType.MENTOR}
    problems: Problems = {}
    for i, reg in enumerate(registrations):
        if not reg.mentor_email:
            continue
        if reg.participant_type != ParticipantType.ECT:
            problems[(i, "mentor_email")] = "Only an ECT has a mentor. Leave this empty for a mentor."
        elif reg.mentor_email not in mentors_here | in_list:
            problems[(i, "mentor_email")] = MENTOR_NOT_FOUND
    return problems


def _pair_with_mentors(
    school: School, registrations: list[Registration], participants: list[Participant], actor: Any
) -> list[AuditSpec]:
    """Pair each new ECT whose row names a mentor (checked by check_registrations), from their induction start."""
    wanted = [(reg, p) for reg, p in zip(registrations, participants, strict=True) if reg.mentor_email]
    if not wanted:
        return []
    mentors = {
        m.user.email: m
        for m in Participant.objects.filter(
            school=school, participant_type=ParticipantType.MENTOR, status=Participant.Status.ACTIVE
        ).select_related("user")
    }
    entries = []
    for reg, ect in wanted:
        mentor = mentors[reg.mentor_email]
        pair_mentor(ect=ect, mentor=mentor, on=reg.induction_start_date)
        entries.append(
            AuditSpec(
                actor=actor,
                action="mentorship.changed",
                summary=f"{mentor.user.full_name} mentors {ect.user.full_name} from {when.plain_date(reg.induction_start_date)}",
                target=ect,
                details={"mentor_id": mentor.pk, "previous_mentor_id": None},
                people=(mentor.user_id,),
            )
        )
    return entries


def _row_label(index: int) -> str:
    # Callers with rows (the CSV) relabel; for a list this reads "entry 3".
    return f"entry {index + 1}"


def clash_message(what: str, existing: Participant, school: School) -> str:
    """Who already holds a TRN or address: named at their own school, never at another."""
    if existing.school_id == school.pk:
        return f"This {what} is already registered at this school, for {existing.user.full_name}."
    return f"This {what} is already registered at another school. Contact the hub."


@transaction.atomic
def register_participants(*, school: School, actor: Any, registrations: list[Registration]) -> list[Participant]:
    """Register every participant in the list, or none.

    Guarantees: all-or-nothing (one transaction); no TRN or e-mail clashes, and no
    account the school has no link to unless the actor is a hub admin (RegistrationRejected
    lists them all, see check_registrations); each cohort follows from the induction
    start date; a new person gets an account without a password and a queued
    invitation e-mail; someone who already has an account at this school (a tutor
    who also mentors) keeps it; one audit entry per participant; each has their DfE schedule from
    their start date; anyone whose programme is already under way (`scheduling.services.joining.under_way`)
    is given dates with the hub's notice and told them (in this transaction for a few people, by the
    task worker after it commits for more)."""
    problems = check_registrations(school=school, registrations=registrations, actor=actor)
    if problems:
        raise RegistrationRejected(problems)

    cohorts: dict[datetime.date, Cohort] = {}
    existing_users = {u.email: u for u in User.objects.filter(email__in=[r.email for r in registrations])}
    new_users = [
        User(email=r.email, full_name=r.full_name, password=make_password(None))
        for r in registrations
        if r.email not in existing_users
    ]
    User.objects.bulk_create(new_users)
    users = {**existing_users, **{u.email: u for u in new_users}}

    participants = []
    for reg in registrations:
        start_year_key = reg.induction_start_date
        if start_year_key not in cohorts:
            cohorts[start_year_key] = cohort_for_start_date(reg.induction_start_date)
        participants.append(
            Participant(
                user=users[reg.email],
                school=school,
                cohort=cohorts[start_year_key],
                participant_type=reg.participant_type,
                trn=reg.trn,
                induction_start_date=reg.induction_start_date,
                unavailable_weekdays=sorted(reg.unavailable_weekdays),
                phase=reg.phase,
                subject=reg.subject,
            )
        )
    for participant in participants:
        participant.fill_defaults()  # bulk_create skips save(): their DfE schedule, a mentor's training status
    Participant.objects.bulk_create(participants)

    invitees: dict[str, tuple[User, str]] = {}
    entries: list[AuditSpec] = []
    for participant in participants:
        user = participant.user
        kind = "an ECT" if participant.is_ect else "a mentor"
        entries.append(
            AuditSpec(
                actor=actor,
                action="participant.registered",
                summary=f"Registered {user.full_name} as {kind} at {school.name}",
                target=participant,
                details={"trn": participant.trn, "cohort": participant.cohort.start_year},
            )
        )
        if user.email not in invitees and not account_is_set_up(user):
            invitees[user.email] = (user, f"{school.name} has registered you as {kind}")
    entries += _pair_with_mentors(school, registrations, participants, actor)
    # One entry per participant, written in batches: on PostgreSQL 5,000 single inserts
    # (one round trip each) took most of a large import's time.
    record_many(entries, batch_size=500)
    issue_invitations(invitees=list(invitees.values()), actor=actor)
    _place_joiners(participants, actor)
    return participants


# People placed while the tutor waits: one person's dates take the scheduler well under a second; a
# file with more joiners than this is placed by the task worker once the registration is saved.
PLACE_AT_ONCE = 5


def _place_joiners(participants: list[Participant], actor: Any) -> None:
    """Dates with notice for everyone registered once their programme is under way (a mid-year start, or
    after the hub's scheduler has run for the cohort), through the scheduler's one-person placement."""
    joiners = under_way(participants)
    if len(joiners) <= PLACE_AT_ONCE:
        for participant in joiners:
            place_on_joining(participant=participant, actor=actor)
        return
    ids = [p.pk for p in joiners]
    actor_id = getattr(actor, "pk", None)
    transaction.on_commit(lambda: place_joiners.enqueue(ids, actor_id))
