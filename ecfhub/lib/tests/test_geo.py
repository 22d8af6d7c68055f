"""The one distance (straight line on the British National Grid) against an independent computation."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyproj import Geod, Transformer

from ecfhub.lib.geo import MAX_EASTING, about_km, distance_km, distance_m, grid_ref

# OSGB36 / British National Grid to WGS84 longitude, latitude; distances on the WGS84 ellipsoid.
_TO_WGS84 = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)
_GEOD = Geod(ellps="WGS84")


def geodesic_m(a: tuple[int, int], b: tuple[int, int]) -> float:
    lon1, lat1 = _TO_WGS84.transform(*a)
    lon2, lat2 = _TO_WGS84.transform(*b)
    return float(_GEOD.inv(lon1, lat1, lon2, lat2)[2])


NORWICH = (623_000, 308_500)
THETFORD = (587_000, 283_000)
GREAT_YARMOUTH = (652_500, 307_500)
KINGS_LYNN = (562_000, 320_000)
PENZANCE = (147_500, 30_500)
BERWICK = (399_500, 653_000)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (NORWICH, THETFORD),
        (NORWICH, GREAT_YARMOUTH),
        (GREAT_YARMOUTH, KINGS_LYNN),
        (PENZANCE, BERWICK),
    ],
)
def test_norfolk_and_england_distances_match_the_geodesic_within_half_a_percent(a, b):
    assert distance_m(a, b) == pytest.approx(geodesic_m(a, b), rel=0.005)


@settings(max_examples=60, deadline=None)
@given(
    st.tuples(st.integers(100_000, 650_000), st.integers(20_000, 650_000)),
    st.tuples(st.integers(100_000, 650_000), st.integers(20_000, 650_000)),
)
def test_any_two_places_in_england_match_the_geodesic_within_half_a_percent(a, b):
    if distance_m(a, b) < 1_000:
        return  # under a kilometre the pages say "less than 1 km"; the relative error means nothing
    assert distance_m(a, b) == pytest.approx(geodesic_m(a, b), rel=0.005)


def test_the_distance_is_symmetric_and_zero_at_the_same_place():
    assert distance_m(NORWICH, THETFORD) == distance_m(THETFORD, NORWICH)
    assert distance_m(NORWICH, NORWICH) == 0
    assert distance_m((0, 0), (3, 4)) == 5


def test_a_place_without_a_grid_reference_has_no_distance():
    assert distance_km(None, NORWICH) is None
    assert grid_ref(None, 5) is None
    assert grid_ref(MAX_EASTING, 5) == (MAX_EASTING, 5)


def test_distances_read_as_people_say_them():
    assert about_km(distance_km(NORWICH, THETFORD) or 0) == "about 44 km"
    assert about_km(0.4) == "less than 1 km"
