"""Each meeting tool's report, exactly as it is exported today, fills the register: everyone in it
matched to a place, recognised as running the session, or explained; rejoins added up."""

from __future__ import annotations

import codecs
import datetime

import pytest

from ecfhub.attendance.meeting_report import Preview, ReportError, match, read_report
from ecfhub.attendance.tests.meeting_reports import (
    Stay,
    iso,
    meet_report,
    teams_older,
    teams_report,
    teams_uk,
    teams_us,
    zoom_report,
)
from ecfhub.events.services import local_datetime

DAY = datetime.date(2025, 12, 4)  # a Thursday, 15:30 to 16:30
START = local_datetime(DAY, datetime.time(15, 30))
END = local_datetime(DAY, datetime.time(16, 30))
PLACES = [(1, "Erin Ect", "erin@riverside.test"), (2, "Ed Ect", "ed@oakfield.test"), (3, "Ivy Brown", "ivy@x.test")]
FACILITATORS = [("Fred Facilitator", "fred@hub.test")]


def at(hour: int, minute: int, second: int = 0) -> datetime.datetime:
    return datetime.datetime(2025, 12, 4, hour, minute, second)


STAYS = [
    Stay("Fred Facilitator", "fred@hub.test", at(15, 25), at(16, 35), role="Organizer"),
    # Erin's connection dropped: two stays, 28m 10s and 28m 55s inside the session.
    Stay("Erin Ect", "erin@riverside.test", at(15, 29, 40), at(15, 58, 10)),
    Stay("Erin Ect", "erin@riverside.test", at(16, 1, 5), at(16, 30, 20)),
    Stay("Ed Ect", "ed@oakfield.test", at(15, 31, 22), at(16, 29, 50)),
    # Ivy joined from her personal account: no e-mail address the hub knows, matched by name.
    Stay("Ivy Brown", "", at(15, 52), at(16, 30, 5)),
    Stay("Sam Visitor (Guest)", "", at(15, 40), at(16, 0)),
]


def preview(data: bytes, **kwargs) -> Preview:  # type: ignore[no-untyped-def]
    report = read_report(data, starts_at=START, ends_at=END)
    return match(
        report, starts_at=START, ends_at=END, places=PLACES, share_percent=75, facilitators=FACILITATORS, **kwargs
    )


def outcome(result: Preview) -> dict[str, tuple[object, ...]]:
    """Each person in the report: what became of them (a place and mark, a role, or why not)."""
    out: dict[str, tuple[object, ...]] = {}
    for a in result.attendees:
        if a.place_id is not None:
            out[a.name] = (a.place_id, a.matched_by, a.minutes, a.mark, len(a.joins))
        else:
            out[a.name] = (a.role or a.why,)
    return out


EVERYONE = {
    "Erin Ect": (1, "e-mail", 57, "present", 2),
    "Ed Ect": (2, "e-mail", 58, "present", 1),
    "Ivy Brown": (3, "name", 38, "late", 1),
    "Fred Facilitator": ("Facilitator",),
    "Sam Visitor (Guest)": ("A guest in the meeting, not on this session's list.",),
}


@pytest.mark.parametrize("dates", [teams_us, teams_uk], ids=["US locale", "UK locale"])
def test_a_teams_report_in_utf16_with_tabs_and_sections_matches_everyone_and_adds_up_rejoins(dates) -> None:  # type: ignore[no-untyped-def]
    data = teams_report(STAYS, title="Routines that work", dates=dates)
    assert data.startswith(codecs.BOM_UTF16_LE) and b"\t\x00" in data
    assert "1h 10m 0s" in data.decode("utf-16") and "3. In-Meeting Activities" in data.decode("utf-16")
    result = preview(data)
    assert outcome(result) == EVERYONE
    assert result.not_counted == []
    assert result.absent == []
    assert result.described == "a Microsoft Teams attendance report (UTF-16, tab-separated)"


def test_a_teams_report_without_its_activities_counts_no_more_than_the_in_meeting_duration() -> None:
    text = teams_report(STAYS, title="Routines that work").decode("utf-16")
    without = text[: text.index("3. In-Meeting Activities")].encode("utf-16")
    erin = next(a for a in preview(without).matched if a.place_id == 1)
    # 15:29:40 to 16:30:20 is the whole session, but Teams counts 57m 20s in the meeting.
    assert (erin.minutes, erin.mark) == (57, "present")


def test_a_teams_report_saved_as_utf16_big_endian_reads_the_same() -> None:
    text = teams_report(STAYS, title="Routines that work").decode("utf-16")
    data = codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    assert outcome(preview(data)) == EVERYONE


def test_the_older_teams_list_of_joins_and_leaves_matches_by_name_and_pairs_each_rejoin() -> None:
    # Downloaded during the meeting, as that list had to be: Erin had not left yet.
    data = teams_older(STAYS, still_in=("Erin Ect",))
    assert "Full Name\tUser Action\tTimestamp" in data.decode("utf-16")
    result = preview(data)
    expected = {**EVERYONE, "Erin Ect": (1, "name", 57, "present", 2), "Ed Ect": (2, "name", 58, "present", 1)}
    assert outcome(result) == expected
    assert result.described.startswith("a Microsoft Teams attendance list (the older form)")


def test_a_zoom_report_with_us_dates_and_the_meeting_row_above_recognises_its_host() -> None:
    office = Stay("Hub Office", "office@hub.test", at(15, 20), at(16, 31))
    data = zoom_report(
        [*STAYS, office], topic="Routines that work", host_email="office@hub.test", guests=("Sam Visitor (Guest)",)
    )
    assert b"12/04/2025 03:31:22 PM" in data and data.startswith(b"Meeting ID,Topic")
    result = preview(data)
    assert outcome(result) == {**EVERYONE, "Hub Office": ("Host",)}
    assert [a.name for a in result.running] == ["Fred Facilitator", "Hub Office"]
    assert result.unmatched[0].name == "Sam Visitor (Guest)"
    assert result.described == "a Zoom participants report (UTF-8, comma-separated)"


def test_a_zoom_report_with_iso_dates_and_no_meeting_row_reads_the_same() -> None:
    data = zoom_report(STAYS, topic="Routines that work", host_email="fred@hub.test", dates=iso, summary=False)
    assert b"2025-12-04 15:31:22" in data
    assert outcome(preview(data)) == EVERYONE


def test_a_zoom_report_saved_by_european_excel_with_semicolons_and_a_byte_order_mark_reads_the_same() -> None:
    def day_first(t: datetime.datetime) -> str:
        return f"{t.day:02d}/{t.month:02d}/{t.year} {t.hour:02d}:{t.minute:02d}:{t.second:02d}"

    text = zoom_report(STAYS, topic="Routines that work", host_email="fred@hub.test", dates=day_first).decode()
    data = codecs.BOM_UTF8 + text.replace(",", ";").encode()
    result = preview(data)
    assert outcome(result) == EVERYONE
    assert result.described == "a Zoom participants report (UTF-8, semicolon-separated)"


@pytest.mark.parametrize("full_name", [False, True], ids=["first and last name", "full name"])
def test_a_google_meet_report_matches_everyone_from_first_join_to_last_exit(full_name: bool) -> None:
    result = preview(meet_report(STAYS, full_name=full_name))
    # Meet gives one row per person with the time in the meeting: Erin's 57 minutes, not the hour.
    assert outcome(result) == {**EVERYONE, "Erin Ect": (1, "e-mail", 57, "present", 1)}
    assert result.described == "a Google Meet attendance report (UTF-8, comma-separated)"


def test_a_presenter_runs_the_meeting_only_when_others_were_attendees() -> None:
    helper = Stay("Pat Presenter", "pat@hub.test", at(15, 30), at(16, 30), role="Presenter")
    result = preview(teams_report([*STAYS, helper], title="Routines that work"))
    assert outcome(result)["Pat Presenter"] == ("Host",)
    # Teams' default: everyone a presenter. Then it says nothing about who ran the meeting.
    everyone = [Stay(s.name, s.email, s.joined, s.left, role="Presenter") for s in [*STAYS, helper]]
    result = preview(teams_report(everyone, title="Routines that work"))
    assert outcome(result)["Pat Presenter"] == ("Not on this session's list: choose who this is, or leave them out.",)
    assert outcome(result)["Fred Facilitator"] == ("Facilitator",)  # from the hub's own records


def zoom_iso_with(join: str, leave: str) -> bytes:
    return (
        "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n"
        "Erin Ect,erin@riverside.test,2025-12-04 15:29:40,2025-12-04 16:30:20,61,No\n"
        f'Ed Ect,ed@oakfield.test,"{join}","{leave}",58,No\n'
    ).encode()


@pytest.mark.parametrize(
    ("join", "message"),
    [
        (
            "0001-01-01 00:00:00",
            "Row 3: the join time “0001-01-01 00:00:00” is not on the session's day, 4 December 2025.",
        ),
        (
            "9999-12-31 23:59:59",
            "Row 3: the join time “9999-12-31 23:59:59” is not on the session's day, 4 December 2025.",
        ),
        (
            "01/01/0001 12:00:00 AM",
            "Row 3: the join time “01/01/0001 12:00:00 AM” is not on the session's day, 4 December 2025.",
        ),
        (
            "0001-01-01T00:00:00+01:00",
            "Row 3: the join time “0001-01-01T00:00:00+01:00” is not on the session's day, 4 December 2025.",
        ),
        (
            "9999-12-31T23:59:59-05:00",
            "Row 3: the join time “9999-12-31T23:59:59-05:00” is not on the session's day, 4 December 2025.",
        ),
        (
            "2025-12-05 15:31:22",
            "Row 3: the join time “2025-12-05 15:31:22” is not on the session's day, 4 December 2025.",
        ),
        ("00/00/0000 00:00:00", "Row 3: “00/00/0000 00:00:00” is not a join time we can read."),
    ],
    ids=["year 1", "year 9999", "year 1 US", "year 1 with offset", "year 9999 with offset", "the next day", "no date"],
)
def test_a_join_time_off_the_sessions_day_is_that_rows_error_and_the_rest_still_counts(join: str, message: str) -> None:
    result = preview(zoom_iso_with(join, "2025-12-04 16:29:50"))
    assert result.not_counted == [message]
    assert [a.name for a in result.matched] == ["Erin Ect"]
    assert result.absent == [2, 3]


def test_a_date_that_reads_both_ways_is_the_way_that_is_on_the_sessions_day() -> None:
    # Teams in the UK writes 4 December as 04/12/2025; in the US as 12/4/25. Both land on the day.
    uk = preview(zoom_iso_with("04/12/2025, 15:31:22", "04/12/2025, 16:29:50"))
    us = preview(zoom_iso_with("12/4/25, 3:31:22 PM", "12/4/25, 4:29:50 PM"))
    assert uk.not_counted == us.not_counted == []
    assert (
        {a.name: a.minutes for a in uk.matched}
        == {a.name: a.minutes for a in us.matched}
        == {"Erin Ect": 60, "Ed Ect": 58}
    )


def test_a_date_that_is_not_the_sessions_day_either_way_round_says_so() -> None:
    result = preview(zoom_iso_with("03/12/2025, 15:31:22", "03/12/2025, 16:29:50"))
    assert result.not_counted == [
        "Row 3: the join time “03/12/2025, 15:31:22” is not on the session's day, 4 December 2025, "
        "whether its day or its month comes first."
    ]


def test_a_report_whose_every_time_is_on_another_day_is_another_meetings() -> None:
    data = zoom_report(STAYS, topic="Routines that work", host_email="fred@hub.test").replace(
        b"12/04/2025", b"12/11/2025"
    )
    with pytest.raises(ReportError, match=r"another meeting: its times are not on the session's day, 4 December 2025"):
        preview(data)


def test_rows_that_cannot_be_counted_are_each_explained() -> None:
    data = (
        b"Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest,In Waiting Room\n"
        b"Erin Ect,erin@riverside.test,2025-12-04 15:29:40,2025-12-04 16:30:20,61,No,No\n"
        b"Ed Ect,ed@oakfield.test,2025-12-04 15:20:00,2025-12-04 15:31:00,11,No,Yes\n"
        b"Ed Ect,ed@oakfield.test,,,,No,No\n"
        b"Ivy Brown,,2025-12-04 15:31:00,2025-12-04 16:30:00,a while,No,No\n"
    )
    assert preview(data).not_counted == [
        "Row 3: Ed Ect was in the waiting room; that time is not counted.",
        "Row 4: Ed Ect has no join or leave time, so is not counted.",
        "Row 5: “a while” is not a length of time we can read.",
    ]
