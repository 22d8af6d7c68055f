"""Building and correcting the term calendar. Every change a hub admin makes is audited here."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ecfhub.audit.services import record
from ecfhub.lib import when
from ecfhub.lib.errors import DomainError
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


@transaction.atomic
def add_closure_day(*, day: datetime.date, reason: str, actor: Any) -> ClosureDay:
    """Make `day` a closure day (no school, so no training is scheduled then).

    Guarantees: a weekday not already closed (DomainError `weekend`, `already_closed`);
    one audit entry in the same transaction. Sessions already on that day are not
    moved: the caller shows them (events.queries.sessions_on) so the hub can act."""
    if day.weekday() >= 5:
        raise DomainError("weekend", "Choose a weekday: weekends are never school days.")
    try:
        with transaction.atomic():
            closure = ClosureDay.objects.create(date=day, reason=reason.strip() or "Staff training day")
    except IntegrityError as error:
        raise DomainError("already_closed", "That day is already a closure day.") from error
    record(actor=actor, action="closure_day.added", summary=f"Added the closure day {closure}", target=closure)
    return closure


@transaction.atomic
def remove_closure_day(*, closure: ClosureDay, actor: Any) -> None:
    """Make a closure day a school day again. Guarantees: one audit entry in the same transaction."""
    summary = f"Removed the closure day {closure}"
    record(actor=actor, action="closure_day.removed", summary=summary, target=closure)
    closure.delete()


@transaction.atomic
def change_half_term(*, half_term: HalfTerm, starts_on: datetime.date, ends_on: datetime.date, actor: Any) -> HalfTerm:
    """Correct a half term's dates (to match the county's calendar).

    Guarantees, with the row locked: it ends on or after it starts and overlaps no
    other half term (DomainError `bad_dates` with the reason); one audit entry with
    the old and new dates, none when nothing changed."""
    locked = HalfTerm.objects.select_for_update().select_related("academic_year").get(pk=half_term.pk)
    before = (locked.starts_on, locked.ends_on)
    if before == (starts_on, ends_on):
        return locked
    locked.starts_on, locked.ends_on = starts_on, ends_on
    try:
        locked.full_clean()
    except ValidationError as error:
        raise DomainError("bad_dates", " ".join(error.messages)) from error
    locked.save(update_fields=["starts_on", "ends_on"])
    record(
        actor=actor,
        action="half_term.changed",
        summary=f"Changed {locked} to {when.short_date(starts_on)} – {when.short_date(ends_on)}",
        target=locked,
        details={"from": [d.isoformat() for d in before], "to": [starts_on.isoformat(), ends_on.isoformat()]},
    )
    return locked
