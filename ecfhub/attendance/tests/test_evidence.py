"""The lead provider's evidence file: declarations the registers support, in DfE's exact words."""

from __future__ import annotations

import csv
import datetime
import io

import time_machine
from django.urls import reverse

from ecfhub.attendance.tests.factories import meetings, set_mark
from ecfhub.events.tests.factories import assign, make_event, make_session

NOW = datetime.datetime(2026, 9, 15, 12, 0, tzinfo=datetime.UTC)


@time_machine.travel(NOW, tick=False)
def test_the_evidence_file_declares_only_what_the_registers_support(
    client, cohort, ect, other_ect, mentor, other_mentor, hub_admin, calendar_2025
) -> None:
    autumn = make_session(make_event(cohort, order=1, title="One"), datetime.date(2025, 10, 8))
    spring_a = make_session(make_event(cohort, order=2, title="Two"), datetime.date(2026, 2, 4))
    spring_b = make_session(make_event(cohort, order=3, title="Three"), datetime.date(2026, 3, 4))
    mentoring = make_session(make_event(cohort, audience="mentor", title="Mentoring"), datetime.date(2025, 11, 5))
    for session, erin_mark in ((autumn, "present"), (spring_a, "absent"), (spring_b, "late")):
        set_mark(assign(ect, session), erin_mark)
        set_mark(assign(other_ect, session), "present")
    set_mark(assign(mentor, mentoring), "left_early")
    # Ed met his mentor every week of year 1; Erin's meetings are not recorded here.
    meetings(other_ect, other_mentor, [datetime.date(2025, 9, 3) + datetime.timedelta(weeks=n) for n in range(50)])

    client.force_login(hub_admin)
    response = client.get(reverse("attendance:evidence_csv"))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert list(rows[0]) == [
        "teacher_reference_number",
        "course_identifier",
        "declaration_type",
        "declaration_date",
        "evidence_held",
    ]
    got = {(r["teacher_reference_number"], r["declaration_type"]): r for r in rows}
    # Erin: 2 of 3 events and no coaching recorded by the end of summer 2026, so no retained-2 (it needs 75%).
    assert got[("1000001", "started")]["evidence_held"] == "training-event-attended"
    assert got[("1000001", "started")]["declaration_date"] == "2025-12-31"
    assert got[("1000001", "retained-1")]["evidence_held"] == "training-event-attended"
    assert ("1000001", "retained-2") not in got
    # Ed came to everything and met his mentor every week.
    assert got[("1000002", "retained-2")]["evidence_held"] == "75-percent-engagement-met"
    assert got[("1000002", "retained-2")]["course_identifier"] == "ecf-induction"
    assert got[("2000001", "started")]["course_identifier"] == "ecf-mentor"
    assert ("2000001", "completed") not in got  # 1 of the 5 events a mentor needs
    assert not any(
        r["declaration_type"] in ("retained-3", "completed") for r in rows if r["course_identifier"] == "ecf-induction"
    )


@time_machine.travel(NOW, tick=False)
def test_the_evidence_file_as_xlsx_has_dfes_exact_strings(client, cohort, ect, hub_admin, calendar_2025) -> None:
    from openpyxl import load_workbook

    set_mark(assign(ect, make_session(make_event(cohort), datetime.date(2025, 10, 8))), "present")
    client.force_login(hub_admin)
    response = client.get(reverse("attendance:evidence_xlsx"))
    assert response["Content-Disposition"] == 'attachment; filename="lead-provider-evidence.xlsx"'
    rows = [list(r) for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)]
    assert rows[0] == [
        "teacher_reference_number", "course_identifier", "declaration_type", "declaration_date", "evidence_held",
    ]  # fmt: skip
    assert ["1000001", "ecf-induction", "started", "2025-12-31", "training-event-attended"] in rows
