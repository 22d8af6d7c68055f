"""The one way a moment becomes words or a file's value: always on the hub's clock (Europe/London).

Sessions are stored in UTC. Django's `date` and `time` template filters convert to local time
when a template renders them, but the same functions called from Python do not: a 16:00 clinic in
July came out as "15:00" in an e-mail built in Python. Every e-mail, calendar description, CSV,
XLSX, PDF and page that shows a date or a time for a person to read goes through this module, so
the conversion happens in one place (tests/test_when_is_the_only_clock.py finds any other).

Formats, one per use:
- `day(d)`:            "Thursday 8 July 2027"
- `short_day(d)`:      "Thu 8 Jul 2027"
- `weekday_month(d)`:  "Thursday 8 July" (subject lines, deadlines this year)
- `day_month(d)`:      "8 July"
- `plain_date(d)`:     "8 July 2027"
- `short_date(d)`:     "8 Jul 2027" (admin lists, audit summaries)
- `short_day_month(d)`: "8 Jul";  `short_weekday_month(d)`: "Thu 8 Jul";  `weekday_date(d)`: "Thu 8"
- `month(d)`:          "Jul 2027" (chart labels)
- `clock(t)`:          "16:00"
- `span(start, end)`:  "Thursday 8 July 2027, 16:00 to 17:00"
- `stamp(t)`:          "8 July 2027 at 16:00" (when something happened)
- `short_stamp(t)`:    "8 Jul 2027 16:00" (the same in a table column)
- `day_clock(t)`:      "Thursday 8 July 2027, 16:00";  `short_weekday_clock(t)`: "Thu 8 Jul 16:00"
- `iso(t)`:            "2027-07-08T16:00:00+01:00" (CSV, JSON, API: ISO 8601 with the offset)
- `excel(t)`:          a naive local datetime for an XLSX cell (Excel has no time zones)
"""

from __future__ import annotations

import datetime
import zoneinfo
from functools import cache

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder

_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@cache
def hub_zone() -> zoneinfo.ZoneInfo:
    """The hub's clock. Every hub is in England, so this is settings.TIME_ZONE (Europe/London)."""
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def local(moment: datetime.datetime) -> datetime.datetime:
    """`moment` on the hub's clock. A naive datetime is refused: it names no moment."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("a naive datetime names no moment; store and pass aware datetimes")
    return moment.astimezone(hub_zone())


def _as_date(value: datetime.date) -> datetime.date:
    # A datetime is a date too; its day is the day on the hub's clock, not in UTC.
    return local(value).date() if isinstance(value, datetime.datetime) else value


def day(value: datetime.date) -> str:
    """ "Thursday 8 July 2027": a date, or the hub-clock day of a moment."""
    d = _as_date(value)
    return f"{_DAYS[d.weekday()]} {d.day} {_MONTHS[d.month - 1]} {d.year}"


def short_day(value: datetime.date) -> str:
    """ "Thu 8 Jul 2027": for tables and phone screens."""
    d = _as_date(value)
    return f"{_DAYS[d.weekday()][:3]} {d.day} {_MONTHS[d.month - 1][:3]} {d.year}"


def weekday_month(value: datetime.date) -> str:
    """ "Thursday 8 July": a near date, where the year goes without saying (subject lines, deadlines)."""
    d = _as_date(value)
    return f"{_DAYS[d.weekday()]} {d.day} {_MONTHS[d.month - 1]}"


def day_month(value: datetime.date) -> str:
    """ "8 July"."""
    d = _as_date(value)
    return f"{d.day} {_MONTHS[d.month - 1]}"


def plain_date(value: datetime.date) -> str:
    """ "8 July 2027": a date without its weekday (an expiry, a date of birth-like fact)."""
    d = _as_date(value)
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def short_date(value: datetime.date) -> str:
    """ "8 Jul 2027"."""
    d = _as_date(value)
    return f"{d.day} {_MONTHS[d.month - 1][:3]} {d.year}"


def short_day_month(value: datetime.date) -> str:
    """ "8 Jul": a near date in a narrow column."""
    d = _as_date(value)
    return f"{d.day} {_MONTHS[d.month - 1][:3]}"


def short_weekday_month(value: datetime.date) -> str:
    """ "Thu 8 Jul": a near date in a narrow column, with its weekday."""
    d = _as_date(value)
    return f"{_DAYS[d.weekday()][:3]} {d.day} {_MONTHS[d.month - 1][:3]}"


def weekday_date(value: datetime.date) -> str:
    """ "Thu 8": a day inside a week already named (the days of a week's coaching)."""
    d = _as_date(value)
    return f"{_DAYS[d.weekday()][:3]} {d.day}"


def month(value: datetime.date) -> str:
    """ "Jul 2027": a month, for chart labels."""
    d = _as_date(value)
    return f"{_MONTHS[d.month - 1][:3]} {d.year}"


def clock(moment: datetime.datetime) -> str:
    """ "16:00": the 24-hour time on the hub's clock."""
    d = local(moment)
    return f"{d.hour:02d}:{d.minute:02d}"


def span(starts: datetime.datetime, ends: datetime.datetime) -> str:
    """ "Thursday 8 July 2027, 16:00 to 17:00"; a span ending on a later day names both days."""
    if _as_date(starts) == _as_date(ends):
        return f"{day(starts)}, {clock(starts)} to {clock(ends)}"
    return f"{day(starts)}, {clock(starts)} to {day(ends)}, {clock(ends)}"


def stamp(moment: datetime.datetime) -> str:
    """ "8 July 2027 at 16:00": when something happened (a mark, a change, a sending)."""
    d = local(moment)
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year} at {clock(moment)}"


def day_clock(moment: datetime.datetime) -> str:
    """ "Thursday 8 July 2027, 16:00": the start of something, in full."""
    return f"{day(moment)}, {clock(moment)}"


def short_stamp(moment: datetime.datetime) -> str:
    """ "8 Jul 2027 16:00": when something happened, in a table column (logs, lists of files)."""
    return f"{short_date(moment)} {clock(moment)}"


def short_weekday_clock(moment: datetime.datetime) -> str:
    """ "Thu 8 Jul 16:00": a near session in a list (a facilitator's registers)."""
    return f"{short_weekday_month(moment)} {clock(moment)}"


def iso(moment: datetime.datetime) -> str:
    """ "2027-07-08T16:00:00+01:00": ISO 8601 on the hub's clock, with its offset, to the second."""
    return local(moment).replace(microsecond=0).isoformat()


def excel(moment: datetime.datetime) -> datetime.datetime:
    """The hub-clock wall time of `moment` without a zone, as an XLSX cell holds it."""
    return local(moment).replace(tzinfo=None, microsecond=0)


class JSONEncoder(DjangoJSONEncoder):
    """Django's JSON encoder with every aware moment as `iso` writes it: ISO 8601 on the hub's clock
    with its offset ("2027-07-08T16:00:00+01:00"), as a person's data download and the CSV files say it.
    (DjangoJSONEncoder writes the zone the value happens to carry: UTC, as "…Z", for stored times.)"""

    def default(self, o: object) -> object:
        if isinstance(o, datetime.datetime) and o.tzinfo is not None:
            return iso(o)
        return super().default(o)
