"""Filling a register from an online meeting's attendance report."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ecfhub.attendance.meeting_report import ReportError, match, read_report
from ecfhub.attendance.models import AttendanceChange, AttendanceRecord
from ecfhub.events.services import local_datetime
from ecfhub.events.tests.factories import assign, make_event, make_session

DAY = datetime.date(2026, 3, 3)  # 16:00 to 17:00
START = local_datetime(DAY, datetime.time(16, 0))
END = local_datetime(DAY, datetime.time(17, 0))
PLACES = [(1, "Erin Ect", "erin@riverside.test"), (2, "Ed Ect", "ed@oakfield.test"), (3, "Ivy Brown", "ivy@x.test")]

REPORT = """1. Summary
Meeting title,Routines that work
Attended participants,4

2. Participants
Name,First Join,Last Leave,In-Meeting Duration,Email,Participant ID (UPN),Role
Erin Ect,03/03/2026 15:58,03/03/2026 16:30,32m,ERIN@riverside.test,erin,Attendee
Erin Ect,03/03/2026 16:35,03/03/2026 17:01,26m,erin@riverside.test,erin,Attendee
"Brown, Ivy",03/03/2026 16:20,03/03/2026 17:00,40m,,ivy,Attendee
Edward E (phone),03/03/2026 16:00,03/03/2026 16:20,20m,,,Attendee
"""


def preview(text: str = REPORT, **kwargs):  # type: ignore[no-untyped-def]
    return match(read_report(text.encode()), starts_at=START, ends_at=END, places=PLACES, share_percent=75, **kwargs)


def test_people_are_matched_by_e_mail_then_by_name_and_several_joins_add_up() -> None:
    result = preview()
    by_place = {a.place_id: a for a in result.matched}
    erin = by_place[1]
    assert (erin.matched_by, len(erin.joins), erin.minutes, erin.mark) == ("e-mail", 2, 55, "present")
    ivy = by_place[3]
    assert (ivy.matched_by, ivy.mark) == ("name", "late")  # joined 20 minutes late, stayed to the end
    assert [a.name for a in result.unmatched] == ["Edward E (phone)"]
    assert result.absent == [2]


def test_a_short_stay_is_left_early_below_the_hubs_share() -> None:
    text = "Name,Email,Join time,Leave time\nErin Ect,erin@riverside.test,2026-03-03 16:00,2026-03-03 16:44\n"
    assert preview(text).matched[0].mark == "left_early"  # 44 of 60 minutes: below 75%
    text = text.replace("16:44", "16:45")
    assert preview(text).matched[0].mark == "present"  # exactly 75%


def test_the_facilitator_matches_the_unmatched_by_hand() -> None:
    result = preview(chosen={"name:edward e": 2})
    assert {a.place_id: a.matched_by for a in result.matched}[2] == "by hand"
    assert result.absent == []
    assert result.marks() == {1: "present", 2: "left_early", 3: "late"}


def test_iso_and_day_first_dates_both_read_as_written() -> None:
    iso = read_report(b"Name,Join time,Leave time\nErin,2026-12-02 16:00,2026-12-02 17:00\n")[0]
    british = read_report(b"Name,Join time,Leave time\nErin,02/12/2026 16:00,02/12/2026 17:00\n")[0]
    assert iso.joined.date() == british.joined.date() == datetime.date(2026, 12, 2)


def test_a_report_from_another_session_is_refused() -> None:
    other_day = REPORT.replace("03/03/2026", "10/03/2026")
    with pytest.raises(ReportError, match="another meeting"):
        preview(other_day)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\x00\x01binary", "not a CSV"),
        (b"Name,Email\nErin,erin@x\n", "no heading row"),
        (b"Name,Join time,Leave time\nErin,yesterday-ish,2026-03-03 16:00\n", "not a join time"),
    ],
)
def test_files_it_cannot_use_are_refused_with_a_reason(content: bytes, message: str) -> None:
    with pytest.raises(ReportError, match=message):
        read_report(content)


@time_machine.travel(local_datetime(DAY, datetime.time(17, 30)), tick=False)
def test_a_facilitator_previews_fixes_and_saves_the_register(
    client, cohort, facilitator, ect, other_ect, calendar_2025
):  # type: ignore[no-untyped-def]
    session = make_session(make_event(cohort), DAY)
    session.facilitators.add(facilitator)
    erin, ed = assign(ect, session), assign(other_ect, session)
    client.force_login(facilitator)
    url = reverse("attendance:import_report", args=[session.pk])
    page = client.post(url, {"report": SimpleUploadedFile("report.csv", REPORT.encode(), "text/csv")})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Not matched (2)" in html  # Ivy is not on this register; the phone caller is unknown
    token = page.context["joins"]
    key = next(a.key for a in page.context["preview"].unmatched if a.name.startswith("Edward"))
    saved = client.post(url, {"joins": token, f"who:{key}": str(ed.pk), "save": "1"})
    assert saved.status_code == 302
    marks = dict(AttendanceRecord.objects.values_list("assignment_id", "mark"))
    assert marks == {erin.pk: "present", ed.pk: "left_early"}
    assert set(AttendanceChange.objects.values_list("source", flat=True)) == {"import"}
    tampered = client.post(url, {"joins": token[:-3] + "abc", "save": "1"})
    assert tampered.status_code == 422
