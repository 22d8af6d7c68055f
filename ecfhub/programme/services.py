"""Creating cohorts with their requirements."""

from __future__ import annotations

import datetime

from django.db import transaction

from ecfhub.programme.models import DEFAULT_REQUIREMENTS, Cohort, ProgrammeRequirement, cohort_start_year_for


@transaction.atomic
def get_or_create_cohort(*, start_year: int) -> Cohort:
    """The cohort for `start_year`, created with the default requirements if new.

    Guarantees: a returned cohort always has one requirement row per participant type."""
    cohort, created = Cohort.objects.get_or_create(start_year=start_year)
    if created:
        ProgrammeRequirement.objects.bulk_create(
            ProgrammeRequirement(cohort=cohort, participant_type=kind, clinics=clinics, conferences=conferences)
            for kind, (clinics, conferences) in DEFAULT_REQUIREMENTS.items()
        )
    return cohort


def cohort_for_start_date(induction_start_date: datetime.date) -> Cohort:
    """The cohort an induction starting on this date joins (created if needed)."""
    return get_or_create_cohort(start_year=cohort_start_year_for(induction_start_date))
