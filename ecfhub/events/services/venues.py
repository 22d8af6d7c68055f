"""The hub's venues: adding and changing one."""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction

from ecfhub.audit.services import record
from ecfhub.events.models import Venue
from ecfhub.lib.errors import DomainError
from ecfhub.lib.geo import MAX_EASTING, MAX_NORTHING
from ecfhub.people.models import School


def normal_postcode(postcode: str) -> str:
    """A postcode as Royal Mail and GIAS write it: capitals, one space before the last three characters."""
    compact = re.sub(r"\s+", "", postcode).upper()
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact


def school_grid_ref(postcode: str) -> tuple[int, int] | None:
    """The grid reference of a school at this postcode (from GIAS), if the hub has one."""
    postcode = normal_postcode(postcode)
    if not postcode:
        return None
    school = (
        School.objects.filter(postcode__iexact=postcode, easting__isnull=False, northing__isnull=False)
        .order_by("closed", "pk")
        .first()
    )
    return school.grid_ref if school else None


@transaction.atomic
def save_venue(
    *,
    venue: Venue | None = None,
    name: str,
    address: str = "",
    postcode: str = "",
    easting: int | None = None,
    northing: int | None = None,
    accessibility: str = "",
    actor: Any,
) -> Venue:
    """Add a venue (`venue` None) or change one, and say which in the audit log.

    Guarantees: names are unique (DomainError `duplicate_venue`); the grid reference is both parts or
    neither, inside the British National Grid (`grid_ref`); with neither typed, it is taken from a school
    at the same postcode when the hub has one (GIAS's location), so the venue can be used for nearness;
    a change of place reaches the sessions' calendars (their next change bumps SEQUENCE)."""
    name = name.strip()
    if not name:
        raise DomainError("venue_name", "Enter the venue's name.")
    others = Venue.objects.filter(name__iexact=name)
    if venue is not None:
        others = others.exclude(pk=venue.pk)
    if others.exists():
        raise DomainError("duplicate_venue", f"There is already a venue called {name}. Choose another name.")
    if (easting is None) != (northing is None):
        raise DomainError("grid_ref", "Enter both the easting and the northing, or neither.")
    if (
        easting is not None
        and northing is not None
        and not (0 <= easting <= MAX_EASTING and 0 <= northing <= MAX_NORTHING)
    ):
        raise DomainError("grid_ref", "The grid reference is outside Great Britain.")
    postcode = normal_postcode(postcode)
    if easting is None:
        found = school_grid_ref(postcode)
        if found:
            easting, northing = found
    created = venue is None
    venue = venue or Venue()
    venue.name, venue.address, venue.postcode = name, address.strip(), postcode
    venue.easting, venue.northing, venue.accessibility = easting, northing, accessibility.strip()
    venue.save()
    record(
        actor=actor,
        action="venue.added" if created else "venue.changed",
        summary=f"{'Added' if created else 'Changed'} the venue {venue.name}",
        target=venue,
    )
    return venue
