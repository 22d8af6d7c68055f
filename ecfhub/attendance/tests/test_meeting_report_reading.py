"""Whatever file is uploaded as a meeting report, reading and matching it either works or says why
(ReportError); nothing else is ever raised, so the page never answers with a server error."""

from __future__ import annotations

import codecs
import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ecfhub.attendance.meeting_report import ReportError, match, read_report
from ecfhub.events.services import local_datetime

DAY = datetime.date(2025, 12, 4)
START = local_datetime(DAY, datetime.time(15, 30))
END = local_datetime(DAY, datetime.time(16, 30))
PLACES = [(1, "Erin Ect", "erin@riverside.test"), (2, "Ed Ect", "")]


def read_and_match(data: bytes) -> None:
    try:
        report = read_report(data, starts_at=START, ends_at=END)
        match(
            report, starts_at=START, ends_at=END, places=PLACES, share_percent=75, facilitators=[("Fred", "f@x.test")]
        )
    except ReportError:
        pass


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=3000))
def test_random_bytes_never_raise_anything_but_a_report_error(data: bytes) -> None:
    read_and_match(data)


HEADINGS = [
    "Name", "Full Name", "First name", "Last name", "Email", "User Email", "Participant ID (UPN)", "Role",
    "Join Time", "Leave Time", "First Join", "Last Leave", "In-Meeting Duration", "Duration (Minutes)", "Duration",
    "Time joined", "Time exited", "User Action", "Timestamp", "Guest", "In Waiting Room", "Topic", "Host",
]  # fmt: skip
CELLS = [
    "Erin Ect", "Ect, Erin", "erin@riverside.test", "Organizer", "Presenter", "Attendee", "Joined", "Left",
    "Joined before", "Yes", "No", "1h 2m 3s", "59s", "62", "1 hr 5 min", "12/4/25, 3:31:22 PM",
    "04/12/2025, 15:31:22", "12/04/2025 03:31:22 PM", "2025-12-04 15:31:22", "0001-01-01 00:00:00",
    "9999-12-31T23:59:59+14:00", "31/02/2025 10:00", "24:61", "Dec 4, 2025", "+44 7700 900123", "", "1. Summary",
    "3. In-Meeting Activities", '"', "\ufeff", "99999999999999999999",
]  # fmt: skip


LAYOUTS = [
    ["Name", "First Join", "Last Leave", "In-Meeting Duration", "Email", "Participant ID (UPN)", "Role"],
    ["Name", "Join Time", "Leave Time", "Duration", "Email", "Role"],
    ["Full Name", "User Action", "Timestamp"],
    ["Name (Original Name)", "User Email", "Join Time", "Leave Time", "Duration (Minutes)", "Guest", "In Waiting Room"],
    ["First name", "Last name", "Email", "Duration", "Time joined", "Time exited"],
]


NAMES = ["Erin Ect", "Ect, Erin", "Ed Ect", "Fred", "Sam (Guest)", "+44 7700 900123", ""]
EMAILS = ["erin@riverside.test", "f@x.test", "", "not an address"]
TIMES = [
    "12/4/25, 3:31:22 PM", "12/4/25, 4:29:00 PM", "04/12/2025, 15:31:22", "04/12/2025, 16:40:00",
    "12/04/2025 03:31:22 PM", "2025-12-04 15:31:22", "2025-12-04 16:31:22", "15:45", "0001-01-01 00:00:00",
    "9999-12-31T23:59:59+14:00", "03/12/2025 10:00", "",
]  # fmt: skip
POOLS = {
    "name": NAMES, "full name": NAMES, "first name": NAMES, "last name": NAMES, "name (original name)": NAMES,
    "email": EMAILS, "user email": EMAILS, "participant id (upn)": EMAILS,
    "join time": TIMES, "leave time": TIMES, "first join": TIMES, "last leave": TIMES, "time joined": TIMES,
    "time exited": TIMES, "timestamp": TIMES,
    "in-meeting duration": ["1h 2m 3s", "59s", "", "x"], "duration": ["45m 10s", "1 hr 5 min", "62", ""],
    "duration (minutes)": ["62", "1", "", "-3"], "role": ["Organizer", "Presenter", "Attendee", ""],
    "user action": ["Joined", "Left", "Joined before", "Waved"], "guest": ["Yes", "No"], "in waiting room": ["Yes", "No"],
}  # fmt: skip


@st.composite
def report_like_files(draw: st.DrawFn) -> bytes:
    """Files that look like reports: real headings over cells mostly of the kind each heading holds,
    in any order, with any separator and encoding."""
    separator = draw(st.sampled_from([",", "\t", ";"]))
    heading = draw(st.sampled_from(LAYOUTS) | st.lists(st.sampled_from(HEADINGS), min_size=1, max_size=8))
    lines = [separator.join(heading)]
    noise = st.sampled_from(CELLS) | st.text(max_size=12)
    for _ in range(draw(st.integers(0, 12))):
        width = len(heading) + draw(st.integers(-2, 2))
        cells = [
            draw(
                st.sampled_from(POOLS.get(heading[i].lower(), CELLS))
                if i < len(heading) and draw(st.integers(0, 9))
                else noise
            )
            for i in range(max(width, 0))
        ]
        lines.append(separator.join(cells))
    text = "\n".join(draw(st.permutations(lines)) if not draw(st.integers(0, 5)) else lines)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-be", "cp1252"]))
    try:
        return text.encode(encoding)
    except UnicodeEncodeError:
        return codecs.BOM_UTF8 + text.encode("utf-8", "replace")


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report_like_files())
def test_files_made_of_report_headings_and_cells_never_raise_anything_but_a_report_error(data: bytes) -> None:
    read_and_match(data)
