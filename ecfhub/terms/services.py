"""Building a year's term calendar."""

from __future__ import annotations

from django.db import transaction

from ecfhub.terms.models import AcademicYear, ClosureDay, HalfTerm
from ecfhub.terms.patterns import standard_closure_days, standard_half_terms


@transaction.atomic
def create_standard_year(*, start_year: int) -> AcademicYear:
    """Create an academic year with the usual six half terms and training days.

    Guarantees: idempotent — an existing year (and its half terms) is returned
    untouched, so a hub's corrections are never overwritten."""
    year, created = AcademicYear.objects.get_or_create(start_year=start_year)
    if created:
        HalfTerm.objects.bulk_create(
            HalfTerm(academic_year=year, number=number, starts_on=starts, ends_on=ends)
            for number, starts, ends in standard_half_terms(start_year)
        )
        for day, reason in standard_closure_days(start_year):
            ClosureDay.objects.get_or_create(date=day, defaults={"reason": reason})
    return year
