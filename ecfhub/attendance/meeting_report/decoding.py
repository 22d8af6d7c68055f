"""From the file's bytes to text and a separator, found by the content, never by the file's name.

Meeting tools write what they like: Teams writes UTF-16 (little-endian, with a byte-order mark) and
separates with tabs; Zoom and Meet write UTF-8 with commas, or with a byte-order mark after Excel
has been near them; a spreadsheet on a European locale separates with semicolons."""

from __future__ import annotations

import codecs
import csv

from ecfhub.attendance.meeting_report.report import ReportError
from ecfhub.onboarding.csv_import import decode as decode_8bit

_BOMS = (
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)
SEPARATORS = {",": "comma", "\t": "tab", ";": "semicolon"}
NOT_TEXT = "This is not a CSV file. Download the meeting's attendance report as CSV and try again."


def _utf16_without_bom(head: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when the NUL bytes fall where UTF-16 puts them (the high byte of
    every Latin character); None when there are none; ReportError when they fall anywhere else."""
    if b"\x00" not in head:
        return None
    pairs = len(head) // 2
    nul_even, nul_odd = head[0 : pairs * 2 : 2].count(0), head[1 : pairs * 2 : 2].count(0)
    # Text that is mostly Latin letters has a NUL in most pairs, always on the same side.
    if nul_odd >= pairs / 2 and nul_even <= nul_odd / 10:
        return "utf-16-le"
    if nul_even >= pairs / 2 and nul_odd <= nul_even / 10:
        return "utf-16-be"
    raise ReportError(NOT_TEXT)


def decode(data: bytes) -> tuple[str, str]:
    """(text, the encoding's name for people): UTF-8 or UTF-16 with a byte-order mark as marked,
    UTF-16 without one when its NUL bytes say so, else UTF-8 or Windows-1252 (Excel's "CSV").
    Refuses (ReportError) bytes that are none of these."""
    head = data[:4096]
    codec = label = None
    for bom, bom_codec, bom_label in _BOMS:
        if data.startswith(bom):
            data, codec, label = data[len(bom) :], bom_codec, bom_label
            break
    else:
        codec = _utf16_without_bom(head)
        label = "UTF-16" if codec else None
    try:
        if codec:
            text = data.decode(codec)
        else:
            text, label = decode_8bit(data)
    except UnicodeDecodeError:
        raise ReportError(
            "We cannot read the characters in this file. Download the report again, or save it as “CSV UTF-8”."
        ) from None
    if "\x00" in text:
        raise ReportError(NOT_TEXT)
    return text, label or "UTF-8"


def separators(sample: list[str]) -> list[str]:
    """The separators to try for a table whose heading row is `sample[0]`, most likely first:
    the standard library's csv.Sniffer's guess from the heading and the rows below it, then the
    others, the one the heading row holds most of first (the Sniffer gives up on some tables)."""
    heading = sample[0] if sample else ""
    others = sorted(SEPARATORS, key=lambda s: -heading.count(s))
    try:
        guess = csv.Sniffer().sniff("\n".join(sample)[:4096], delimiters="".join(SEPARATORS)).delimiter
    except csv.Error:
        return others
    return [guess, *(s for s in others if s != guess)]
