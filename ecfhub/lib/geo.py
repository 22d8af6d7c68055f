"""Distances between places given as British National Grid (OSGB36, EPSG:27700) easting and northing.

ECF Hub measures "how far" as the straight line between two grid references:
Pythagoras on the grid's metres. Over England the grid's scale differs from true
ground distance by less than 0.1% (the grid's scale factor is 0.9996 on its
central meridian and about 1.0004 at its edges), far closer than anyone's real
journey by road, so this is the one distance the scheduler, the pages and the
e-mails use. It is not a road distance or a travel time, and the pages say
"about". `tests/test_geo.py` checks it against an independent geodesic computation
(pyproj: the points converted to WGS84, the distance on the ellipsoid).

Pure Python, no Django: the scheduler's solver imports it."""

from __future__ import annotations

import math

# The grid's extent (Ordnance Survey): every valid reference lies inside it.
MAX_EASTING = 700_000
MAX_NORTHING = 1_300_000

GridRef = tuple[int, int]  # (easting, northing) in metres


def distance_m(a: GridRef, b: GridRef) -> float:
    """The straight-line distance in metres between two (easting, northing) grid references."""
    return math.hypot(a[0] - b[0], a[1] - b[1])


def distance_km(a: GridRef | None, b: GridRef | None) -> float | None:
    """`distance_m` in kilometres, or None when either place has no grid reference."""
    if a is None or b is None:
        return None
    return distance_m(a, b) / 1000


def about_km(km: float) -> str:
    """A distance as people say it: "about 14 km" (whole kilometres), "less than 1 km" when closer."""
    if km < 1:
        return "less than 1 km"
    return f"about {round(km):,} km"


def grid_ref(easting: int | None, northing: int | None) -> GridRef | None:
    """(easting, northing) when both are known, else None."""
    if easting is None or northing is None:
        return None
    return (easting, northing)
