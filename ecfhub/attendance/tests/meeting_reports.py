"""Meeting reports written byte for byte as each tool exports them today, built from a list of stays.

Nothing is downloaded: each function lays out the tool's own sections, headings, date style,
duration style, encoding and separator. Times are the hub's wall clock (Europe/London)."""

from __future__ import annotations

import codecs
import datetime
import math
from dataclasses import dataclass
from itertools import groupby


@dataclass(frozen=True)
class Stay:
    name: str
    email: str
    joined: datetime.datetime  # naive, on the hub's clock
    left: datetime.datetime
    role: str = "Attendee"  # Teams: Organizer, Presenter, Attendee


def teams_us(t: datetime.datetime) -> str:
    """Teams in the US: 12/4/25, 3:31:22 PM"""
    hour = t.hour % 12 or 12
    return (
        f"{t.month}/{t.day}/{t.year % 100:02d}, {hour}:{t.minute:02d}:{t.second:02d} {'PM' if t.hour >= 12 else 'AM'}"
    )


def teams_uk(t: datetime.datetime) -> str:
    """Teams in the UK: 04/12/2025, 15:31:22"""
    return f"{t.day:02d}/{t.month:02d}/{t.year}, {t.hour:02d}:{t.minute:02d}:{t.second:02d}"


def zoom_us(t: datetime.datetime) -> str:
    """Zoom: 12/04/2025 03:31:22 PM"""
    hour = t.hour % 12 or 12
    return (
        f"{t.month:02d}/{t.day:02d}/{t.year} {hour:02d}:{t.minute:02d}:{t.second:02d} {'PM' if t.hour >= 12 else 'AM'}"
    )


def iso(t: datetime.datetime) -> str:
    """Zoom with ISO dates: 2025-12-04 15:31:22"""
    return t.isoformat(sep=" ")


def teams_duration(seconds: float) -> str:
    """Teams: 1h 2m 3s, 45m 10s, 59s"""
    s = int(seconds)
    h, m, s = s // 3600, s % 3600 // 60, s % 60
    if h:
        return f"{h}h {m}m {s}s"
    return f"{m}m {s}s" if m else f"{s}s"


def _utf16(text: str) -> bytes:
    return codecs.BOM_UTF16_LE + text.replace("\n", "\r\n").encode("utf-16-le")


def _length(stays: list[Stay]) -> float:
    return sum((s.left - s.joined).total_seconds() for s in stays)


def teams_report(stays: list[Stay], *, title: str, dates=teams_us) -> bytes:  # type: ignore[no-untyped-def]
    """Teams' attendance report today: UTF-16 LE with a byte-order mark, tab-separated, three sections."""
    start, end = min(s.joined for s in stays), max(s.left for s in stays)
    people = [(name, list(group)) for name, group in groupby(sorted(stays, key=lambda s: s.name), key=lambda s: s.name)]
    average = sum(_length(group) for _, group in people) / len(people)
    lines = [
        "1. Summary",
        f"Meeting title\t{title}",
        f"Attended participants\t{len(people)}",
        f"Start time\t{dates(start)}",
        f"End time\t{dates(end)}",
        f"Meeting duration\t{teams_duration((end - start).total_seconds())}",
        f"Average attendance time\t{teams_duration(average)}",
        "",
        "2. Participants",
        "Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole",
    ]
    for name, group in people:
        first, last = min(s.joined for s in group), max(s.left for s in group)
        email = group[0].email
        lines.append(
            f"{name}\t{dates(first)}\t{dates(last)}\t{teams_duration(_length(group))}\t{email}\t{email}\t{group[0].role}"
        )
    lines += ["", "3. In-Meeting Activities", "Name\tJoin Time\tLeave Time\tDuration\tEmail\tRole"]
    for s in sorted(stays, key=lambda s: s.joined):
        length = teams_duration((s.left - s.joined).total_seconds())
        lines.append(f"{s.name}\t{dates(s.joined)}\t{dates(s.left)}\t{length}\t{s.email}\t{s.role}")
    return _utf16("\n".join(lines) + "\n")


def teams_older(stays: list[Stay], *, still_in: tuple[str, ...] = (), dates=teams_us) -> bytes:  # type: ignore[no-untyped-def]
    """Teams' older attendance list: Full Name, User Action, Timestamp (UTF-16, tabs). The first
    stay of each person is "Joined before" if it began before the list did; `still_in` had not left
    when it was downloaded."""
    events = []
    first = min(s.joined for s in stays)
    for s in stays:
        events.append((s.joined, s.name, "Joined before" if s.joined == first else "Joined"))
        if s.name not in still_in or s is not max((x for x in stays if x.name == s.name), key=lambda x: x.left):
            events.append((s.left, s.name, "Left"))
    lines = ["Full Name\tUser Action\tTimestamp"]
    lines += [f"{name}\t{action}\t{dates(at)}" for at, name, action in sorted(events)]
    return _utf16("\n".join(lines) + "\n")


def zoom_report(
    stays: list[Stay], *, topic: str, host_email: str, dates=zoom_us, summary: bool = True, guests: tuple[str, ...] = ()
) -> bytes:  # type: ignore[no-untyped-def]
    """Zoom's participants report, UTF-8, commas, one row per join; with "Export with meeting data",
    the meeting's own row above it (its User Email is the host's)."""
    start, end = min(s.joined for s in stays), max(s.left for s in stays)
    lines = []
    if summary:
        minutes = math.ceil((end - start).total_seconds() / 60)
        people = len({s.name for s in stays})
        lines += [
            "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants",
            f"852 1848 6288,{topic},{dates(start)},{dates(end)},{host_email},{minutes},{people}",
            "",
        ]
    lines.append(
        "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest,Recording Consent,In Waiting Room"
    )
    for s in sorted(stays, key=lambda s: s.joined):
        minutes = math.ceil((s.left - s.joined).total_seconds() / 60)
        guest = "Yes" if s.name in guests else "No"
        lines.append(f"{s.name},{s.email},{dates(s.joined)},{dates(s.left)},{minutes},{guest},,No")
    return ("\n".join(lines) + "\n").encode()


def meet_report(stays: list[Stay], *, full_name: bool = False) -> bytes:
    """Google Meet's attendance report as CSV: one row per person, first join to last exit, with the
    time in the meeting ("1 hr 2 min"); times of day only, 24-hour."""
    heading = (
        "Full name,Email,Duration,Time joined,Time exited"
        if full_name
        else ("First name,Last name,Email,Duration,Time joined,Time exited")
    )
    lines = [heading]
    for name, group in groupby(sorted(stays, key=lambda s: s.name), key=lambda s: s.name):
        group = list(group)
        minutes = int(_length(group) // 60)
        length = f"{minutes // 60} hr {minutes % 60} min" if minutes >= 60 else f"{minutes} min"
        first, last = min(s.joined for s in group), max(s.left for s in group)
        who = name if full_name else ",".join(name.split(" ", 1))
        lines.append(f"{who},{group[0].email},{length},{first:%H:%M:%S},{last:%H:%M:%S}")
    return ("\n".join(lines) + "\n").encode()
