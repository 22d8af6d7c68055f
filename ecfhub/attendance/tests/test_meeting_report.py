"""Filling a register from an online meeting's attendance report."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ecfhub.attendance.meeting_report import ReportError, match, read_report
from ecfhub.attendance.models import AttendanceChange, AttendanceRecord
from ecfhub.attendance.tests.meeting_reports import Stay, teams_report
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


def read(data: bytes):  # type: ignore[no-untyped-def]
    return read_report(data, starts_at=START, ends_at=END)


def preview(text: str = REPORT, **kwargs):  # type: ignore[no-untyped-def]
    return match(read(text.encode()), starts_at=START, ends_at=END, places=PLACES, share_percent=75, **kwargs)


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
    iso = read(b"Name,Join time,Leave time\nErin,2026-03-03 16:00,2026-03-03 17:00\n").joins[0]
    british = read(b"Name,Join time,Leave time\nErin,03/03/2026 16:00,03/03/2026 17:00\n").joins[0]
    assert iso.joined == british.joined == START


def test_a_report_from_another_session_is_refused() -> None:
    other_day = REPORT.replace("03/03/2026", "10/03/2026")
    with pytest.raises(ReportError, match="another meeting"):
        preview(other_day)
    same_day_morning = REPORT.replace("03/03/2026 1", "03/03/2026 0")
    with pytest.raises(ReportError, match="another meeting: its first join is 3 March 2026 at 05:58"):
        preview(same_day_morning)


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
        read(content)


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


def stay(name: str, email: str, joined: tuple[int, int], left: tuple[int, int], role: str = "Attendee") -> Stay:
    return Stay(
        name,
        email,
        datetime.datetime.combine(DAY, datetime.time(*joined)),
        datetime.datetime.combine(DAY, datetime.time(*left)),
        role,
    )


@pytest.fixture
def online_session(cohort, facilitator, ect, other_ect, calendar_2025):  # type: ignore[no-untyped-def]
    session = make_session(make_event(cohort), DAY)
    session.facilitators.add(facilitator)
    assign(ect, session), assign(other_ect, session)
    return session


def upload(client, session, data: bytes, name: str = "report.csv"):  # type: ignore[no-untyped-def]
    url = reverse("attendance:import_report", args=[session.pk])
    return client.post(url, {"report": SimpleUploadedFile(name, data, "application/octet-stream")})


@time_machine.travel(local_datetime(DAY, datetime.time(17, 30)), tick=False)
def test_the_sessions_facilitator_in_a_teams_report_is_recognised_not_unmatched(
    client, online_session, facilitator, ect, other_ect
):  # type: ignore[no-untyped-def]
    # The organiser is someone else (the hub's office account): the meeting tool says they hosted.
    stays = [
        stay("Hub Office", "office@hub.test", (15, 50), (17, 5), role="Organizer"),
        stay(facilitator.full_name, facilitator.email, (15, 55), (17, 2), role="Presenter"),
        stay(ect.user.full_name, ect.user.email, (15, 58), (16, 30)),
        stay(ect.user.full_name, ect.user.email, (16, 33), (17, 0)),
        stay(other_ect.user.full_name, other_ect.user.email, (16, 0), (17, 0)),
    ]
    client.force_login(facilitator)
    page = upload(client, online_session, teams_report(stays, title="Routines that work"), name="attendance.txt")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Not matched" not in html
    assert "Running the session (2)" in html
    running = {a.name: a.role for a in page.context["preview"].running}
    assert running == {"Hub Office": "Host", facilitator.full_name: "Facilitator"}
    assert "Read as a Microsoft Teams attendance report (UTF-16, tab-separated)." in html
    assert page.context["preview"].marks() == {r.place_id: "present" for r in page.context["preview"].matched}


@time_machine.travel(local_datetime(DAY, datetime.time(17, 30)), tick=False)
def test_a_join_in_year_one_or_9999_is_a_row_error_on_the_page_never_a_server_error(
    client, online_session, facilitator, ect
):  # type: ignore[no-untyped-def]
    client.force_login(facilitator)
    report = (
        "Name,Email,Join time,Leave time\n"
        f"{ect.user.full_name},{ect.user.email},2026-03-03 16:00,2026-03-03 17:00\n"
        "Ed Ect,ed@oakfield.test,01/01/0001 00:00,9999-12-31 23:59\n"
    )
    page = upload(client, online_session, report.encode())
    assert page.status_code == 200
    assert (
        "Row 3: the join time “01/01/0001 00:00” is not on the session&#x27;s day, 3 March 2026."
        in page.content.decode()
    )
    every_row = "Name,Email,Join time,Leave time\nEd,ed@oakfield.test,9999-12-31T23:59:59-05:00,9999-12-31 23:59\n"
    page = upload(client, online_session, every_row.encode())
    assert page.status_code == 422
    assert "another meeting: its times are not on the session&#x27;s day, 3 March 2026" in page.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xff\xfe" + b"\x00\xd8" * 50, "cannot read the characters"),
        (b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)) * 4, "not a CSV"),
        (b"Name,Join time,Leave time\n" + b"Erin,2026-03-03 16:00,2026-03-03 17:00\n" * 70_000, "bigger than 2 MB"),
        (b'Name,Join time,Leave time\n"Erin' + b"x" * 200_000, "not a table we can read"),
    ],
    ids=["broken utf-16", "a spreadsheet", "too big", "an endless quoted cell"],
)
@time_machine.travel(local_datetime(DAY, datetime.time(17, 30)), tick=False)
def test_a_file_it_cannot_use_is_a_message_on_the_page(client, online_session, facilitator, data: bytes, message: str):  # type: ignore[no-untyped-def]
    client.force_login(facilitator)
    page = upload(client, online_session, data)
    assert page.status_code == 422
    assert message in page.content.decode()
