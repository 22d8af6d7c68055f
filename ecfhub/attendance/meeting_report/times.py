"""The times and durations in meeting reports, read as the tools write them, on the session's day.

Reports give wall-clock times on the hub's clock (Europe/London) unless they carry an offset. Teams
writes them as its user's locale does: "12/4/25, 3:31:22 PM" in the US, "04/12/2025, 15:31:22" in the
UK; Zoom writes "12/04/2025 03:31:22 PM" or "2025-12-04 15:31:22"; Meet may give the time alone. A
date like 04/12/2025 reads two ways; the one on the session's day is the one meant. A time that is
not on the session's day (year 1, year 9999, another week) is that row's error, never a guess."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from dateutil import parser as dateparser

from ecfhub.attendance.meeting_report.report import RowError
from ecfhub.lib import when

_TIME = r"(?P<h>\d{1,2})[:.](?P<mi>\d{2})(?:[:.](?P<s>\d{2})(?:[.,]\d{1,6})?)?\s*(?P<ampm>[AaPp]\.?\s?[Mm]\.?)?"
_ZONE = r"(?:\s*(?P<zone>Z|UTC|GMT|BST|(?:UTC|GMT)?\s?[+-]\d{1,2}(?::?\d{2})?))?"
_ISO = re.compile(rf"(?P<y>\d{{4}})-(?P<m>\d{{1,2}})-(?P<d>\d{{1,2}})(?:(?:T|\s+){_TIME})?{_ZONE}")
# 12/4/25, 04/12/2025, 04.12.2025, 04-12-2025; then an optional comma and the time.
_NUMERIC = re.compile(
    rf"(?P<a>\d{{1,2}})(?P<sep>[/.-])(?P<b>\d{{1,2}})(?P=sep)(?P<y>\d{{4}}|\d{{2}}),?(?:\s+{_TIME})?{_ZONE}"
)
_TIME_ONLY = re.compile(rf"{_TIME}{_ZONE}")
_MONTH_NAME = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\b", re.IGNORECASE)
_LONGEST = datetime.timedelta(days=2)  # a stay longer than this is not a training session's


@dataclass(frozen=True)
class SessionDay:
    """The session a report is read for: its times say which reading of a date is meant."""

    starts_at: datetime.datetime
    ends_at: datetime.datetime

    @property
    def days(self) -> frozenset[datetime.date]:
        first, last = when.local(self.starts_at).date(), when.local(self.ends_at).date()
        return frozenset(first + datetime.timedelta(days=n) for n in range((last - first).days + 1))

    @property
    def first(self) -> datetime.date:
        return when.local(self.starts_at).date()

    @property
    def named(self) -> str:
        """ "4 December 2025" """
        return when.plain_date(self.first)


def _offset(zone: str | None) -> datetime.timedelta | None:
    if not zone:
        return None
    zone = zone.strip().upper().removeprefix("UTC").removeprefix("GMT").strip()
    if zone in ("", "Z"):
        return datetime.timedelta(0)
    if zone == "BST":
        return datetime.timedelta(hours=1)
    sign = -1 if zone[0] == "-" else 1
    digits = zone[1:].replace(":", "")
    hours, minutes = (int(digits[:-2] or 0), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
    if hours > 14 or minutes > 59:
        raise ValueError("no such offset")
    return sign * datetime.timedelta(hours=hours, minutes=minutes)


def _clock(found: re.Match[str]) -> datetime.time:
    if found.group("h") is None:
        return datetime.time(0)
    hour, minute, second = int(found.group("h")), int(found.group("mi")), int(found.group("s") or 0)
    ampm = (found.group("ampm") or "").lower().replace(".", "").replace(" ", "")
    if ampm:
        if not 1 <= hour <= 12:
            raise ValueError("no such hour")
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    return datetime.time(hour, minute, second)


def _readings(text: str, day: SessionDay) -> tuple[list[datetime.datetime], datetime.timedelta | None]:
    """Every wall-clock time `text` can mean (two for 04/12/2025), and its offset if it gives one.
    ValueError if it is not a time at all."""
    if found := _ISO.fullmatch(text):
        dates = [(int(found["y"]), int(found["m"]), int(found["d"]))]
    elif found := _NUMERIC.fullmatch(text):
        a, b, year = int(found["a"]), int(found["b"]), int(found["y"])
        year += 2000 if len(found["y"]) == 2 else 0
        # Dots are written day first everywhere; slashes and dashes either way (US month first).
        dates = [(year, b, a)] if found["sep"] == "." else [(year, a, b), (year, b, a)]
    elif found := _TIME_ONLY.fullmatch(text):
        dates = [(day.first.year, day.first.month, day.first.day)]
    elif _MONTH_NAME.search(text):
        # "Dec 4, 2025 3:31 PM": with the month in words there is one reading.
        value = dateparser.parse(text, default=datetime.datetime.combine(day.first, datetime.time(0)))
        offset = value.utcoffset()
        return [value.replace(tzinfo=None)], offset
    else:
        raise ValueError("not a time")
    clock = _clock(found)
    readings = []
    for y, m, d in dict.fromkeys(dates):
        try:
            readings.append(datetime.datetime.combine(datetime.date(y, m, d), clock))
        except ValueError:
            continue  # 12/31/2025 has no day-first reading
    if not readings:
        raise ValueError("no such date")
    return readings, _offset(found["zone"])


def _wall_day(wall: datetime.datetime, offset: datetime.timedelta | None) -> datetime.date | None:
    """The day on the hub's clock; None for a moment too near year 1 or 9999 to convert."""
    if offset is None:
        return wall.date()
    try:
        return when.local(wall.replace(tzinfo=datetime.timezone(offset))).date()
    except OverflowError:
        return None


def on_hub_clock(wall: datetime.datetime, *, near: datetime.datetime) -> datetime.datetime:
    """The moment a wall-clock time on the hub's clock names. In October's repeated hour it is the
    one nearer `near` (the session); in March's skipped hour, which no clock showed, the clock as it
    was before it changed (zoneinfo's fold=0). In UTC: a time in the repeated hour compares unequal
    to every time in another zone (PEP 495), so it is not handed on with the hub's zone."""
    zone = when.hub_zone()
    candidates = [wall.replace(tzinfo=zone, fold=fold).astimezone(datetime.UTC) for fold in (0, 1)]
    real = [c for c in candidates if c.astimezone(zone).replace(tzinfo=None) == wall]
    return min(real, key=lambda c: abs(c - near)) if real else candidates[0]


def moment(text: str, *, day: SessionDay, row: int, what: str) -> datetime.datetime:
    """The moment `text` names, on the session's day. RowError (naming the row and the session's
    day) if it is not a time, or not on that day whichever way its day and month are read."""
    text = " ".join(text.split())
    shown = text[:40]
    try:
        readings, offset = _readings(text, day)
    except (ValueError, OverflowError, TypeError):
        raise RowError(f"Row {row}: “{shown}” is not a {what} time we can read.") from None
    fitting = [wall for wall in readings if _wall_day(wall, offset) in day.days]
    if not fitting:
        either_way = ", whether its day or its month comes first" if len(readings) > 1 else ""
        raise RowError(f"Row {row}: the {what} time “{shown}” is not on the session's day, {day.named}{either_way}.")
    wall = fitting[0]
    if offset is not None:
        return wall.replace(tzinfo=datetime.timezone(offset)).astimezone(datetime.UTC)
    return on_hub_clock(wall, near=day.starts_at)


_UNIT = re.compile(
    r"(?P<n>\d+(?:[.,]\d+)?)\s*(?P<unit>hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s)(?![A-Za-z])\.?", re.IGNORECASE
)
_CLOCK_DURATION = re.compile(r"(?P<h>\d{1,3}):(?P<m>\d{2})(?::(?P<s>\d{2}))?")
_SECONDS = {"h": 3600, "m": 60, "s": 1}


def duration(text: str, *, row: int) -> int | None:
    """Seconds in a tool's duration: Teams' "1h 2m 3s", "45m 10s", "59s"; Meet's "1 hr 5 min";
    "1:02:03" (or "1:02", hours and minutes); Zoom's minutes as a number. None when blank;
    RowError when it is none of these (or longer than a training session could be)."""
    text = " ".join(text.split())
    if not text:
        return None
    seconds: float
    if re.fullmatch(r"\d+(?:[.,]\d+)?", text):
        seconds = float(text.replace(",", ".")) * 60
    elif found := _CLOCK_DURATION.fullmatch(text):
        seconds = int(found["h"]) * 3600 + int(found["m"]) * 60 + int(found["s"] or 0)
    elif _UNIT.sub("", text).strip(" ,") == "" and _UNIT.search(text):
        seconds = sum(
            float(part["n"].replace(",", ".")) * _SECONDS[part["unit"][0].lower()] for part in _UNIT.finditer(text)
        )
    else:
        raise RowError(f"Row {row}: “{text[:40]}” is not a length of time we can read.")
    if seconds > _LONGEST.total_seconds():
        raise RowError(f"Row {row}: “{text[:40]}” is longer than a training session can be.")
    return int(seconds)
