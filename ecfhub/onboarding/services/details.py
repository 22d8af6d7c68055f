"""Correcting a registered participant's details: a mistyped name, e-mail address, TRN or start date."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from ecfhub.audit.services import record
from ecfhub.lib.concurrency import version_of_values
from ecfhub.lib.errors import DomainError
from ecfhub.onboarding.invitations import account_is_set_up, issue_invitation
from ecfhub.onboarding.services.registration import clash_message
from ecfhub.people.models import Participant, User
from ecfhub.people.teaching import SUBJECTS, Phase
from ecfhub.programme.services import cohort_for_start_date
from ecfhub.scheduling.models import Assignment


def current_details(participant: Participant) -> dict[str, Any]:
    """The changeable details as the form shows them."""
    return {
        "full_name": participant.user.full_name,
        "email": participant.user.email,
        "trn": participant.trn,
        "induction_start_date": participant.induction_start_date,
        "unavailable_weekdays": sorted(participant.unavailable_weekdays or []),
        "phase": participant.phase,
        "subject": participant.subject,
    }


def details_version(participant: Participant) -> str:
    """The version of just these details, so a sign-in (which touches the account) is not a conflict."""
    return version_of_values(current_details(participant))


class DetailsRejected(DomainError):
    """One or more corrections cannot be made; `problems` maps a field to its message."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("details_rejected", "Some details could not be changed.")
        self.problems = problems


@transaction.atomic
def correct_details(
    *,
    participant: Participant,
    full_name: str,
    email: str,
    trn: str,
    induction_start_date: datetime.date,
    unavailable_weekdays: list[int] | None = None,
    phase: str | None = None,
    subject: str | None = None,
    actor: Any,
    expected_version: str | None = None,
) -> Participant:
    """Correct a participant's name, e-mail address, TRN or induction start date, or record the
    weekdays they do not work and the phase and subject they teach (inputs already cleaned; `None`
    leaves the weekdays, phase or subject as they are).

    Guarantees, with the participant and their account locked:
    - nothing is saved if someone changed these details since `expected_version` was read (`edit_conflict`);
    - unless the actor is a hub admin, the name and e-mail address change only for an account that
      holds no other role (not a hub admin, facilitator or tutor, and no other participation);
    - the e-mail address changes only while the account is not set up (once it is, it is how they
      sign in) and only for an account used at this school alone; a new address gets a fresh
      set-up link and the old link stops working;
    - a TRN or e-mail address that belongs to someone else is refused as at registration, without
      naming another school's people (`DetailsRejected.problems`, by field);
    - a start date that moves them to another cohort is refused while they have dates;
    - the phase and subject are DfE's words (people/teaching.py) or empty (`DetailsRejected.problems` otherwise);
    - weekdays off are Monday to Friday and never all five; dates already given stay (only the
      hub moves people), and `scheduling.summaries.dates_on_days_off` lists any that now clash;
    - one audit entry naming the fields changed, or nothing at all when nothing changed."""
    locked = Participant.objects.select_for_update().select_related("user", "school", "cohort").get(pk=participant.pk)
    user = User.objects.select_for_update().get(pk=locked.user_id)
    locked.user = user
    if expected_version and expected_version != details_version(locked):
        raise DomainError("edit_conflict", "Someone else saved changes to these details while you were editing them.")
    school = locked.school
    problems: dict[str, str] = {}

    # A tutor may correct the name and address of an account that is only this participant, never
    # of one that also signs in as anything else (a hub admin, facilitator, tutor, or elsewhere).
    if (
        (full_name != user.full_name or email != user.email)
        and not getattr(actor, "is_hub_admin", False)
        and _holds_another_role(user, locked)
    ):
        message = "This person also has another role in the hub, so only the hub can change this. Contact the hub."
        if full_name != user.full_name:
            problems["full_name"] = message
        if email != user.email:
            problems["email"] = message

    if email != user.email and "email" not in problems:
        other_roles = (
            user.participations.exclude(school=school).exists()
            or user.tutored_schools.exclude(pk=school.pk).exists()
            or user.is_hub_admin
            or user.is_facilitator
        )
        if account_is_set_up(user):
            problems["email"] = (
                f"{user.full_name} has set up their account and signs in with this address, "
                "so it cannot be changed here. Contact the hub if it is wrong."
            )
        elif other_roles:
            problems["email"] = "This account is also used outside this school, so contact the hub to change it."
        elif User.objects.filter(email=email).exists():
            clash = Participant.objects.filter(user__email=email).select_related("user").first()
            problems["email"] = (
                clash_message("e-mail address", clash, school)
                if clash
                else "This e-mail address belongs to another account. Contact the hub."
            )

    if trn != locked.trn:
        clash = Participant.objects.filter(trn=trn).exclude(user=user).select_related("user").first()
        if clash:
            problems["trn"] = clash_message("TRN", clash, school)

    cohort = locked.cohort
    if induction_start_date != locked.induction_start_date:
        cohort = cohort_for_start_date(induction_start_date)
        has_dates = Assignment.objects.filter(participant=locked, status=Assignment.Status.ASSIGNED).exists()
        if cohort.pk != locked.cohort_id and has_dates:
            problems["induction_start_date"] = (
                f"This date would move them from the {locked.cohort} to the {cohort}, "
                "but they already have training dates. Contact the hub to move them."
            )
    days_off = locked.unavailable_weekdays if unavailable_weekdays is None else sorted(set(unavailable_weekdays))
    if any(day not in range(5) for day in days_off):
        problems["unavailable_weekdays"] = "Choose days from Monday to Friday."
    elif len(days_off) == 5:
        problems["unavailable_weekdays"] = "They must work at least one day a week to take part. Untick a day."
    phase = locked.phase if phase is None else phase
    subject = locked.subject if subject is None else subject
    if phase not in ("", *Phase.values):
        problems["phase"] = "Choose a phase from the list."
    if subject not in ("", *SUBJECTS):
        problems["subject"] = "Choose a subject from the list."
    if problems:
        raise DetailsRejected(problems)

    before = current_details(locked) | {"cohort": locked.cohort.start_year}
    user.full_name, user.email = full_name, email
    user.save(update_fields=["full_name", "email"])
    locked.trn, locked.induction_start_date, locked.cohort = trn, induction_start_date, cohort
    locked.unavailable_weekdays = days_off
    locked.phase, locked.subject = phase, subject
    locked.save(update_fields=["trn", "induction_start_date", "cohort", "unavailable_weekdays", "phase", "subject"])
    after = current_details(locked) | {"cohort": cohort.start_year}
    changed = sorted(name for name in after if after[name] != before[name])
    if not changed:
        return locked
    record(
        actor=actor,
        action="participant.details_corrected",
        summary=f"Corrected {', '.join(_LABELS[name] for name in changed)} of {user.full_name} at {school.name}",
        target=locked,
        # Which fields, not their old values: an old misspelt name or address would outlive anonymisation.
        details={"changed": changed, "cohort": {"from": before["cohort"], "to": after["cohort"]}},
    )
    if "email" in changed:
        issue_invitation(user=user, actor=actor)
    return locked


def _holds_another_role(user: User, participant: Participant) -> bool:
    return (
        user.is_hub_admin
        or user.is_facilitator
        or user.tutored_schools.exists()
        or user.participations.exclude(pk=participant.pk).exists()
    )


_LABELS = {
    "full_name": "the name",
    "email": "the e-mail address",
    "trn": "the TRN",
    "induction_start_date": "the induction start date",
    "unavailable_weekdays": "the days they do not work",
    "phase": "the phase they teach",
    "subject": "the subject they teach",
    "cohort": "the cohort",
}
