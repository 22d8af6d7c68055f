"""Reading Get Information about Schools (GIAS): DfE's establishment extract, as it publishes it.

The file is CSV with one row per establishment and about 130 columns; ECF Hub reads
`URN`, `EstablishmentName`, `LA (name)`, `TypeOfEstablishment (name)`,
`PhaseOfEducation (name)`, `EstablishmentStatus (name)`, `Postcode`, `Town`, `Easting`
and `Northing` (the grid reference, British National Grid metres) and ignores the rest.
GIAS writes Windows-1252; a file saved again from Excel may be UTF-8 with a byte-order
mark: both are read (`csv_import.decode`'s rule, applied as the file streams).

The whole-file checks are the registration CSV's (empty, not a CSV, unreadable
characters, missing headings, invalid CSV, too many rows, too long to check), with the
same upload size limit. The file is read as a stream, one row at a time: only the rows
the hub keeps (its local authorities' schools, and schools it already has, by URN) are
held, so all of England's tens of thousands of rows fit in a few megabytes.

Nothing is saved here: `check_gias_file` returns the changes for the preview, and
`services.schools.import_school_list` applies exactly those."""

from __future__ import annotations

import csv
import hashlib
import io
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from ecfhub.lib.geo import MAX_EASTING, MAX_NORTHING
from ecfhub.onboarding.csv_import import PROBLEMS_LISTED, Problem
from ecfhub.people.models import School

# All of England is about 52,000 establishments, open and closed; room to spare, and a bound.
MAX_ROWS = 100_000
# Checking stops (and says so) after this long: inside gunicorn's 30-second worker timeout, with room for
# a busy machine (50,000 rows: 4.6 s of CPU under tracemalloc, tests/test_gias_import.py; less without).
CHECK_SECONDS = 20.0
# GIAS heading -> our field
COLUMNS = {
    "URN": "urn",
    "EstablishmentName": "name",
    "LA (name)": "local_authority",
    "TypeOfEstablishment (name)": "establishment_type",
    "PhaseOfEducation (name)": "phase",
    "EstablishmentStatus (name)": "gias_status",
    "Postcode": "postcode",
    "Town": "town",
    "Easting": "easting",
    "Northing": "northing",
}
REQUIRED = ("URN", "EstablishmentName", "LA (name)", "EstablishmentStatus (name)")
# What an import may change on a school it already has (`town` only when GIAS has one).
UPDATED = ("name", "local_authority", "establishment_type", "phase", "gias_status", "closed", "postcode", "town")
LOCATION = ("easting", "northing")
CLOSED = "Closed"
_LIMITS = {"Easting": MAX_EASTING, "Northing": MAX_NORTHING}
_MAX_LENGTH = {
    "name": 200,
    "local_authority": 100,
    "establishment_type": 100,
    "phase": 60,
    "gias_status": 60,
    "postcode": 10,
    "town": 100,
}


@dataclass
class SchoolListCheck:
    """What an upload would change, or the problems that stop it."""

    problems: list[Problem] = field(default_factory=list)
    sha256: str = ""
    encoding: str = "UTF-8"
    rows_read: int = 0
    outside: int = 0  # rows of other local authorities, not kept
    unchanged: int = 0
    new: list[dict[str, Any]] = field(default_factory=list)  # schools to add: every field
    changed: list[dict[str, Any]] = field(default_factory=list)  # {"urn", "name", "changes": {field: [old, new]}}

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def closing(self) -> list[dict[str, Any]]:
        return [c for c in self.changed if "closed" in c["changes"] and c["changes"]["closed"][1]]

    @property
    def listed_problems(self) -> list[Problem]:
        return self.problems[:PROBLEMS_LISTED]

    @property
    def unlisted_count(self) -> int:
        return max(0, len(self.problems) - PROBLEMS_LISTED)

    def to_json(self) -> dict[str, Any]:
        return {
            "sha256": self.sha256,
            "encoding": self.encoding,
            "rows_read": self.rows_read,
            "outside": self.outside,
            "unchanged": self.unchanged,
            "new": self.new,
            "changed": self.changed,
        }


def _number(text: str, name: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not (text.isascii() and text.isdigit()):
        raise ValueError(f"{name} must be a whole number of metres (digits only), for example 623000.")
    value = int(text)
    if value > _LIMITS[name]:
        raise ValueError(f"{name} must be between 0 and {_LIMITS[name]:,} metres.")
    return value


def check_gias_file(
    stream: IO[bytes], *, local_authorities: Iterable[str], check_seconds: float = CHECK_SECONDS
) -> SchoolListCheck:
    """Read a GIAS extract as a stream and work out what importing it would change. Saves nothing.

    Kept: every school of `local_authorities` (matched ignoring case) not yet in the hub, unless closed;
    for every school already in the hub (by URN, in any local authority), its changed fields. Closed
    schools are flagged `closed`, never removed."""
    result = SchoolListCheck()
    authorities = {la.strip().casefold() for la in local_authorities if la.strip()}

    def whole_file(message: str) -> SchoolListCheck:
        result.problems.append(Problem(None, "", message))
        return result

    if not authorities:
        return whole_file(
            "Choose the hub's local authorities in the hub settings first: the import keeps their schools."
        )
    head = stream.read(8192)
    if not head.strip():
        return whole_file("The file is empty. Download the establishment list from GIAS and upload it again.")
    if b"\x00" in head[:4096]:
        return whole_file("This is not a CSV file. Download the establishment list from GIAS as CSV and upload that.")
    # Windows-1252 is tried only if the whole file is not UTF-8: GIAS's own files are Windows-1252, and
    # plain ASCII reads the same either way.
    for encoding, label in (("utf-8-sig", "UTF-8"), ("cp1252", "Windows-1252")):
        stream.seek(0)
        text = io.TextIOWrapper(stream, encoding=encoding, errors="strict", newline="")
        try:
            outcome = _read(csv.reader(text), authorities, result, check_seconds)
        except UnicodeDecodeError:
            result = SchoolListCheck()
            continue
        finally:
            text.detach()  # the upload's own file stays open for the digest below
        result.encoding = label
        if outcome is not None:
            return whole_file(outcome)
        break
    else:
        return whole_file("We cannot read the characters in this file. Download it from GIAS again and upload it.")
    stream.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(1 << 20), b""):
        digest.update(chunk)
    result.sha256 = digest.hexdigest()
    return result


def _read(
    rows: Iterator[list[str]], authorities: set[str], result: SchoolListCheck, check_seconds: float
) -> str | None:
    """Fill `result` from the rows as they stream in; a whole-file problem's message, or None."""
    try:
        header = next(rows)
    except StopIteration:
        return "The file is empty. Download the establishment list from GIAS and upload it again."
    except csv.Error as error:
        return f"The file is not valid CSV near row 1: {error}."
    positions = {}
    for index, heading in enumerate(header):
        name = COLUMNS.get(heading.strip())
        if name and name not in positions:
            positions[name] = index
    missing = [h for h in REQUIRED if COLUMNS[h] not in positions]
    if missing:
        return (
            f"The file has no {' or '.join(f'“{m}”' for m in missing)} column. Upload the establishment "
            "list as GIAS gives it (Downloads, “Establishment fields”), with its first row of headings."
        )
    existing = {
        s.urn: s
        for s in School.objects.only(*UPDATED, *LOCATION, "urn").order_by()  # a hub has hundreds, not thousands
    }
    deadline = time.monotonic() + check_seconds
    seen: set[str] = set()
    row_number = 1
    try:
        for row_number, cells in enumerate(rows, start=2):
            if row_number - 1 > MAX_ROWS:
                return f"The file has more than {MAX_ROWS:,} rows. Download the list for your local authorities only."
            if row_number % 1000 == 0 and time.monotonic() > deadline:
                return (
                    f"Checking this file took too long (we reached row {row_number:,}). "
                    "Download the list for your local authorities only, and upload that."
                )
            if not any(cell.strip() for cell in cells):
                continue
            result.rows_read += 1
            values = {name: (cells[i].strip() if i < len(cells) else "") for name, i in positions.items()}
            urn = values["urn"]
            school = existing.get(urn)
            in_hub = values["local_authority"].casefold() in authorities
            if school is None and not in_hub:
                result.outside += 1
                continue
            fields = _fields(values, row_number, result)
            if fields is None:
                continue
            if urn in seen:
                result.problems.append(Problem(row_number, "URN", f"URN {urn} is on more than one row."))
                continue
            seen.add(urn)
            if school is None:
                if fields["closed"]:
                    result.outside += 1  # a closed school the hub never had: nothing to keep
                    continue
                result.new.append({"urn": urn, **fields})
                continue
            changes = {}
            for name in (*UPDATED, *LOCATION):
                old, new = getattr(school, name), fields[name]
                if name == "town" and not new:
                    continue
                if name in LOCATION and new is None:
                    continue  # GIAS without a grid reference keeps the one we have
                if old != new:
                    changes[name] = [old, new]
            if changes:
                result.changed.append({"urn": urn, "name": school.name, "changes": changes})
            else:
                result.unchanged += 1
    except csv.Error as error:
        return f"The file is not valid CSV near row {row_number + 1}: {error}."
    if not result.rows_read:
        return "The file has headings but no schools. Download the establishment list from GIAS again."
    result.new.sort(key=lambda s: (s["name"].casefold(), s["urn"]))
    result.changed.sort(key=lambda c: (c["name"].casefold(), c["urn"]))
    return None


def _fields(values: dict[str, str], row_number: int, result: SchoolListCheck) -> dict[str, Any] | None:
    """One kept row's fields, or None after adding its problems to `result`."""
    problems = []
    if not (values["urn"].isascii() and values["urn"].isdigit() and len(values["urn"]) == 6):
        problems.append(Problem(row_number, "URN", "The URN must be 6 digits, for example 121234."))
    if not values["name"]:
        problems.append(Problem(row_number, "EstablishmentName", "The school has no name."))
    fields: dict[str, Any] = {}
    for name, limit in _MAX_LENGTH.items():
        fields[name] = values.get(name, "")[:limit] if name != "name" else values["name"]
        if name == "name" and len(values["name"]) > limit:
            problems.append(Problem(row_number, "EstablishmentName", f"The name is longer than {limit} characters."))
    fields["postcode"] = fields["postcode"].upper()
    for name, heading in (("easting", "Easting"), ("northing", "Northing")):
        try:
            fields[name] = _number(values.get(name, ""), heading)
        except ValueError as error:
            problems.append(Problem(row_number, heading, str(error)))
    if (fields.get("easting") is None) != (fields.get("northing") is None):
        fields["easting"] = fields["northing"] = None  # half a grid reference places nothing
    fields["closed"] = fields["gias_status"] == CLOSED
    if problems:
        result.problems.extend(problems)
        return None
    return fields


def stream_of(data: bytes) -> IO[bytes]:
    """A byte stream over `data` (tests and benches that build a file in memory)."""
    return io.BytesIO(data)
