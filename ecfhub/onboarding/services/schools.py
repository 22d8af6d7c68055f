"""Adding a school to the programme and its induction tutors."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from ecfhub.audit.services import record
from ecfhub.lib.errors import DomainError
from ecfhub.onboarding.invitations import account_is_set_up, issue_invitation
from ecfhub.onboarding.models import SchoolListImport

if TYPE_CHECKING:
    from ecfhub.onboarding.gias import SchoolListCheck
from ecfhub.people.models import School, User


@transaction.atomic
def add_school(*, urn: str, name: str, town: str, tutor_name: str, tutor_email: str, actor: Any) -> School:
    """A hub admin adds a school with its induction tutor.

    Guarantees: the URN is unique (DomainError otherwise); a school already listed from GIAS with no tutor
    or participant yet is taken into the programme (its GIAS details kept unless a name or town is typed),
    never a closed one (`school_closed`); the tutor's account is created if new (and invited, as is an
    existing account not yet set up)."""
    school = School.objects.select_for_update().filter(urn=urn).first()
    if school is not None:
        if school.closed:
            raise DomainError("school_closed", f"{school.name} is closed in Get Information about Schools.")
        if not school.only_listed():
            raise DomainError("duplicate_urn", "A school with this URN is already in the programme.")
        school.name = name.strip() or school.name
        school.town = town.strip() or school.town
        school.save(update_fields=["name", "town"])
    else:
        if not name.strip():
            raise DomainError("school_name", "Enter the school's name.")
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


def store_school_list(*, user: Any, filename: str, checked: SchoolListCheck) -> SchoolListImport:
    """Keep a checked GIAS upload's changes for the preview and the confirm (nothing else changes)."""
    return SchoolListImport.objects.create(
        uploaded_by=user, filename=filename[:255], sha256=checked.sha256, changes=checked.to_json()
    )


@transaction.atomic
def import_school_list(*, upload: SchoolListImport, sha256: str, actor: Any) -> dict[str, int]:
    """Apply a checked GIAS upload exactly as its preview showed it; returns what it did, by kind.

    Guarantees: all or nothing (one transaction, the upload row locked so a double confirm applies
    once; DomainError if already applied or if `sha256` is not the previewed file's); new schools are
    added, schools the hub has are updated field by field from their previewed value (a field changed
    by someone since the preview keeps their value), closed schools are flagged `closed` and never
    deleted; one audit entry says how many of each."""
    upload = SchoolListImport.objects.select_for_update().get(pk=upload.pk)
    if upload.status != SchoolListImport.Status.CHECKED:
        raise DomainError("already_applied", "This school list has already been imported.")
    if sha256 != upload.sha256:
        raise DomainError("different_file", "This is not the file you previewed. Upload it again.")
    data = upload.changes
    have = set(School.objects.filter(urn__in=[s["urn"] for s in data["new"]]).values_list("urn", flat=True))
    added = School.objects.bulk_create(
        [School(**{k: v for k, v in s.items() if k in _SCHOOL_FIELDS}) for s in data["new"] if s["urn"] not in have]
    )
    by_urn = {s.urn: s for s in School.objects.select_for_update().filter(urn__in=[c["urn"] for c in data["changed"]])}
    updated = closed = 0
    for change in data["changed"]:
        school = by_urn.get(change["urn"])
        if school is None:
            continue
        names = []
        for name, (old, new) in change["changes"].items():
            if getattr(school, name) == old:
                setattr(school, name, new)
                names.append(name)
        if names:
            school.save(update_fields=names)
            updated += 1
            closed += "closed" in names and school.closed
    upload.status = SchoolListImport.Status.APPLIED
    upload.applied_at = timezone.now()
    upload.save(update_fields=["status", "applied_at"])
    counts = {"added": len(added), "updated": updated, "closed": closed}
    record(
        actor=actor,
        action="school.list_imported",
        summary=f"Imported the GIAS school list {upload.filename}: {len(added)} added, {updated} updated, "
        f"{closed} flagged closed",
        target=upload,
        details=counts,
    )
    return counts


_SCHOOL_FIELDS = {
    "urn",
    "name",
    "town",
    "local_authority",
    "establishment_type",
    "phase",
    "gias_status",
    "closed",
    "postcode",
    "easting",
    "northing",
}
