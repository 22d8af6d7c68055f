"""The lead provider's evidence file: declarations the evidence supports, in DfE's exact words; its page,
voids after a register correction, recording it as sent, anonymised people, and what it costs."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ecfhub.attendance.models import AttendanceRecord, SentDeclaration
from ecfhub.attendance.queries import evidence_file
from ecfhub.attendance.queries.evidence import evidence_people, evidence_version
from ecfhub.attendance.services import mark_attendance, record_evidence_sent
from ecfhub.attendance.tests.factories import crowd, meetings, set_mark
from ecfhub.audit.models import AuditEntry
from ecfhub.events.tests.factories import assign, make_event, make_session
from ecfhub.hub.models import HubSettings
from ecfhub.lib.errors import DomainError
from ecfhub.people.models import Participant
from ecfhub.privacy.services import anonymise_participant

NOW = datetime.datetime(2026, 9, 15, 12, 0, tzinfo=datetime.UTC)
HEADER = [
    "participant_id",
    "teacher_reference_number",
    "full_name",
    "school_urn",
    "cohort",
    "course_identifier",
    "schedule_identifier",
    "declaration_type",
    "declaration_date",
    "evidence_held",
    "evidence_sessions",
    "state",
    "sent_on",
]
UUID = "7a8fef46-3c43-42c0-b3d5-1ba5904ba562"


def rows_of(response) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.content
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def by_type(rows: list[dict[str, str]], trn: str) -> dict[str, dict[str, str]]:
    return {r["declaration_type"]: r for r in rows if r["teacher_reference_number"] == trn}


def record_sent(actor, cohort: int | None = None) -> int:  # type: ignore[no-untyped-def]
    version = evidence_version(evidence_file(evidence_people(cohort), now=timezone.now()))
    return record_evidence_sent(cohort=cohort, expected_version=version, actor=actor)


@pytest.fixture
def year_one(cohort, ect, other_ect, mentor, other_mentor, calendar_2025):  # type: ignore[no-untyped-def]
    """Erin came in autumn and spring, missed one; Ed came to everything and met his mentor every week."""
    autumn = make_session(make_event(cohort, order=1, title="Clinic 1"), datetime.date(2025, 10, 8))
    spring_a = make_session(make_event(cohort, order=2, title="Clinic 2"), datetime.date(2026, 2, 4))
    spring_b = make_session(make_event(cohort, order=3, title="Clinic 3"), datetime.date(2026, 3, 4))
    mentoring = make_session(make_event(cohort, audience="mentor", title="Mentoring"), datetime.date(2025, 11, 5))
    places = {}
    for session, erin_mark in ((autumn, "present"), (spring_a, "absent"), (spring_b, "late")):
        places[session.event.title] = set_mark(assign(ect, session), erin_mark).assignment
        set_mark(assign(other_ect, session), "present")
    set_mark(assign(mentor, mentoring), "left_early")
    meetings(other_ect, other_mentor, [datetime.date(2025, 9, 3) + datetime.timedelta(weeks=n) for n in range(50)])
    Participant.objects.filter(pk=ect.pk).update(provider_participant_id=UUID)
    return {"autumn": autumn, "places": places}


@time_machine.travel(NOW, tick=False)
def test_the_evidence_file_has_dfes_columns_and_declares_only_what_the_evidence_supports(
    client, ect, other_ect, mentor, hub_admin, year_one
) -> None:
    client.force_login(hub_admin)
    rows = rows_of(client.get(reverse("attendance:evidence_csv")))
    assert list(rows[0]) == HEADER
    erin, ed, max_ = by_type(rows, "1000001"), by_type(rows, "1000002"), by_type(rows, "2000001")
    # The provider's UUID once linked, the person, their school, cohort and schedule.
    assert {k: erin["started"][k] for k in HEADER[:7]} == {
        "participant_id": UUID,
        "teacher_reference_number": "1000001",
        "full_name": "Erin Ect",
        "school_urn": "100001",
        "cohort": "2025",
        "course_identifier": "ecf-induction",
        "schedule_identifier": "ecf-standard-september",
    }
    assert ed["started"]["participant_id"] == ""  # not linked to the provider's file yet
    # The day of the session that evidenced it, not the window's end; what is behind it.
    assert (erin["started"]["declaration_date"], erin["started"]["evidence_held"]) == (
        "2025-10-08",
        "training-event-attended",
    )
    assert erin["started"]["evidence_sessions"] == "Clinic 1 2025-10-08"
    assert erin["retained-1"]["declaration_date"] == "2026-03-04"  # absent on 4 February, late on 4 March
    assert erin["retained-1"]["state"] == "submitted"
    # Erin: 2 of 3 events and no coaching recorded by the end of summer 2026, so no retained-2 (it needs 75%).
    assert "retained-2" not in erin
    assert ed["retained-2"]["evidence_held"] == "75-percent-engagement-met"
    assert ed["retained-2"]["evidence_sessions"].startswith("Engagement ")
    assert (
        datetime.date(2026, 5, 1)
        <= datetime.date.fromisoformat(ed["retained-2"]["declaration_date"])
        <= (datetime.date(2026, 8, 31))
    )
    assert list(max_) == ["started"]  # 1 of the 5 events a mentor needs: not completed
    assert max_["started"]["course_identifier"] == "ecf-mentor"
    assert all(r["declaration_date"] <= "2026-09-15" for r in rows)


@time_machine.travel(NOW, tick=False)
def test_a_gap_in_the_evidence_puts_the_person_on_the_not_yet_declarable_list_with_the_reason(
    client, cohort, ect, other_ect, hub_admin, calendar_2025
) -> None:
    # Ed came in spring only: retained-1 is evidenced, started is not.
    set_mark(
        assign(other_ect, make_session(make_event(cohort, title="Clinic 2"), datetime.date(2026, 2, 4))), "present"
    )
    client.force_login(hub_admin)
    assert by_type(rows_of(client.get(reverse("attendance:evidence_csv"))), "1000002") == {}
    page = client.get(reverse("attendance:evidence"))
    text = page.content.decode()
    assert "Not yet declarable" in text and "Ed Ect" in text
    assert "retained-1 is evidenced (4 February 2026), but started is not: nothing was attended or completed" in text


@time_machine.travel(NOW, tick=False)
def test_a_register_correction_after_the_file_was_sent_voids_the_declaration_in_the_next_file(
    client, ect, hub_admin, year_one
) -> None:
    client.force_login(hub_admin)
    assert record_sent(hub_admin) > 0
    sent = SentDeclaration.objects.get(participant=ect, declaration_type="started")
    assert (sent.state, sent.full_name, sent.teacher_reference_number, sent.provider_participant_id) == (
        "submitted",
        "Erin Ect",
        "1000001",
        UUID,
    )
    assert by_type(rows_of(client.get(reverse("attendance:evidence_csv"))), "1000001")["started"]["sent_on"] == (
        "2026-09-15"
    )
    # Erin was not there on 8 October after all: her only autumn session.
    place = year_one["places"]["Clinic 1"]
    mark_attendance(
        session=year_one["autumn"],
        assignment_id=place.pk,
        mark="absent",
        actor=hub_admin,
        reason="Signed in by mistake",
    )
    started = by_type(rows_of(client.get(reverse("attendance:evidence_csv"))), "1000001")["started"]
    assert (started["state"], started["declaration_date"], started["sent_on"]) == ("voided", "2025-10-08", "")
    assert record_sent(hub_admin) == 1
    # Append-only: the void is a new row; the row sent first is as it was, and cannot be changed.
    rows = list(SentDeclaration.objects.filter(participant=ect, declaration_type="started").order_by("pk"))
    assert [r.state for r in rows] == ["submitted", "voided"]
    with pytest.raises(PermissionDenied):
        rows[0].save()
    with pytest.raises(PermissionDenied):
        SentDeclaration.objects.filter(pk=rows[0].pk).update(state="voided")


@time_machine.travel(NOW, tick=False)
def test_recording_the_file_as_sent_twice_adds_nothing_and_is_audited_once_each(hub_admin, ect, year_one) -> None:
    first = record_sent(hub_admin)
    assert first == SentDeclaration.objects.count() > 0
    assert record_sent(hub_admin) == 0
    assert SentDeclaration.objects.count() == first
    entries = AuditEntry.objects.filter(action="attendance.evidence_sent").order_by("pk")
    assert entries.count() == 2
    assert entries[0].details["declarations"] == first


@time_machine.travel(NOW, tick=False)
def test_a_file_that_changed_since_the_page_was_shown_is_not_recorded_as_sent(hub_admin, ect, year_one) -> None:
    shown = evidence_version(evidence_file(evidence_people(None), now=timezone.now()))
    # Erin was there on 4 February after all: her retained-1 is now dated that day.
    AttendanceRecord.objects.filter(assignment=year_one["places"]["Clinic 2"]).update(mark="present")
    with pytest.raises(DomainError) as refused:
        record_evidence_sent(cohort=None, expected_version=shown, actor=hub_admin)
    assert refused.value.code == "evidence_changed"
    assert not SentDeclaration.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_the_page_records_the_file_as_sent_with_a_post(client, hub_admin, ect, year_one) -> None:
    client.force_login(hub_admin)
    page = client.get(reverse("attendance:evidence") + "?cohort=2025")
    assert "Record this file as sent" in page.content.decode()
    response = client.post(
        reverse("attendance:evidence_sent"), {"cohort": "2025", "version": page.context["version"]}, follow=True
    )
    assert "Recorded as sent:" in response.content.decode()
    assert SentDeclaration.objects.filter(participant=ect).exists()
    assert "Record this file as sent" not in client.get(reverse("attendance:evidence")).content.decode()


@time_machine.travel(datetime.datetime(2026, 12, 7, 23, 30, tzinfo=datetime.UTC), tick=False)
def test_the_file_name_says_the_hub_the_cohort_and_the_day(client, hub_admin, cohort, calendar_2025) -> None:
    HubSettings.objects.update_or_create(pk=1, defaults={"name": "Norfolk Teaching Hub"})
    client.force_login(hub_admin)
    response = client.get(reverse("attendance:evidence_xlsx") + "?cohort=2025")
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="norfolk-teaching-hub-evidence-2025-2026-2026-12-07.xlsx"'
    )
    response = client.get(reverse("attendance:evidence_csv"))
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="norfolk-teaching-hub-evidence-all-cohorts-2026-12-07.csv"'
    )


@time_machine.travel(datetime.datetime(2026, 7, 8, 23, 30, tzinfo=datetime.UTC), tick=False)
def test_the_file_names_day_is_englands_after_midnight_in_summer(client, hub_admin, cohort) -> None:
    client.force_login(hub_admin)
    response = client.get(reverse("attendance:evidence_csv"))
    assert response["Content-Disposition"].endswith('-evidence-all-cohorts-2026-07-09.csv"')  # 00:30 in London


@pytest.mark.parametrize("asked", ["abc", "1999", "2025;drop", "-1", "２０２５"])
def test_a_cohort_that_is_not_one_of_the_hubs_is_refused_in_plain_words(client, hub_admin, cohort, asked) -> None:
    client.force_login(hub_admin)
    for name in ("attendance:evidence_csv", "attendance:evidence_xlsx", "attendance:evidence"):
        response = client.get(reverse(name), {"cohort": asked})
        assert response.status_code == 400
        assert "Give a cohort by its start year (2025)" in response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_one_cohorts_file_leaves_the_other_cohorts_out(client, hub_admin, ect, year_one) -> None:
    from ecfhub.programme.services import get_or_create_cohort

    get_or_create_cohort(start_year=2026)
    client.force_login(hub_admin)
    assert rows_of(client.get(reverse("attendance:evidence_csv"), {"cohort": "2025"}))
    assert rows_of(client.get(reverse("attendance:evidence_csv"), {"cohort": "2026"})) == []


@time_machine.travel(NOW, tick=False)
def test_the_xlsx_has_real_dates_a_bold_frozen_header_and_a_sheet_about_the_columns(
    client, hub_admin, ect, year_one
) -> None:
    client.force_login(hub_admin)
    book = load_workbook(io.BytesIO(client.get(reverse("attendance:evidence_xlsx")).content))
    sheet = book["Evidence"]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == HEADER
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.b
    started = next(r for r in rows if r[1] == "1000001" and r[7] == "started")
    assert started[8] == datetime.datetime(2025, 10, 8)  # a real date, not text
    assert sheet.cell(row=rows.index(started) + 1, column=9).number_format == "yyyy-mm-dd"
    about = [list(r) for r in book["About these columns"].iter_rows(values_only=True)]
    assert [r[0] for r in about[1:]] == HEADER
    assert all(r[1] for r in about[1:])


@time_machine.travel(NOW, tick=False)
def test_an_anonymised_person_keeps_their_sent_declarations_under_the_providers_id_without_name_or_trn(
    client, hub_admin, ect, year_one
) -> None:
    record_sent(hub_admin)
    # A later declaration, evidenced after the file was sent, is not sent for someone anonymised.
    set_mark(
        assign(ect, make_session(make_event(ect.cohort, order=9, title="Late"), datetime.date(2026, 6, 3))), "present"
    )
    Participant.objects.filter(pk=ect.pk).update(status=Participant.Status.WITHDRAWN, status_reason="other",
                                                 status_changed_on=datetime.date(2026, 7, 1))  # fmt: skip
    ect.refresh_from_db()
    anonymise_participant(participant=ect, actor=hub_admin)
    client.force_login(hub_admin)
    rows = [r for r in rows_of(client.get(reverse("attendance:evidence_csv"))) if r["participant_id"] == UUID]
    assert [(r["declaration_type"], r["state"]) for r in rows] == [
        ("started", "submitted"),
        ("retained-1", "submitted"),
    ]
    assert {(r["teacher_reference_number"], r["full_name"]) for r in rows} == {("", "")}
    text = client.get(reverse("attendance:evidence_csv")).content.decode()
    assert "Erin" not in text and "1000001" not in text
    kept = SentDeclaration.objects.filter(participant=ect)
    assert set(kept.values_list("full_name", "teacher_reference_number", "provider_participant_id")) == {("", "", UUID)}


@time_machine.travel(NOW, tick=False)
def test_someone_who_withdrew_keeps_their_sent_rows_and_nothing_after_they_left_is_declared(
    client, hub_admin, ect, year_one
) -> None:
    record_sent(hub_admin)
    set_mark(
        assign(ect, make_session(make_event(ect.cohort, order=9, title="Late"), datetime.date(2026, 6, 3))), "present"
    )
    Participant.objects.filter(pk=ect.pk).update(status=Participant.Status.WITHDRAWN, status_reason="moved-school",
                                                 status_changed_on=datetime.date(2026, 5, 20))  # fmt: skip
    client.force_login(hub_admin)
    erin = by_type(rows_of(client.get(reverse("attendance:evidence_csv"))), "1000001")
    assert list(erin) == ["started", "retained-1"]
    assert {r["state"] for r in erin.values()} == {"submitted"}


def _file_queries(n_people: int, start: int, cohort, school, session) -> int:  # type: ignore[no-untyped-def]
    for place in crowd(n=n_people, school=school, cohort=cohort, session=session, start_trn=start):
        set_mark(place, "present")
    with CaptureQueriesContext(connection) as captured:
        file = evidence_file(evidence_people(None), now=timezone.now())
    assert len(file.rows) >= n_people
    return len(captured)


@time_machine.travel(NOW, tick=False)
def test_the_file_costs_the_same_queries_for_10_people_as_for_200(cohort, school, hub_admin, calendar_2025) -> None:
    session = make_session(make_event(cohort), datetime.date(2025, 10, 8), capacity=1000)
    evidence_file(evidence_people(None), now=timezone.now())  # the learning settings' row is made once
    few = _file_queries(10, 3000000, cohort, school, session)
    record_sent(hub_admin)  # sent rows are read too
    many = _file_queries(190, 3100000, cohort, school, session)
    assert many == few
