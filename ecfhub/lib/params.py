"""Numbers read from a request — ids, years, counts, dates — in one way: ASCII digits, in range, or a 400.

`str.isdigit()` is true for "²", "٣", "३" and "３", which `int()` then refuses (a server error)
or reads as 3 (a record no one linked to); a twenty-digit id overflows PostgreSQL's bigint. So no
view reads a number from `request.GET`, `request.POST` or the URL by hand: it asks here, and a value
that is not one the site could have written raises `BadParameter`, which `BadParameterMiddleware`
answers with the 400 page and a plain message. Forms refuse the same values through
`lib/forms.GovukMixin` (`refuse_odd_digits`), and URLs take ids through the `id` converter
(registered in ecfhub/urls.py). docs/security.md, "Third review", finding 5.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping
from typing import Any, Literal, overload

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

#: The largest id the database can hold (PostgreSQL's bigint, SQLite's INTEGER).
ID_MAX = 2**63 - 1
#: Up to 18 ASCII digits: always below ID_MAX, never a Unicode digit, never "1e5", " 3" or "+3".
_DIGITS = re.compile(r"[0-9]{1,18}")
_ANY_DIGITS = re.compile(r"[0-9]+")
_SIGNED = re.compile(r"-?[0-9]{1,18}")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# ISO 8601 date and time (the API's filter[updated_since]): seconds and fraction optional, Z or ±hh:mm or none.
_ISO_MOMENT = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?"
)
#: Years a page may be asked for: any academic year the hub could have run, nothing a date cannot hold.
YEAR_MIN, YEAR_MAX = 2000, 2100

DIGITS_MESSAGE = "Use the digits 0 to 9."


class BadParameter(Exception):
    """A number in the web address or a form that the site could not have sent. `message` is shown
    on the 400 page, written for the person who followed the link."""

    def __init__(self, name: str, message: str | None = None) -> None:
        label = name.removeprefix("who:").replace("_", " ")
        self.name = name
        self.message = message or (
            f"The {label} in the web address or the form is not one we recognise. "
            "Go back and choose it again from the page."
        )
        super().__init__(self.message)


def has_odd_digits(text: str) -> bool:
    """Whether `text` holds a digit other than ASCII 0-9 ("²", "٣", "३", "３", "½"), which Python's
    `int()`, `float()` and `strptime` read as numbers or refuse, depending on the character."""
    return any(character.isnumeric() for character in text if not character.isascii())


def is_ascii_digits(text: str) -> bool:
    """Whether `text` is one or more of the digits 0-9 and nothing else (any length: say why it is too long)."""
    return bool(_ANY_DIGITS.fullmatch(text))


def parse_id(raw: object) -> int | None:
    """An id written as 1 to 18 ASCII digits, above 0; None for anything else."""
    if not isinstance(raw, str) or not _DIGITS.fullmatch(raw):
        return None
    value = int(raw)
    return value if value >= 1 else None


def parse_int(raw: object, *, minimum: int, maximum: int) -> int | None:
    """A whole number written in ASCII digits (a leading minus allowed) within [minimum, maximum]; else None."""
    if not isinstance(raw, str) or not _SIGNED.fullmatch(raw):
        return None
    value = int(raw)
    return value if minimum <= value <= maximum else None


def parse_date(raw: object) -> datetime.date | None:
    """A date written YYYY-MM-DD in ASCII digits, in YEAR_MIN..YEAR_MAX; else None."""
    if not isinstance(raw, str) or not _ISO_DATE.fullmatch(raw):
        return None
    try:
        day = datetime.date.fromisoformat(raw)
    except ValueError:
        return None
    return day if YEAR_MIN <= day.year <= YEAR_MAX else None


def parse_moment(raw: object, *, zone: datetime.tzinfo) -> datetime.datetime | None:
    """An ISO 8601 date and time in ASCII digits ("2026-05-13T11:21:55Z", "…+01:00", or a bare date,
    read as its midnight), years YEAR_MIN..YEAR_MAX; without an offset it is read on `zone`'s clock.
    None for anything else."""
    if not isinstance(raw, str):
        return None
    if _ISO_DATE.fullmatch(raw):
        day = parse_date(raw)
        return datetime.datetime.combine(day, datetime.time(), tzinfo=zone) if day else None
    if not _ISO_MOMENT.fullmatch(raw):
        return None
    try:
        moment = datetime.datetime.fromisoformat(raw)
    except ValueError:
        return None
    if not YEAR_MIN <= moment.year <= YEAR_MAX:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=zone)


def _read(data: Mapping[str, Any], name: str, parse: Callable[[str], Any], required: bool) -> Any:
    raw = data.get(name)
    if raw is None or raw == "":
        if required:
            raise BadParameter(name)
        return None
    value = parse(raw)
    if value is None:
        raise BadParameter(name)
    return value


@overload
def get_id(data: Mapping[str, Any], name: str, *, required: Literal[True]) -> int: ...
@overload
def get_id(data: Mapping[str, Any], name: str, *, required: bool = False) -> int | None: ...
def get_id(data: Mapping[str, Any], name: str, *, required: bool = False) -> int | None:
    """The id `data[name]` (a QueryDict or dict), or None when it is absent or empty; `BadParameter`
    when it is not 1 to 18 ASCII digits (or when `required` and absent)."""
    return _read(data, name, parse_id, required)  # type: ignore[no-any-return]


def get_int(data: Mapping[str, Any], name: str, *, minimum: int, maximum: int, required: bool = False) -> int | None:
    """A whole number within [minimum, maximum], or None when absent or empty; `BadParameter` otherwise."""
    return _read(data, name, lambda raw: parse_int(raw, minimum=minimum, maximum=maximum), required)  # type: ignore[no-any-return]


def get_year(data: Mapping[str, Any], name: str = "year", *, required: bool = False) -> int | None:
    """A year (YEAR_MIN..YEAR_MAX), or None when absent or empty; `BadParameter` otherwise."""
    return get_int(data, name, minimum=YEAR_MIN, maximum=YEAR_MAX, required=required)


def get_date(data: Mapping[str, Any], name: str, *, required: bool = False) -> datetime.date | None:
    """A date written YYYY-MM-DD (years YEAR_MIN..YEAR_MAX), or None when absent or empty; `BadParameter` otherwise."""
    return _read(data, name, parse_date, required)  # type: ignore[no-any-return]


class IdConverter:
    """`<id:pk>` in a URL: 1 to 18 ASCII digits, so a longer or odd-script id is a 404, never a
    database overflow (registered as "id" in ecfhub/urls.py; used instead of Django's `<id:…>`)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int | str) -> str:
        return str(value)


class YearConverter:
    """`<year:year>` in a URL: four ASCII digits within YEAR_MIN..YEAR_MAX, else a 404 (registered in ecfhub/urls.py)."""

    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        year = int(value)
        if not YEAR_MIN <= year <= YEAR_MAX:
            raise ValueError(value)  # Django's way for a converter to say "no such page"
        return year

    def to_url(self, value: int | str) -> str:
        return str(value)


def bad_request_page(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "400.html", {"message": message}, status=400)


class BadParameterMiddleware:
    """Answers a view's `BadParameter` with the 400 page and its message (never a server error)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, BadParameter):
            return bad_request_page(request, exception.message)
        return None


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Django's handler400 (a request Django itself refuses, such as too many fields): the same page,
    rendered with the request so the header shows who is signed in."""
    return bad_request_page(request, "The web address or the form could not be read. Go back and try again.")
