"""Reading a registration CSV: decode, find the delimiter, map the headings, check every row.

Everything is checked before anything is saved; problems come back as
(row, column, message) with rows numbered as in the spreadsheet (headings = row 1)."""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import re
import time
from dataclasses import dataclass, field
from typing import Any

from ecfhub.onboarding.forms import RegistrationForm
from ecfhub.onboarding.services import Registration, check_registrations
from ecfhub.people.models import WORKING_DAYS, School

# Every row counts, blank or not: a file of 60,000 one-character rows once held a web worker for 21 s.
MAX_ROWS = 10_000
# Checking stops (and says so) after this long, far inside gunicorn's 30-second worker timeout.
CHECK_SECONDS = 10.0
# The problems page lists this many and says how many more: a page per problem helps nobody.
PROBLEMS_LISTED = 50
# (form field, heading in our template, other headings people use for it)
COLUMNS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("full_name", "Full name", ("name", "fullname", "participant name")),
    ("email", "E-mail address", ("email", "e-mail", "email address")),
    ("trn", "TRN", ("teacher reference number",)),
    ("induction_start_date", "Induction start date", ("start date", "induction start")),
    ("participant_type", "Type", ("participant type", "role", "ect or mentor")),
    ("unavailable_weekdays", "Days not working", ("days off", "days not worked", "non working days", "part time days")),
    (
        "mentor_email",
        "Mentor's e-mail address",
        ("mentor", "mentor email", "mentor e mail", "mentors email", "mentor email address"),
    ),
)
# A file without these columns is still read (files made from the older template have none).
OPTIONAL = {"unavailable_weekdays", "mentor_email"}
HEADINGS = {name: heading for name, heading, _ in COLUMNS}
# The template's sample rows say they are examples, and a file that still holds one is refused (a row
# with an example's e-mail address or TRN), so nobody registers "Jo Example" by uploading it unchanged.
EXAMPLE_MARK = "EXAMPLE – delete this row: "
EXAMPLE_EMAILS = {"jo.example@school.org.uk", "sam.sample@school.org.uk"}
EXAMPLE_TRNS = {"1234567", "7654321"}
EXAMPLE_MESSAGE = "This is one of the template's example rows. Delete it and put your own ECTs and mentors instead."
TEMPLATE_ROWS = [
    [heading for _, heading, _ in COLUMNS],
    [
        f"{EXAMPLE_MARK}Jo Example",
        "jo.example@school.org.uk",
        "1234567",
        "03/09/2025",
        "ECT",
        "",
        "sam.sample@school.org.uk",
    ],
    [f"{EXAMPLE_MARK}Sam Sample", "sam.sample@school.org.uk", "7654321", "03/09/2025", "Mentor", "Friday", ""],
]
_WEEKDAY_PREFIXES = tuple(name[:3].lower() for name in WORKING_DAYS)  # "mon" … "fri"
DAYS_MESSAGE = "Write the days they do not work as weekday names, for example “Friday” or “Monday and Friday”."


def parse_weekdays(text: str) -> list[str]:
    """A cell such as "Fri", "Mondays; Fridays" or "Monday and Friday" as the form's day numbers ("0" … "4").

    Raises ValueError for anything that is not a weekday name, so a typo is reported, not ignored."""
    days = []
    for word in re.split(r"[\s,;/&+]+|\band\b", text.lower()):
        word = word.strip(" .")
        if not word:
            continue
        matches = [n for n, prefix in enumerate(_WEEKDAY_PREFIXES) if word.startswith(prefix)]
        if len(matches) != 1:
            raise ValueError(word)
        days.append(str(matches[0]))
    return days


@dataclass
class Problem:
    row: int | None  # spreadsheet row; None for the whole file
    column: str
    message: str


@dataclass
class CheckedFile:
    registrations: list[Registration] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    sha256: str = ""
    delimiter: str = ","
    encoding: str = "utf-8"

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.registrations)

    @property
    def listed_problems(self) -> list[Problem]:
        return self.problems[:PROBLEMS_LISTED]

    @property
    def unlisted_count(self) -> int:
        return max(0, len(self.problems) - PROBLEMS_LISTED)


def template_csv() -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(TEMPLATE_ROWS)
    return out.getvalue()


def _key(heading: str) -> str:
    return re.sub(r"[^a-z]+", " ", heading.lower()).strip()


_LOOKUP = {_key(alias): name for name, heading, aliases in COLUMNS for alias in (heading, *aliases)}


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding): UTF-8 with or without a byte-order mark, else Windows-1252 (Excel's "CSV" on Windows).

    Both decodes are strict: bytes that are neither raise UnicodeDecodeError."""
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        return data.decode("cp1252"), "Windows-1252"


def check_file(data: bytes, *, school: School, actor: Any = None) -> CheckedFile:
    result = CheckedFile(sha256=hashlib.sha256(data).hexdigest())

    def whole_file(message: str) -> CheckedFile:
        result.problems.append(Problem(None, "", message))
        return result

    if not data.strip():
        return whole_file("The file is empty. Fill in the template, one participant per row, and upload it again.")
    if b"\x00" in data[:4096]:
        return whole_file("This is not a CSV file. In your spreadsheet program, save it as CSV and upload that.")
    try:
        text, result.encoding = decode(data)
    except UnicodeDecodeError:
        return whole_file("We cannot read the characters in this file. Save it as “CSV UTF-8” and upload it again.")

    sample = text[:8192]
    try:
        result.delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        result.delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=result.delimiter)
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        return whole_file("The file is empty. Fill in the template, one participant per row, and upload it again.")
    positions: dict[str, int] = {}
    for index, heading in enumerate(header):
        name = _LOOKUP.get(_key(heading))
        if name and name not in positions:
            positions[name] = index
    missing = [HEADINGS[name] for name, _, _ in COLUMNS if name not in positions and name not in OPTIONAL]
    if missing:
        return whole_file(
            f"The file has no {' or '.join(f'“{m}”' for m in missing)} column. "
            f"The first row must have the template's headings: "
            f"{', '.join(heading for name, heading in HEADINGS.items() if name not in OPTIONAL)}."
        )

    too_many = f"The file has more than {MAX_ROWS:,} rows. Split it into smaller files and upload each."
    try:
        # Counting first is cheap; checking a row is not, so an oversized file is refused before any.
        lines = list(itertools.islice(enumerate(reader, start=2), MAX_ROWS + 1))
    except csv.Error as error:
        return whole_file(f"The file is not valid CSV near row {reader.line_num}: {error}.")
    if len(lines) > MAX_ROWS:
        return whole_file(too_many)

    row_numbers: list[int] = []
    deadline = time.monotonic() + CHECK_SECONDS
    form = RegistrationForm(with_mentor=True)
    for row_number, cells in lines:
        if time.monotonic() > deadline:
            return whole_file(
                f"Checking this file took too long (we reached row {row_number:,}). "
                "Split it into smaller files and upload each."
            )
        if not any(cell.strip() for cell in cells):
            continue
        values = {name: (cells[i].strip() if i < len(cells) else "") for name, i in positions.items()}
        if (
            values.get("full_name", "").startswith(EXAMPLE_MARK.strip()[:7])
            or values.get("email", "").lower() in EXAMPLE_EMAILS
            or "".join(values.get("trn", "").split()) in EXAMPLE_TRNS
        ):
            result.problems.append(Problem(row_number, HEADINGS["full_name"], EXAMPLE_MESSAGE))
            continue
        values["participant_type"] = values["participant_type"].lower()
        row_data: dict[str, str | list[str]] = dict(values)
        days_ok = True
        try:
            row_data["unavailable_weekdays"] = parse_weekdays(values.get("unavailable_weekdays", ""))
        except ValueError:
            # Reported, and the rest of the row is still checked: every problem is shown at once.
            result.problems.append(Problem(row_number, HEADINGS["unavailable_weekdays"], DAYS_MESSAGE))
            row_data["unavailable_weekdays"] = []
            days_ok = False
        valid = form.check_row(row_data)
        if valid and days_ok:
            result.registrations.append(form.registration())
            row_numbers.append(row_number)
        elif not valid:
            for name, errors in form.errors.items():
                for message in errors:
                    result.problems.append(Problem(row_number, HEADINGS.get(name, name), str(message)))

    if not result.registrations and not result.problems:
        return whole_file("The file has headings but no participants. Add one participant per row.")
    clashes = check_registrations(school=school, registrations=result.registrations, actor=actor)
    for (index, name), message in sorted(clashes.items()):
        message = re.sub(r"entry (\d+)", lambda m: f"row {row_numbers[int(m.group(1)) - 1]}", message)
        result.problems.append(Problem(row_numbers[index], HEADINGS[name], message))
    result.problems.sort(key=lambda p: (p.row or 0, list(HEADINGS.values()).index(p.column) if p.column else -1))
    return result
