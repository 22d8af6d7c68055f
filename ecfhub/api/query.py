"""The API's query string in DfE's names, read strictly: `page[page]`, `page[per_page]`, `filter[...]`,
`sort`. Numbers and dates through lib/params.py (ASCII digits, in range); anything else is a 400
with the parameter's name as the error's title, never a server error."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rest_framework.exceptions import ValidationError

from ecfhub.lib.params import YEAR_MAX, YEAR_MIN, parse_int, parse_moment
from ecfhub.lib.when import hub_zone

PER_PAGE_DEFAULT = 100
PER_PAGE_MAX = 3000
PAGE_MAX = 10**9
# At most this many values in one comma list (cohorts, participant ids).
LIST_MAX = 3000
TRAINING_STATUSES = ("active", "deferred", "withdrawn")
SORTS = ("created_at", "-created_at", "updated_at", "-updated_at")


def _bad(name: str, message: str) -> ValidationError:
    return ValidationError({name: message})


def _text(query: Mapping[str, Any], name: str) -> str | None:
    raw = query.get(name)
    if raw is None or raw == "":
        return None
    if not isinstance(raw, str) or "\x00" in raw:
        raise _bad(name, "This value cannot be read.")
    return raw


@dataclass(frozen=True)
class Page:
    number: int
    size: int

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size


def read_page(query: Mapping[str, Any]) -> Page:
    """`page[page]` from 1 (default 1) and `page[per_page]` (default 100; above 3,000 it is 3,000, as DfE's API does)."""
    number = _text(query, "page[page]")
    size = _text(query, "page[per_page]")
    page = 1
    if number is not None:
        parsed = parse_int(number, minimum=1, maximum=PAGE_MAX)
        if parsed is None:
            raise _bad("page[page]", f"Give the page as a whole number from 1 to {PAGE_MAX:,}, in the digits 0 to 9.")
        page = parsed
    per_page = PER_PAGE_DEFAULT
    if size is not None:
        parsed = parse_int(size, minimum=1, maximum=10**18)
        if parsed is None:
            raise _bad("page[per_page]", "Give the page size as a whole number from 1, in the digits 0 to 9.")
        per_page = min(parsed, PER_PAGE_MAX)
    return Page(page, per_page)


def read_cohorts(query: Mapping[str, Any]) -> list[int] | None:
    raw = _text(query, "filter[cohort]")
    if raw is None:
        return None
    years = [parse_int(part.strip(), minimum=YEAR_MIN, maximum=YEAR_MAX) for part in raw.split(",")[: LIST_MAX + 1]]
    if len(years) > LIST_MAX or any(year is None for year in years):
        raise _bad("filter[cohort]", f"Give cohorts as start years from {YEAR_MIN} to {YEAR_MAX}, separated by commas.")
    return [year for year in years if year is not None]


def read_updated_since(query: Mapping[str, Any]) -> datetime.datetime | None:
    raw = _text(query, "filter[updated_since]")
    if raw is None:
        return None
    moment = parse_moment(raw, zone=hub_zone())
    if moment is None:
        raise _bad("filter[updated_since]", "Give a date and time in ISO 8601, for example 2026-05-13T11:21:55Z.")
    return moment


def read_training_status(query: Mapping[str, Any]) -> str | None:
    raw = _text(query, "filter[training_status]")
    if raw is None:
        return None
    if raw not in TRAINING_STATUSES:
        raise _bad("filter[training_status]", "Use active, deferred or withdrawn.")
    return raw


def parse_uuid(raw: str) -> str | None:
    """A UUID in its usual spelling (36 characters, hex and hyphens), lower-cased; None for anything else."""
    if len(raw) != 36 or not raw.isascii():
        return None
    try:
        return str(uuid.UUID(raw))
    except ValueError:
        return None


def read_participant_ids(query: Mapping[str, Any]) -> list[str] | None:
    raw = _text(query, "filter[participant_id]")
    if raw is None:
        return None
    ids = [parse_uuid(part.strip()) for part in raw.split(",")[: LIST_MAX + 1]]
    if len(ids) > LIST_MAX or any(i is None for i in ids):
        raise _bad("filter[participant_id]", "Give participant IDs as UUIDs, separated by commas.")
    return [i for i in ids if i is not None]


def read_sort(query: Mapping[str, Any]) -> str | None:
    raw = _text(query, "sort")
    if raw is None:
        return None
    if raw not in SORTS:
        raise _bad("sort", "Sort by created_at, -created_at, updated_at or -updated_at.")
    return raw


def read_include_ecf_hub(query: Mapping[str, Any]) -> bool:
    """`include_ecf_hub=true` asks for ECF Hub's additions (`ecf_hub`) on each participant."""
    raw = _text(query, "include_ecf_hub")
    if raw is None or raw == "false":
        return False
    if raw != "true":
        raise _bad("include_ecf_hub", "Write true or false.")
    return True
