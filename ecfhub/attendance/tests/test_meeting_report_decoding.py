"""A meeting report's encoding and separator are found from its content, whatever its name says."""

from __future__ import annotations

import codecs

import pytest

from ecfhub.attendance.meeting_report.decoding import decode, separators
from ecfhub.attendance.meeting_report.report import ReportError

TEXT = "Name\tEmail\tJoin time\nZoë Ect\tzoe@x.test\t2025-12-04 15:31\n"


@pytest.mark.parametrize(
    ("data", "label"),
    [
        (TEXT.encode(), "UTF-8"),
        (codecs.BOM_UTF8 + TEXT.encode(), "UTF-8"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "UTF-16"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "UTF-16"),
        (TEXT.encode("utf-16-le"), "UTF-16"),
        (TEXT.encode("utf-16-be"), "UTF-16"),
        (TEXT.encode("cp1252"), "Windows-1252"),
    ],
    ids=["utf-8", "utf-8 with bom", "utf-16 le", "utf-16 be", "utf-16 le no bom", "utf-16 be no bom", "excel csv"],
)
def test_each_encoding_the_tools_write_reads_back_the_same_text(data: bytes, label: str) -> None:
    assert decode(data) == (TEXT, label)


def test_bytes_with_nuls_that_are_not_utf16_are_not_a_csv_file() -> None:
    with pytest.raises(ReportError, match="not a CSV"):
        decode(b"\x00\x01\x02binary\x00\x00\x00\xff" * 20)


def test_utf16_cut_in_half_is_refused_as_unreadable_characters() -> None:
    with pytest.raises(ReportError, match="cannot read the characters"):
        decode(codecs.BOM_UTF16_LE + "Name\tJoin".encode("utf-16-le")[:-1] + b"\x00\xd8")


@pytest.mark.parametrize(
    ("lines", "separator"),
    [
        (["Name,Email,Join time,Leave time", "Erin,e@x.test,2025-12-04 15:31,2025-12-04 16:31"], ","),
        (["Name;Email;Join time;Leave time", "Erin;e@x.test;04/12/2025 15:31;04/12/2025 16:31"], ";"),
        # Teams' US dates hold commas; the tabs are the separator.
        (["Name\tFirst Join\tLast Leave", "Erin\t12/4/25, 3:31:22 PM\t12/4/25, 4:31:22 PM"], "\t"),
    ],
    ids=["comma", "semicolon", "tab with commas in the dates"],
)
def test_the_separator_is_the_sniffers_guess_from_the_heading_and_rows(lines: list[str], separator: str) -> None:
    assert separators(lines)[0] == separator


def test_when_the_sniffer_gives_up_the_heading_decides_and_every_separator_is_still_tried() -> None:
    # Rows with different separators: csv.Sniffer cannot decide.
    assert separators(["Name;Join time;Leave time", "a,b;c", "d,e,f,g"]) == [";", ",", "\t"]
