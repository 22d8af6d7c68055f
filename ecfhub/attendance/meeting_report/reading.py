"""From a meeting report's bytes to its joins."""

from __future__ import annotations

import csv
import datetime
import io
import re

from dateutil import parser as dateparser
from django.utils import timezone

from ecfhub.attendance.meeting_report.decoding import decode, separators
from ecfhub.attendance.meeting_report.report import MAX_BYTES, MAX_ROWS, Join, ReportError

_HEADINGS = {
    "name": ("name", "full name", "display name", "participant", "participant name", "name original name", "attendee"),
    "email": ("email", "e mail", "email address", "e mail address", "user email", "attendee email"),
    "join": ("join time", "joined", "join", "first join", "first join time", "joined at", "time joined"),
    "leave": ("leave time", "left", "leave", "last leave", "last leave time", "left at", "time left"),
}


def _key(text: str) -> str:
    return re.sub(r"[^a-z]+", " ", text.lower()).strip()


_LOOKUP = {alias: name for name, aliases in _HEADINGS.items() for alias in aliases}


def _when(text: str, *, row: int, what: str) -> datetime.datetime:
    try:
        # ISO dates (Zoom, Meet) first: dateutil's day-first reading would swap their month and day.
        value = datetime.datetime.fromisoformat(text)
    except ValueError:
        value = None
    try:
        # Otherwise British day-first dates (Teams in the UK: 03/03/2026 16:00:12).
        value = value or dateparser.parse(text, dayfirst=True)
    except (ValueError, OverflowError):
        raise ReportError(f"Row {row}: “{text[:40]}” is not a {what} time we can read.") from None
    if value.tzinfo is None:
        value = timezone.make_aware(value)
    return value


def read_report(data: bytes) -> list[Join]:
    """Every join in the file. Refuses (ReportError) a file that is empty, too big, not text, or
    without name, join and leave columns (e-mail is optional but matches best)."""
    if len(data) > MAX_BYTES:
        raise ReportError("The file is bigger than 2 MB. Download the report for this one meeting and try again.")
    if not data.strip():
        raise ReportError("The file is empty.")
    text, _ = decode(data)
    # Meeting tools put a summary above the table (Teams: "1. Summary"); the table starts at the first
    # line that has a name heading and a join heading.
    lines = text.splitlines()
    start = next(
        (i for i, line in enumerate(lines[:50]) if "name" in _key(line) and "join" in _key(line)),
        None,
    )
    if start is None:
        raise ReportError("The file has no heading row with a name and a join time. Is it the attendance report?")
    table = "\n".join(lines[start:])
    delimiter = separators(lines[start : start + 20])[0]
    reader = csv.reader(io.StringIO(table, newline=""), delimiter=delimiter)
    header = next(reader)
    positions: dict[str, int] = {}
    for index, heading in enumerate(header):
        name = _LOOKUP.get(_key(heading))
        if name and name not in positions:
            positions[name] = index
    missing = [n for n in ("name", "join", "leave") if n not in positions]
    if missing:
        raise ReportError(f"The file has no {' or '.join(missing)} column.")
    joins: list[Join] = []
    for number, cells in enumerate(reader, start=start + 2):
        if len(joins) >= MAX_ROWS:
            raise ReportError(f"The file has more than {MAX_ROWS:,} joins. Is it for one meeting?")
        if not any(c.strip() for c in cells):
            continue
        if len(cells) <= max(positions.values()):
            break  # a second section (Teams: "3. In-Meeting Activities" ends the table)
        value = {name: cells[i].strip() for name, i in positions.items()}
        if not value["join"] or not value["leave"]:
            continue
        joined = _when(value["join"], row=number, what="join")
        left = _when(value["leave"], row=number, what="leave")
        joins.append(Join(value["name"][:200], value.get("email", "")[:254].lower(), joined, max(joined, left)))
    if not joins:
        raise ReportError("The file has no joins in it.")
    return joins
