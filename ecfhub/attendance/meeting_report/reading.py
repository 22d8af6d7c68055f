"""From a meeting report's bytes to its joins, for one session."""

from __future__ import annotations

import csv
import datetime
import io

from ecfhub.attendance.meeting_report.decoding import SEPARATORS, decode, separators
from ecfhub.attendance.meeting_report.formats import looks_like_heading, missing_columns, read_tables, tables
from ecfhub.attendance.meeting_report.report import MAX_BYTES, Report, ReportError
from ecfhub.attendance.meeting_report.times import SessionDay

# Summaries above the table are short: Teams' is about ten lines, Zoom's two.
_HEADING_WITHIN = 200


def _rows(text: str, separator: str) -> list[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    try:
        return [(reader.line_num, cells) for cells in reader]
    except csv.Error:
        raise ReportError("The file's rows are not a table we can read. Download the report again.") from None


def read_report(data: bytes, *, starts_at: datetime.datetime, ends_at: datetime.datetime) -> Report:
    """Every join in the file, read for the session from `starts_at` to `ends_at` (whose day says
    which way round a date like 04/12/2025 is), and why each row that is not counted is not.

    Found by the content, whatever the file is called: the encoding and separator (`decoding`), then
    the tool's layout (`formats`). Refuses (ReportError, a message for a facilitator) a file that is
    empty, too big, not text, without a heading row with a name and join and leave times, or with
    no row that can be counted."""
    if len(data) > MAX_BYTES:
        raise ReportError("The file is bigger than 2 MB. Download the report for this one meeting and try again.")
    if not data.strip():
        raise ReportError("The file is empty.")
    text, encoding = decode(data)
    if not text.strip():
        raise ReportError("The file is empty.")
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines[:_HEADING_WITHIN]) if looks_like_heading(line)), None)
    if start is None:
        raise ReportError("The file has no heading row with a name and a join time. Is it the attendance report?")
    sample = lines[start : start + 20]
    sample = sample[: next((i for i, line in enumerate(sample) if not line.strip()), len(sample))]
    tried = separators(sample)
    for separator in tried:
        found, above = tables(_rows(text, separator))
        if any(t.kind in ("joins", "spans", "actions") for t in found):
            report = read_tables(found, above, SessionDay(starts_at, ends_at))
            report.encoding, report.separator = encoding, SEPARATORS[separator]
            return report
    heading = next(csv.reader([lines[start]], delimiter=tried[0]), [])
    raise ReportError(f"The file has no {' or '.join(missing_columns(heading))} column.")
