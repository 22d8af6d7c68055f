"""Adding a school to the programme and its induction tutors."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from ecfhub.audit.services import record
from ecfhub.lib.errors import DomainError
from ecfhub.onboarding.invitations import account_is_set_up, issue_invitation
from ecfhub.people.models import School, User


@transaction.atomic
def add_school(*, urn: str, name: str, town: str, tutor_name: str, tutor_email: str, actor: Any) -> School:
    """A hub admin adds a school with its induction tutor.

    Guarantees: the URN is unique (DomainError otherwise); the tutor's account is
    created if new (and invited, as is an existing account not yet set up)."""
    if School.objects.filter(urn=urn).exists():
        raise DomainError("duplicate_urn", "A school with this URN is already in the programme.")
    school = School.objects.create(urn=urn, name=name.strip(), town=town.strip())
    record(actor=actor, action="school.added", summary=f"Added {school}", target=school)
    add_induction_tutor(school=school, full_name=tutor_name, email=tutor_email, actor=actor)
    return school


@transaction.atomic
def add_induction_tutor(*, school: School, full_name: str, email: str, actor: Any) -> User:
    """Make someone (a new or existing account) an induction tutor for the school, inviting them if needed.

    Guarantees: someone already a tutor of this school is refused (DomainError); an account
    not yet set up gets an invitation e-mail; the change is audited."""
    email = email.strip().lower()
    if school.induction_tutors.filter(email__iexact=email).exists():
        raise DomainError("already_tutor", f"{email} is already an induction tutor for {school.name}.")
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=None, full_name=full_name.strip())
    school.induction_tutors.add(user)
    user.__dict__.pop("tutor_school_ids", None)
    record(
        actor=actor,
        action="school.tutor_added",
        summary=f"Made {user.email} induction tutor for {school.name}",
        target=school,
        details={"user_id": user.pk},
    )
    if not account_is_set_up(user):
        issue_invitation(user=user, actor=actor, reason=f"You are the induction tutor for {school.name}")
    return user
