"""Every file the hub hands out gives a session's time as England's clock shows it, summer and winter.

The outside reference is the Summer Time Order, not the code's own zone conversion: 15:00 UTC on
Thursday 8 July 2027 is 16:00 in England (BST, +01:00); 16:00 UTC on Thursday 10 December 2026 is
16:00 too (GMT, +00:00). CSV carries ISO 8601 with that offset; an XLSX cell holds a real Excel
date-time (no zone: the wall-clock time in England); the calendar file states the moment in UTC and
says the time in words. Each export is downloaded as the role that uses it."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from ecfhub.attendance.tests.factories import set_mark
from ecfhub.calendar.services import create_feed_token
from ecfhub.events.models import Session
from ecfhub.events.tests.factories import make_event
from ecfhub.scheduling.models import Assignment

UTC = datetime.UTC
JULY = datetime.datetime(2027, 7, 8, 15, 0, tzinfo=UTC)  # 16:00 BST
DECEMBER = datetime.datetime(2026, 12, 10, 16, 0, tzinfo=UTC)  # 16:00 GMT
AFTER_BOTH = datetime.datetime(2027, 7, 20, 12, 0, tzinfo=UTC)

# What a person reads in each kind of file for the two sessions (start, end).
CSV_TIMES = {
    ("2027-07-08T16:00:00+01:00", "2027-07-08T17:00:00+01:00"),
    ("2026-12-10T16:00:00+00:00", "2026-12-10T17:00:00+00:00"),
}
XLSX_TIMES = {
    (datetime.datetime(2027, 7, 8, 16, 0), datetime.datetime(2027, 7, 8, 17, 0)),
    (datetime.datetime(2026, 12, 10, 16, 0), datetime.datetime(2026, 12, 10, 17, 0)),
}


@pytest.fixture
def two_sessions(cohort, ect, mentor, calendar_2025):  # type: ignore[no-untyped-def]
    """A clinic for ECTs and one for mentors, each on the July and the December date, attended."""
    for audience, person in (("ect", ect), ("mentor", mentor)):
        for starts in (JULY, DECEMBER):
            event = make_event(
                cohort, audience=audience, order=starts.month, title=f"Clinic for {audience}s in {starts:%B}"
            )
            session = Session.objects.create(
                event=event,
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=1),
                mode="online",
                joining_url="https://meet.example.com/room",
                capacity=20,
            )
            set_mark(Assignment.objects.create(participant=person, event=event, session=session), "present")


def _csv_pairs(response, start: str, end: str) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    header_at = next(i for i, row in enumerate(rows) if start in row)
    header = rows[header_at]
    return {(r[header.index(start)], r[header.index(end)]) for r in rows[header_at + 1 :] if len(r) == len(header)}


def _xlsx_pairs(response, start: str, end: str) -> set[tuple[object, object]]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header_at = next(i for i, row in enumerate(rows) if start in row)
    header = rows[header_at]
    pairs = {(r[header.index(start)], r[header.index(end)]) for r in rows[header_at + 1 :] if r[header.index(start)]}
    assert all(isinstance(a, datetime.datetime) and isinstance(b, datetime.datetime) for a, b in pairs), pairs
    return pairs


@time_machine.travel(AFTER_BOTH, tick=False)
def test_every_session_export_gives_englands_clock_in_csv_and_real_times_in_xlsx(
    client, two_sessions, ect, mentor, school, hub_admin
) -> None:
    client.force_login(hub_admin)
    per_session = reverse("attendance:hub_csv")
    assert _csv_pairs(client.get(per_session), "session_start", "session_end") >= CSV_TIMES
    assert _xlsx_pairs(client.get(reverse("attendance:hub_xlsx")), "session_start", "session_end") >= XLSX_TIMES
    for person in (ect, mentor):
        csv_url = reverse("attendance:person_file", kwargs={"participant_id": person.pk, "fmt": "csv"})
        xlsx_url = reverse("attendance:person_file", kwargs={"participant_id": person.pk, "fmt": "xlsx"})
        assert _csv_pairs(client.get(csv_url), "session_start", "session_end") == CSV_TIMES
        assert _xlsx_pairs(client.get(xlsx_url), "session_start", "session_end") == XLSX_TIMES


@time_machine.travel(AFTER_BOTH, tick=False)
def test_the_mentor_funding_files_give_each_terms_session_on_englands_clock(
    client, two_sessions, school, tutor, hub_admin
) -> None:
    terms = {("autumn", 2026): 0, ("summer", 2027): 1}  # sorted: December 2026, then July 2027
    for (term, year), which in terms.items():
        wanted_csv = sorted(CSV_TIMES)[which]
        wanted_xlsx = sorted(XLSX_TIMES)[which]
        for user, name, kwargs in (
            (tutor, "attendance:school_funding_file", {"school_id": school.pk}),
            (hub_admin, "attendance:hub_funding_file", {}),
        ):
            client.force_login(user)
            args = {**kwargs, "term": term, "year": year}
            got = _csv_pairs(client.get(reverse(name, kwargs={**args, "fmt": "csv"})), "session_start", "session_end")
            assert got == {wanted_csv}, (name, term)
            got_xlsx = _xlsx_pairs(
                client.get(reverse(name, kwargs={**args, "fmt": "xlsx"})), "session_start", "session_end"
            )
            assert got_xlsx == {wanted_xlsx}, (name, term)


@time_machine.travel(datetime.datetime(2026, 11, 1, 12, 0, tzinfo=UTC), tick=False)
def test_the_calendar_file_states_each_moment_in_utc_and_says_englands_time_in_words(
    client, cohort, ect, calendar_2025
) -> None:
    for starts in (JULY, DECEMBER):
        event = make_event(cohort, order=starts.month, title=f"Clinic in {starts:%B}")
        session = Session.objects.create(
            event=event, starts_at=starts, ends_at=starts + datetime.timedelta(hours=1), mode="online", capacity=20
        )
        Assignment.objects.create(participant=ect, event=event, session=session)
    token = create_feed_token(user=ect.user, actor=ect.user)
    body = client.get(reverse("calendar:private_feed", kwargs={"token": token})).content.decode()
    unfolded = body.replace("\r\n ", "")
    # Each start and end on England's wall clock, named by the zone the file defines...
    assert "DTSTART;TZID=Europe/London:20270708T160000" in unfolded
    assert "DTEND;TZID=Europe/London:20270708T170000" in unfolded
    assert "DTSTART;TZID=Europe/London:20261210T160000" in unfolded
    # ...whose clock changes are the Summer Time Order's: 01:00 UTC on the last Sunday of March and October.
    changes = {_last_sunday(year, month) for year in (2026, 2027) for month in (3, 10)}
    listed = {line.split(":", 1)[1] for line in unfolded.splitlines() if line.startswith(("RDATE", "DTSTART:"))}
    listed_days = {part[:8] for value in listed for part in value.split(",")}
    assert {f"{d:%Y%m%d}" for d in changes} <= listed_days
    assert "Thursday 8 July 2027\\, 16:00 to 17:00 (UK time)" in unfolded
    assert "Thursday 10 December 2026\\, 16:00 to 17:00 (UK time)" in unfolded


def _last_sunday(year: int, month: int) -> datetime.date:
    last = datetime.date(year, month, 31)
    return last - datetime.timedelta(days=(last.weekday() + 1) % 7)


@time_machine.travel(AFTER_BOTH, tick=False)
def test_a_persons_data_download_writes_every_moment_with_englands_offset(client, two_sessions, ect) -> None:
    client.force_login(ect.user)
    response = client.post(reverse("privacy:mine"))
    assert response.status_code == 200
    text = response.content.decode()
    # Written in July: the moment of the download and of the sign-in carry BST's offset, as the CSVs do.
    assert '"generated_at": "2027-07-20T13:00:00+01:00"' in text
    assert '"last_login": "2027-07-20T13:00:00+01:00"' in text
    assert 'Z"' not in text


# Files with moments in them are checked above; the rest carry figures and dates only.
CHECKED_ABOVE = {"hub_csv", "hub_xlsx", "person_file", "school_funding_file", "hub_funding_file"}
WITHOUT_MOMENTS = {
    "school_file": "progress figures per person",
    "cohort_file": "progress figures per person",
    "evidence_csv": "declaration dates only (test_evidence checks them)",
    "evidence_xlsx": "declaration dates only (test_evidence checks them)",
}


def test_every_attendance_file_is_either_checked_for_times_or_holds_none() -> None:
    """A new export must join the tests above, or say here why it holds no time of day."""
    from ecfhub.attendance import urls

    files = {
        p.name for p in urls.urlpatterns if any(mark in str(p.pattern) for mark in (".csv", ".xlsx", "<sheet:fmt>"))
    }
    assert files == CHECKED_ABOVE | set(WITHOUT_MOMENTS)
