"""The usual shape of an English school year, for seeding a calendar.

Real hubs type in their county's dates (or correct these); the pattern follows
the model calendar most maintained schools use: start early September, a week
off late October, two weeks at Christmas, a week mid February, two weeks around
Easter, a week at the late-May bank holiday, end in mid-to-late July.
"""

from __future__ import annotations

import datetime

from dateutil.easter import easter

ONE_DAY = datetime.timedelta(days=1)


def _weekday_on_or_after(day: datetime.date, weekday: int) -> datetime.date:
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)


def _first_weekday_on_or_after(day: datetime.date) -> datetime.date:
    while day.weekday() >= 5:
        day += ONE_DAY
    return day


def _last_monday(year: int, month: int) -> datetime.date:
    day = datetime.date(year, month + 1, 1) - ONE_DAY if month < 12 else datetime.date(year, 12, 31)
    return day - datetime.timedelta(days=day.weekday())


def standard_half_terms(start_year: int) -> list[tuple[int, datetime.date, datetime.date]]:
    """Six (number, starts_on, ends_on) half terms for the academic year starting in `start_year`."""
    y, n = start_year, start_year + 1
    october_break = _last_monday(y, 10)
    february_break = _weekday_on_or_after(datetime.date(n, 2, 15), 0)
    easter_sunday = easter(n)
    may_break = _last_monday(n, 5)
    if easter_sunday <= datetime.date(n, 4, 1):
        # An early Easter: term runs up to Good Friday and the two weeks off follow it.
        spring_ends, summer_starts = (
            easter_sunday - datetime.timedelta(days=2),
            easter_sunday + datetime.timedelta(days=15),
        )
    else:
        # Otherwise the two weeks off straddle Easter, starting the Monday of the week before.
        spring_ends, summer_starts = (
            easter_sunday - datetime.timedelta(days=9),
            easter_sunday + datetime.timedelta(days=9),
        )
    return [
        (1, _first_weekday_on_or_after(datetime.date(y, 9, 3)), october_break - datetime.timedelta(days=3)),
        (2, october_break + datetime.timedelta(days=7), _weekday_on_or_after(datetime.date(y, 12, 13), 4)),
        (3, _first_weekday_on_or_after(datetime.date(n, 1, 6)), february_break - datetime.timedelta(days=3)),
        (4, february_break + datetime.timedelta(days=7), spring_ends),
        (5, summer_starts, may_break - datetime.timedelta(days=3)),
        (6, may_break + datetime.timedelta(days=7), _weekday_on_or_after(datetime.date(n, 7, 15), 4)),
    ]


def standard_closure_days(start_year: int) -> list[tuple[datetime.date, str]]:
    """The training days most schools take: the first day back after October half term and after Easter."""
    terms = {number: (starts, ends) for number, starts, ends in standard_half_terms(start_year)}
    return [
        (terms[2][0], "Staff training day"),
        (terms[5][0], "Staff training day"),
    ]
