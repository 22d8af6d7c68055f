"""Reading the lead provider's participant file: DfE's v3 field names, every row checked before anything else.

The same limits and manners as the registration CSV (`onboarding.csv_import`, whose decoder
and problem rows this reuses): at most 10,000 rows, checking stops after 10 seconds, problems
come back as (row, column, message) with rows numbered as in the spreadsheet (headings = row 1)."""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import re
import time
import uuid
from dataclasses import asdict, dataclass, field
from typing import Any

from ecfhub.onboarding.csv_import import CHECK_SECONDS, MAX_ROWS, PROBLEMS_LISTED, Problem, decode
from ecfhub.people.models import Participant, ParticipantType
from ecfhub.people.schedules import SCHEDULE_IDENTIFIERS

# DfE's v3 names (the API's, flattened for a file). Required ones first.
REQUIRED = (
    "participant_id",
    "teacher_reference_number",
    "participant_type",
    "school_urn",
    "cohort",
    "schedule_identifier",
    "training_status",
)
OPTIONAL = ("mentor_id", "full_name", "email", "withdrawal_reason", "deferral_reason")
# Other spellings seen in providers' exports (v1's `id`, a `course_identifier` instead of a type).
ALIASES = {"id": "participant_id", "trn": "teacher_reference_number", "urn": "school_urn"}
COURSES = {"ecf-induction": ParticipantType.ECT.value, "ecf-mentor": ParticipantType.MENTOR.value}
TRAINING_STATUSES = ("active", "deferred", "withdrawn")


@dataclass(frozen=True)
class ProviderRow:
    """One participant as the lead provider has them."""

    row: int
    participant_id: str
    teacher_reference_number: str
    participant_type: str
    school_urn: str
    cohort: int
    schedule_identifier: str
    training_status: str
    mentor_id: str = ""
    full_name: str = ""
    reason: str = ""

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ProviderRow:
        return cls(**data)


@dataclass
class ReadFile:
    rows: list[ProviderRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    sha256: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)

    @property
    def listed_problems(self) -> list[Problem]:
        return self.problems[:PROBLEMS_LISTED]

    @property
    def unlisted_count(self) -> int:
        return max(0, len(self.problems) - PROBLEMS_LISTED)


def _key(heading: str) -> str:
    key = re.sub(r"[^a-z0-9]+", "_", heading.strip().lower()).strip("_")
    return ALIASES.get(key, key)


def _uuid(text: str) -> str | None:
    try:
        return str(uuid.UUID(text))
    except ValueError:
        return None


def _check_row(number: int, cell: dict[str, str]) -> tuple[ProviderRow | None, list[Problem]]:
    problems: list[Problem] = []

    def bad(column: str, message: str) -> None:
        problems.append(Problem(number, column, message))

    pid = _uuid(cell["participant_id"])
    if pid is None:
        bad("participant_id", "Enter the participant's ID as DfE gives it (a UUID).")
    trn = cell["teacher_reference_number"]
    if not re.fullmatch(r"\d{7}", trn):
        bad("teacher_reference_number", "Enter the TRN as 7 digits, for example 1234567.")
    kind = cell["participant_type"].lower()
    kind = COURSES.get(kind, kind)
    if kind not in ParticipantType.values:
        bad("participant_type", "Write ect or mentor.")
    urn = cell["school_urn"]
    if not re.fullmatch(r"\d{6}", urn):
        bad("school_urn", "Enter the school's URN as 6 digits.")
    cohort = cell["cohort"]
    if not re.fullmatch(r"20\d\d", cohort):
        bad("cohort", "Enter the cohort as its start year, for example 2025.")
    schedule = cell["schedule_identifier"].lower()
    if schedule not in SCHEDULE_IDENTIFIERS:
        bad("schedule_identifier", "Use one of DfE's schedules, for example ecf-standard-september.")
    status = cell["training_status"].lower()
    if status not in TRAINING_STATUSES:
        bad("training_status", "Write active, deferred or withdrawn.")
    mentor_id = cell.get("mentor_id", "")
    if mentor_id and _uuid(mentor_id) is None:
        bad("mentor_id", "Enter the mentor's participant ID (a UUID), or leave it empty.")
    if mentor_id and kind == ParticipantType.MENTOR:
        bad("mentor_id", "Only an ECT has a mentor; leave it empty for a mentor.")
    reason = ""
    if status == "withdrawn":
        reason = cell.get("withdrawal_reason", "").lower()
        if reason and reason not in Participant.WithdrawalReason.values:
            bad("withdrawal_reason", "Use one of DfE's withdrawal reasons, for example moved-school.")
    elif status == "deferred":
        reason = cell.get("deferral_reason", "").lower()
        if reason and reason not in Participant.DeferralReason.values:
            bad("deferral_reason", "Use one of DfE's deferral reasons, for example parental-leave.")
    if problems:
        return None, problems
    return (
        ProviderRow(
            row=number,
            participant_id=pid or "",
            teacher_reference_number=trn,
            participant_type=kind,
            school_urn=urn,
            cohort=int(cohort),
            schedule_identifier=schedule,
            training_status=status,
            mentor_id=(_uuid(mentor_id) or "") if mentor_id else "",
            full_name=cell.get("full_name", "")[:150],
            reason=reason,
        ),
        [],
    )


def read_rows(cells: list[dict[str, str]], *, key: str) -> ReadFile:
    """Rows that arrived already split into DfE's fields (the API's `PUT /api/v3/participants`), checked
    exactly as a file's rows are; `row` is the position in the list from 1, and `key` stands for the
    file's sha256 (what makes a second identical delivery the same one)."""
    result = ReadFile(sha256=key)
    if len(cells) > MAX_ROWS:
        result.problems.append(Problem(None, "", f"Send at most {MAX_ROWS:,} participants at once."))
        return result
    seen: dict[str, int] = {}
    for number, given in enumerate(cells, start=1):
        cell = {name: str(given.get(name) or "").strip() for name in REQUIRED + OPTIONAL}
        row, problems = _check_row(number, cell)
        result.problems.extend(problems)
        if row is None:
            continue
        if row.participant_id in seen:
            result.problems.append(
                Problem(number, "participant_id", f"The same participant is number {seen[row.participant_id]}.")
            )
            continue
        seen[row.participant_id] = number
        result.rows.append(row)
    return result


def read_file(data: bytes) -> ReadFile:
    """Every row of the file checked, or the problems; nothing is compared or saved here."""
    result = ReadFile(sha256=hashlib.sha256(data).hexdigest())

    def whole_file(message: str) -> ReadFile:
        result.problems.append(Problem(None, "", message))
        return result

    if not data.strip():
        return whole_file("The file is empty. Upload the lead provider's participant file as CSV.")
    if b"\x00" in data[:4096]:
        return whole_file("This is not a CSV file. Save it as CSV and upload that.")
    try:
        text, _encoding = decode(data)
    except UnicodeDecodeError:
        return whole_file("We cannot read the characters in this file. Save it as “CSV UTF-8” and upload it again.")
    try:
        delimiter = csv.Sniffer().sniff(text[:8192], delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        return whole_file("The file is empty. Upload the lead provider's participant file as CSV.")
    positions: dict[str, int] = {}
    for index, heading in enumerate(header):
        name = _key(heading)
        if name in REQUIRED + OPTIONAL and name not in positions:
            positions[name] = index
    missing = [name for name in REQUIRED if name not in positions]
    if missing:
        return whole_file(
            f"The file has no {' or '.join(missing)} column. The first row must have DfE's field names: "
            f"{', '.join(REQUIRED)} (and optionally {', '.join(OPTIONAL)})."
        )
    try:
        # Counting first is cheap; checking a row is not, so an oversized file is refused before any.
        lines = list(itertools.islice(enumerate(reader, start=2), MAX_ROWS + 1))
    except csv.Error as error:
        return whole_file(f"The file is not valid CSV near row {reader.line_num}: {error}.")
    if len(lines) > MAX_ROWS:
        return whole_file(f"The file has more than {MAX_ROWS:,} rows. Split it into smaller files and upload each.")
    deadline = time.monotonic() + CHECK_SECONDS
    seen: dict[str, int] = {}
    for number, cells in lines:
        if time.monotonic() > deadline:
            return whole_file(
                f"Checking this file took too long (we reached row {number:,}). Split it into smaller files."
            )
        if not any(c.strip() for c in cells):
            continue
        cell = {name: (cells[i].strip() if i < len(cells) else "") for name, i in positions.items()}
        row, problems = _check_row(number, cell)
        result.problems.extend(problems)
        if row is None:
            continue
        if row.participant_id in seen:
            result.problems.append(
                Problem(number, "participant_id", f"The same participant is on row {seen[row.participant_id]}.")
            )
            continue
        seen[row.participant_id] = number
        result.rows.append(row)
    if not result.rows and not result.problems:
        return whole_file("The file has headings but no participants.")
    return result
