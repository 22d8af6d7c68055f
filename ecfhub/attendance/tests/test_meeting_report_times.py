"""Times and durations as meeting tools write them, read on the hub's clock for the session's day."""

from __future__ import annotations

import datetime

import pytest

from ecfhub.attendance.meeting_report.report import RowError
from ecfhub.attendance.meeting_report.times import SessionDay, duration, moment, on_hub_clock
from ecfhub.events.services import local_datetime

UTC = datetime.UTC


def session_on(day: datetime.date, start: tuple[int, int] = (15, 30), end: tuple[int, int] = (16, 30)) -> SessionDay:
    return SessionDay(local_datetime(day, datetime.time(*start)), local_datetime(day, datetime.time(*end)))


WINTER = session_on(datetime.date(2025, 12, 4))
SUMMER = session_on(datetime.date(2026, 7, 8))


@pytest.mark.parametrize(
    "text",
    [
        "12/4/25, 3:31:22 PM",  # Teams, US
        "04/12/2025, 15:31:22",  # Teams, UK
        "12/04/2025 03:31:22 PM",  # Zoom
        "2025-12-04 15:31:22",  # Zoom, ISO
        "2025-12-04T15:31:22Z",
        "2025-12-04T16:31:22+01:00",
        "04.12.2025 15:31:22",  # day first with dots, everywhere
        "15:31:22",  # Meet: the time alone, on the session's day
        "3:31:22 pm",
        "Dec 4, 2025 3:31:22 PM",
        "4 December 2025 15:31:22 GMT",
    ],
)
def test_every_way_the_tools_write_a_winter_time_is_the_same_moment(text: str) -> None:
    assert moment(text, day=WINTER, row=2, what="join") == datetime.datetime(2025, 12, 4, 15, 31, 22, tzinfo=UTC)


def test_a_summer_wall_clock_time_is_an_hour_ahead_of_utc_and_an_offset_is_kept() -> None:
    assert moment("07/08/2026 04:00:00 PM", day=SUMMER, row=2, what="join") == datetime.datetime(
        2026, 7, 8, 15, 0, tzinfo=UTC
    )
    assert moment("08/07/2026, 16:00:00", day=SUMMER, row=2, what="join") == datetime.datetime(
        2026, 7, 8, 15, 0, tzinfo=UTC
    )
    assert moment("2026-07-08T16:00:00Z", day=SUMMER, row=2, what="join") == datetime.datetime(
        2026, 7, 8, 16, 0, tzinfo=UTC
    )


def test_octobers_repeated_hour_is_the_one_nearer_the_session_and_marchs_skipped_hour_is_read_on_the_old_clock() -> (
    None
):
    wall = datetime.datetime(2026, 10, 25, 1, 30)  # the clocks go back at 02:00 BST: 01:30 happens twice
    early = datetime.datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 01:30 BST
    late = datetime.datetime(2026, 10, 25, 1, 30, tzinfo=UTC)  # 01:30 GMT
    assert on_hub_clock(wall, near=early) == early
    assert on_hub_clock(wall, near=late + datetime.timedelta(hours=3)) == late
    skipped = datetime.datetime(2026, 3, 29, 1, 30)  # the clocks go forward at 01:00 GMT: no 01:30
    assert on_hub_clock(skipped, near=datetime.datetime(2026, 3, 29, tzinfo=UTC)) == datetime.datetime(
        2026, 3, 29, 1, 30, tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "0001-01-01 00:00:00",
            "Row 7: the leave time “0001-01-01 00:00:00” is not on the session's day, 4 December 2025.",
        ),
        (
            "12/31/9999 11:59:59 PM",
            "Row 7: the leave time “12/31/9999 11:59:59 PM” is not on the session's day, 4 December 2025.",
        ),
        (
            "9999-12-31T23:59:59-14:00",
            "Row 7: the leave time “9999-12-31T23:59:59-14:00” is not on the session's day, 4 December 2025.",
        ),
        ("2025-12-04 25:00", "Row 7: “2025-12-04 25:00” is not a leave time we can read."),
        ("2025-12-04 13:00 PM", "Row 7: “2025-12-04 13:00 PM” is not a leave time we can read."),
        ("2025-12-04 15:00+99:00", "Row 7: “2025-12-04 15:00+99:00” is not a leave time we can read."),
        ("Dec 99999999999999999999, 2025", "Row 7: “Dec 99999999999999999999, 2025” is not a leave time we can read."),
        ("soon", "Row 7: “soon” is not a leave time we can read."),
    ],
)
def test_a_time_off_the_sessions_day_or_not_a_time_is_the_rows_error(text: str, message: str) -> None:
    with pytest.raises(RowError) as error:
        moment(text, day=WINTER, row=7, what="leave")
    assert str(error.value) == message


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("1h 2m 3s", 3723),  # Teams
        ("45m 10s", 2710),
        ("59s", 59),
        ("62", 3720),  # Zoom's minutes
        ("1 hr 5 min", 3900),  # Meet
        ("1 hour 2 minutes", 3720),
        ("01:02:03", 3723),
        ("", None),
    ],
)
def test_each_tools_durations_read_as_seconds(text: str, seconds: int | None) -> None:
    assert duration(text, row=2) == seconds


@pytest.mark.parametrize("text", ["a while", "1h 2x", "99999999999999999999999", "9" * 400, "999:00:00"])
def test_a_duration_that_is_not_one_or_longer_than_a_session_could_be_is_the_rows_error(text: str) -> None:
    with pytest.raises(RowError, match="Row 2: "):
        duration(text, row=2)
