"""Reading the provider's file: DfE's field names, problems by row as the registration CSV reports them."""

from __future__ import annotations

from ecfhub.leadprovider.reading import read_file
from ecfhub.leadprovider.tests.files import csv_bytes, pid, row


def test_a_good_file_is_read_row_by_row():
    read = read_file(csv_bytes([row(), row(participant_id=pid(2), teacher_reference_number="2000001",
                                        participant_type="mentor")]))  # fmt: skip
    assert read.ok
    assert [(r.row, r.participant_type, r.cohort) for r in read.rows] == [(2, "ect", 2025), (3, "mentor", 2025)]


def test_bad_rows_are_reported_by_row_and_column_in_teachers_words():
    read = read_file(
        csv_bytes(
            [
                row(teacher_reference_number="12345"),
                row(participant_id="not-a-uuid", participant_type="tutor"),
                row(participant_id=pid(3), schedule_identifier="ecf-standard-july", training_status="paused"),
                row(participant_id=pid(4), training_status="withdrawn", withdrawal_reason="bored"),
            ]
        )
    )
    found = {(p.row, p.column) for p in read.problems}
    assert found == {
        (2, "teacher_reference_number"), (3, "participant_id"), (3, "participant_type"),
        (4, "schedule_identifier"), (4, "training_status"), (5, "withdrawal_reason"),
    }  # fmt: skip
    assert not read.ok
    assert any("7 digits" in p.message for p in read.problems)


def test_the_same_participant_twice_is_a_problem_on_the_second_row():
    read = read_file(csv_bytes([row(), row(teacher_reference_number="1000009")]))
    assert [(p.row, p.column) for p in read.problems] == [(3, "participant_id")]
    assert "row 2" in read.problems[0].message


def test_a_file_without_dfes_headings_is_refused_as_a_whole():
    read = read_file(b"name,trn\nJo,1234567\n")
    assert read.problems[0].row is None and "participant_id" in read.problems[0].message


def test_a_file_over_ten_thousand_rows_is_refused_before_any_row_is_checked():
    data = csv_bytes([row(participant_id=pid(n)) for n in range(10_001)])
    read = read_file(data)
    assert len(read.problems) == 1 and "10,000" in read.problems[0].message


def test_an_empty_or_binary_file_is_refused():
    assert "empty" in read_file(b"").problems[0].message
    assert "not a CSV" in read_file(b"PK\x03\x04\x00\x00").problems[0].message


def test_courses_and_other_spellings_of_the_headings_are_understood():
    data = b"ID,TRN,Participant Type,URN,Cohort,Schedule Identifier,Training Status\n" + (
        f"{pid(1)},1000001,ecf-mentor,100001,2025,ecf-standard-january,Deferred\n".encode()
    )
    read = read_file(data)
    assert read.ok and read.rows[0].participant_type == "mentor" and read.rows[0].training_status == "deferred"
