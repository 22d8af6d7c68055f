"""Every moment is written on England's clock, checked against the law that sets it, not against zoneinfo.

The Summer Time Order 2002 (SI 2002/262): British Summer Time is GMT+1 from 01:00 GMT on the last
Sunday of March to 01:00 GMT on the last Sunday of October. The reference below computes the offset
from that rule alone, so a wrong zone, a missing conversion or a UTC time shown as local all fail."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ecfhub.lib import when

UTC = datetime.UTC


def _last_sunday(year: int, month: int) -> datetime.date:
    d = datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)
    return d - datetime.timedelta(days=(d.weekday() - 6) % 7)


def england_offset_hours(moment: datetime.datetime) -> int:
    """1 during British Summer Time, else 0, by the Summer Time Order's rule."""
    utc = moment.astimezone(UTC).replace(tzinfo=None)
    starts = datetime.datetime.combine(_last_sunday(utc.year, 3), datetime.time(1))
    ends = datetime.datetime.combine(_last_sunday(utc.year, 10), datetime.time(1))
    return 1 if starts <= utc < ends else 0


def england_wall_clock(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(UTC).replace(tzinfo=None) + datetime.timedelta(hours=england_offset_hours(moment))


# Moments around both changes of 2025-2030, the hour that does not exist (01:00-02:00 local in March)
# and the hour that happens twice (01:00-02:00 local in October) included.
around_changes = st.builds(
    lambda year, month, minutes: (
        datetime.datetime.combine(_last_sunday(year, month), datetime.time(1), tzinfo=UTC)
        + datetime.timedelta(minutes=minutes)
    ),
    st.integers(2025, 2030),
    st.sampled_from([3, 10]),
    st.integers(-36 * 60, 36 * 60),
)
any_moment = st.datetimes(
    min_value=datetime.datetime(2024, 1, 1), max_value=datetime.datetime(2031, 12, 31), timezones=st.just(UTC)
)


@given(st.one_of(around_changes, any_moment))
def test_the_clock_shown_is_englands_wall_clock(moment):
    wall = england_wall_clock(moment)
    assert when.clock(moment) == f"{wall:%H:%M}"
    assert when.excel(moment) == wall.replace(microsecond=0)
    offset = england_offset_hours(moment)
    assert when.iso(moment) == f"{wall:%Y-%m-%dT%H:%M:%S}+0{offset}:00"
    assert when.day(moment).endswith(f" {wall.day} {wall:%B} {wall.year}")
    # Every format with a time of day in it shows the same wall clock.
    for fmt in (when.day_clock, when.short_stamp, when.short_weekday_clock, when.stamp):
        assert fmt(moment).endswith(f"{wall:%H:%M}"), fmt
    assert when.short_weekday_month(moment) == f"{wall:%a} {wall.day} {wall:%b}"


def test_each_format_for_tables_and_lists_reads_as_its_docstring_says():
    starts = datetime.datetime(2027, 7, 8, 15, 0, tzinfo=UTC)  # 16:00 BST on Thursday 8 July 2027
    assert when.day_clock(starts) == "Thursday 8 July 2027, 16:00"
    assert when.short_stamp(starts) == "8 Jul 2027 16:00"
    assert when.short_weekday_clock(starts) == "Thu 8 Jul 16:00"
    assert when.short_day_month(starts) == "8 Jul"
    assert when.weekday_date(starts) == "Thu 8"
    assert when.month(starts) == "Jul 2027"
    # 22:30 UTC is 23:30 BST, still the 8th; 23:30 UTC is 00:30 BST, already Friday the 9th in England.
    late = datetime.datetime(2027, 7, 8, 22, 30, tzinfo=UTC)
    assert when.short_weekday_clock(late) == "Thu 8 Jul 23:30"
    assert when.weekday_date(datetime.datetime(2027, 7, 8, 23, 30, tzinfo=UTC)) == "Fri 9"


def test_a_summer_clinic_reads_as_the_hour_it_starts_in_england():
    starts = datetime.datetime(2027, 7, 8, 15, 0, tzinfo=UTC)  # 16:00 BST
    assert when.span(starts, starts + datetime.timedelta(hours=1)) == "Thursday 8 July 2027, 16:00 to 17:00"
    assert when.iso(starts) == "2027-07-08T16:00:00+01:00"


def test_a_winter_clinic_reads_as_the_same_hour_as_stored():
    starts = datetime.datetime(2026, 12, 10, 16, 0, tzinfo=UTC)  # 16:00 GMT
    assert when.span(starts, starts + datetime.timedelta(hours=1)) == "Thursday 10 December 2026, 16:00 to 17:00"
    assert when.short_day(starts) == "Thu 10 Dec 2026"
    assert when.stamp(starts) == "10 December 2026 at 16:00"
    assert when.iso(starts) == "2026-12-10T16:00:00+00:00"


def test_the_day_of_a_moment_is_its_day_in_england_not_in_utc():
    # 23:30 UTC on 30 June is 00:30 on 1 July in England.
    assert when.day(datetime.datetime(2027, 6, 30, 23, 30, tzinfo=UTC)) == "Thursday 1 July 2027"
    assert when.day(datetime.date(2027, 6, 30)) == "Wednesday 30 June 2027"


def test_a_span_over_midnight_names_both_days():
    starts = datetime.datetime(2027, 1, 4, 22, 0, tzinfo=UTC)
    assert (
        when.span(starts, starts + datetime.timedelta(hours=3))
        == "Monday 4 January 2027, 22:00 to Tuesday 5 January 2027, 01:00"
    )


def test_a_naive_datetime_is_refused_because_it_names_no_moment():
    with pytest.raises(ValueError, match="naive"):
        when.clock(datetime.datetime(2027, 7, 8, 16, 0))
