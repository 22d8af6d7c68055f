"""Progress on the ECT's "My programme", the induction tutor's school page and the hub's overview."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
import time_machine
from django.urls import reverse

from ecfhub.attendance.tests.factories import meetings, set_mark
from ecfhub.events.services import local_datetime
from ecfhub.events.tests.factories import assign, make_event, make_session

NOW = local_datetime(datetime.date(2026, 3, 20), datetime.time(12, 0))


@pytest.fixture
def programme(cohort, ect, other_ect, calendar_2025):  # type: ignore[no-untyped-def]
    clinic1 = make_session(make_event(cohort, order=1, title="Routines that work"), datetime.date(2026, 1, 14))
    clinic2 = make_session(make_event(cohort, order=2, title="Questioning clinic"), datetime.date(2026, 2, 11))
    conference = make_session(
        make_event(cohort, order=3, kind="conference", title="How pupils learn"), datetime.date(2026, 3, 4)
    )
    ahead = make_session(make_event(cohort, order=4, title="Feedback clinic"), datetime.date(2026, 4, 22))
    set_mark(assign(ect, clinic1), "present")
    set_mark(assign(ect, clinic2), "late")
    set_mark(assign(ect, conference), "absent")
    assign(ect, ahead)
    set_mark(assign(other_ect, clinic1), "absent")
    set_mark(assign(other_ect, clinic2), "absent")
    return {"clinic1": clinic1, "conference": conference, "ahead": ahead}


@time_machine.travel(NOW, tick=False)
def test_an_ect_sees_events_attended_against_the_requirement_and_what_to_do_next(
    client, programme, ect, mentor
) -> None:
    # Weekly coaching in year 1: met in 6 of the 9 teaching weeks of spring that are over by 20 March.
    wednesdays = [datetime.date(2026, 1, 7) + datetime.timedelta(weeks=n) for n in range(6)]
    meetings(ect, mentor, wednesdays)
    client.force_login(ect.user)
    page = client.get(reverse("dashboard")).content.decode()
    assert "Clinics 2 of 6" in page
    assert "Conferences 0 of 3" in page
    assert "How pupils learn, 4 March 2026" in page
    # Behind, not at risk: the one missed event alone would make her at risk, but counted from the
    # start of the year (no coaching in autumn) 75% can no longer be reached before 30 April. (This line
    # once read `"At risk" in page`, which the status legend's own words satisfied whatever the status.)
    assert 'govuk-tag--red">Behind</strong>' in page
    assert "75% engagement can no longer be reached before the end of this term (30 April 2026)" in page
    assert "You missed How pupils learn on 4 March 2026: choose a catch-up date" in page
    spring = page.split("Spring 2026")[1].split("</tr>")[0]
    # Teachers read what the window means for them, never DfE's name for it (issue 30).
    assert "Your second term's training is recorded" in spring.replace("&#x27;", "'") and "8 of 12 (67%)" in spring
    assert "retained-1" not in page
    assert "Events 2 of 3, coaching 6 of 9" in spring


@time_machine.travel(NOW, tick=False)
def test_the_tutor_sees_their_schools_people_and_not_another_school(
    client, programme, tutor, school, other_school
) -> None:
    client.force_login(tutor)
    page = client.get(reverse("attendance:school", args=[school.pk])).content.decode()
    assert "Erin Ect" in page and "Clinics 2 of 6" in page
    assert "Ed Ect" not in page
    assert "Erin Ect missed How pupils learn on 4 March 2026" in page
    assert "Feedback clinic" in page  # coming dates
    assert client.get(reverse("attendance:school", args=[other_school.pk])).status_code == 404


@time_machine.travel(NOW, tick=False)
def test_the_hub_sees_attendance_per_session_and_who_is_behind(client, programme, hub_admin) -> None:
    client.force_login(hub_admin)
    page = client.get(reverse("attendance:hub")).content.decode()
    at_risk = page.split("Attendance per event and session")[0]
    assert "Ed Ect" in at_risk and "Behind" in at_risk  # two missed
    assert "Erin Ect" in at_risk and "At risk" in at_risk
    per_event = page.split("Attendance per event and session")[1]
    routines = per_event.split("Routines that work")[2].split("</table>")[0]
    assert "2 of 20 (10%)" in routines and "1 (50%)" in routines


@time_machine.travel(NOW, tick=False)
def test_the_attendance_export_reads_back_per_session(client, programme, hub_admin) -> None:
    client.force_login(hub_admin)
    response = client.get(reverse("attendance:hub_csv"))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    routines = next(r for r in rows if r["event"] == "Routines that work")
    assert (routines["booked"], routines["present"], routines["absent"], routines["not_marked"]) == ("2", "1", "1", "0")
    # ISO 8601 with England's offset (GMT in January), as every CSV carries a moment.
    assert routines["session_start"] == "2026-01-14T16:00:00+00:00"
    assert not any(r["event"] == "Feedback clinic" for r in rows)  # not started: no register yet


@time_machine.travel(NOW, tick=False)
def test_the_attendance_export_as_xlsx_reads_back_with_numbers_as_numbers(client, programme, hub_admin) -> None:
    from openpyxl import load_workbook

    client.force_login(hub_admin)
    response = client.get(reverse("attendance:hub_xlsx"))
    assert response["Content-Disposition"] == 'attachment; filename="attendance-per-session.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert sheet.title == "Attendance per session"
    routines = next(r for r in rows if r[0] == "Routines that work")
    # A real Excel date and time on England's clock, not text.
    assert routines[rows[0].index("session_start")] == datetime.datetime(2026, 1, 14, 16, 0)
    assert dict(zip(rows[0], routines, strict=True)) | {"session_start": None, "session_end": None} == {
        "event": "Routines that work", "kind": "clinic", "audience": "ect", "cohort": 2025, "session_start": None, "session_end": None,
        "capacity": 20, "booked": 2, "present": 1, "late": 0, "left_early": 0, "absent": 1, "not_marked": 0,
    }  # fmt: skip


@time_machine.travel(NOW, tick=False)
def test_an_event_title_written_as_a_formula_is_kept_as_text_in_both_exports(client, programme, hub_admin) -> None:
    from openpyxl import load_workbook

    from ecfhub.events.models import TrainingEvent

    TrainingEvent.objects.filter(title="Routines that work").update(title="=1+2")
    client.force_login(hub_admin)
    text = client.get(reverse("attendance:hub_csv")).content.decode()
    assert "\r\n'=1+2," in text
    sheet = load_workbook(io.BytesIO(client.get(reverse("attendance:hub_xlsx")).content)).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value == "'=1+2"]
    assert cells and all(c.data_type == "s" for c in cells)
