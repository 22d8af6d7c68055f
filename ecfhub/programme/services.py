"""Creating cohorts with their requirements, and changing a cohort's requirements (audited)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from ecfhub.audit.services import record
from ecfhub.lib.errors import DomainError
from ecfhub.people.models import ParticipantType
from ecfhub.programme.models import (
    DEFAULT_MENTOR_EXCEPTIONS,
    DEFAULT_REQUIREMENTS,
    Cohort,
    ProgrammeRequirement,
)
from ecfhub.programme.years import cohort_year_for_start


@transaction.atomic
def get_or_create_cohort(*, start_year: int) -> Cohort:
    """The cohort for `start_year`, created with the default requirements if new.

    Guarantees: a returned cohort always has one base requirement row per participant type, and
    rows that ask nothing of mentors already trained or not eligible (mentor training is once in a career)."""
    cohort, created = Cohort.objects.get_or_create(start_year=start_year)
    if created:
        ProgrammeRequirement.objects.bulk_create(
            [
                *(
                    ProgrammeRequirement(cohort=cohort, participant_type=kind, clinics=clinics, conferences=conferences)
                    for kind, (clinics, conferences) in DEFAULT_REQUIREMENTS.items()
                ),
                *(
                    ProgrammeRequirement(
                        cohort=cohort,
                        participant_type=ParticipantType.MENTOR,
                        mentor_training=status,
                        clinics=0,
                        conferences=0,
                        note=note,
                    )
                    for status, note in DEFAULT_MENTOR_EXCEPTIONS.items()
                ),
            ]
        )
    return cohort


def cohort_for_start_date(induction_start_date: datetime.date) -> Cohort:
    """The cohort an induction starting on this date joins (created if needed): DfE's contract period
    for the date, 1 June to 31 May (`years.cohort_year_for_start`)."""
    return get_or_create_cohort(start_year=cohort_year_for_start(induction_start_date))


@transaction.atomic
def change_requirement(
    *, requirement: ProgrammeRequirement, clinics: int, conferences: int, actor: Any
) -> ProgrammeRequirement:
    """Change how many clinics and conferences one participant type in one cohort must attend.

    Guarantees, with the row locked: whole numbers from 0 to 50 (DomainError
    `bad_requirement`); one audit entry with the old and new figures, none when
    nothing changed. The events page then shows whether the cohort's events add up."""
    if not (0 <= clinics <= 50 and 0 <= conferences <= 50):
        raise DomainError("bad_requirement", "Enter between 0 and 50 clinics and conferences.")
    locked = ProgrammeRequirement.objects.select_for_update().select_related("cohort").get(pk=requirement.pk)
    before = [locked.clinics, locked.conferences]
    if before == [clinics, conferences]:
        return locked
    locked.clinics, locked.conferences = clinics, conferences
    locked.save(update_fields=["clinics", "conferences"])
    record(
        actor=actor,
        action="requirement.changed",
        summary=f"Changed the {locked.cohort} requirement for {locked.who}: "
        f"{clinics} clinics, {conferences} conferences",
        target=locked,
        details={"from": before, "to": [clinics, conferences]},
    )
    return locked
