"""The CSV test set: every file gives a clear message, and when anything is wrong nothing is saved."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ecfhub.audit.models import AuditEntry
from ecfhub.notifications.models import OutboundMessage
from ecfhub.onboarding.csv_import import check_file
from ecfhub.onboarding.models import CsvImport
from ecfhub.people.models import Participant, User

pytestmark = pytest.mark.django_db
HEADER = ["Full name", "E-mail address", "TRN", "Induction start date", "Type"]


def rows(n: int) -> list[list[str]]:
    return [
        [
            f"Person {i:03d} Ünal-O’Brien",
            f"person{i}@riverside.test",
            f"{3000000 + i}",
            "03/09/2025",
            "ECT" if i % 2 else "Mentor",
        ]
        for i in range(n)
    ]


def as_csv(table: list[list[str]], *, delimiter: str = ",", encoding: str = "utf-8", bom: bool = False) -> bytes:
    text = "\r\n".join(delimiter.join(cells) for cells in table) + "\r\n"
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding)


def upload(client, school, content: bytes, name: str = "staff.csv"):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("onboarding:upload", args=[school.pk]), {"file": SimpleUploadedFile(name, content, "text/csv")}
    )


def confirm(client, response):  # type: ignore[no-untyped-def]
    assert response.status_code == 302, response.content.decode()[:2000]
    record = CsvImport.objects.get()
    preview = client.get(response["Location"]).content.decode()
    assert f"Confirm and register {record.row_count}" in preview
    return client.post(response["Location"], {"sha256": record.sha256})


def assert_nothing_saved(extra_participants: int = 0) -> None:
    assert Participant.objects.count() == extra_participants
    assert not OutboundMessage.objects.exists()
    assert not AuditEntry.objects.filter(action="participant.registered").exists()
    assert not CsvImport.objects.exists()


@pytest.fixture
def signed_in(client, tutor, cohort):  # type: ignore[no-untyped-def]
    client.force_login(tutor)
    return client


def test_the_template_downloads_with_the_headings(signed_in, school):
    response = signed_in.get(reverse("onboarding:csv_template", args=[school.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    header = [*HEADER, "Days not working", "Mentor's e-mail address"]
    assert response.content.decode().splitlines()[0] == ",".join(header)


@pytest.mark.parametrize(
    ("label", "content"),
    [
        ("utf-8", as_csv([HEADER, *rows(40)])),
        ("utf-8 with BOM", as_csv([HEADER, *rows(40)], bom=True)),
        ("windows-1252", as_csv([HEADER, *rows(40)], encoding="cp1252")),
        ("semicolons", as_csv([HEADER, *rows(40)], delimiter=";")),
        ("tabs", as_csv([HEADER, *rows(40)], delimiter="\t")),
    ],
)
def test_a_valid_file_is_previewed_then_saved_whole_on_confirm(signed_in, school, label, content):
    response = upload(signed_in, school, content)
    assert Participant.objects.count() == 0  # nothing before the confirm
    done = confirm(signed_in, response)
    page = signed_in.get(done["Location"]).content.decode()
    assert "40 participants registered" in page
    assert Participant.objects.filter(school=school).count() == 40
    person = User.objects.get(email="person7@riverside.test")
    assert person.full_name == "Person 007 Ünal-O’Brien"  # accents and curly quotes survive every encoding
    assert person.participations.get().cohort.start_year == 2025
    assert OutboundMessage.objects.filter(kind="invitation").count() == 40
    assert AuditEntry.objects.filter(action="participant.registered").count() == 40


def test_confirming_twice_saves_once(signed_in, school):
    response = upload(signed_in, school, as_csv([HEADER, *rows(3)]))
    confirm(signed_in, response)
    again = signed_in.post(response["Location"], {"sha256": CsvImport.objects.get().sha256})
    assert "already been confirmed" in again.content.decode()
    assert Participant.objects.count() == 3


def test_a_missing_column_is_named(signed_in, school):
    table = [[c for i, c in enumerate(r) if i != 2] for r in [HEADER, *rows(5)]]
    response = upload(signed_in, school, as_csv(table))
    page = response.content.decode()
    assert response.status_code == 422
    assert "The file has no “TRN” column" in page
    assert_nothing_saved()


def test_a_bad_trn_on_row_37_is_reported_by_row_and_column(signed_in, school):
    table = [HEADER, *rows(50)]
    table[36][2] = "12345"  # spreadsheet row 37 (the headings are row 1)
    response = upload(signed_in, school, as_csv(table))
    page = response.content.decode()
    assert response.status_code == 422
    assert "We found 1 problem" in page
    assert '<td class="govuk-table__cell">37</td>' in page
    assert '<td class="govuk-table__cell">TRN</td>' in page
    assert "Enter the TRN as 7 digits, for example 1234567." in page
    assert_nothing_saved()


def test_every_problem_is_listed_not_just_the_first(signed_in, school):
    table = [HEADER, *rows(10)]
    table[2][1] = "not-an-email"
    table[5][4] = "Teacher"
    table[8][3] = "31/02/2025"
    page = upload(signed_in, school, as_csv(table)).content.decode()
    assert "We found 3 problems" in page
    assert "Enter an e-mail address in the right format" in page
    assert "Choose ECT or mentor." in page
    assert "Enter the start date as a real date" in page
    assert_nothing_saved()


def test_each_row_is_judged_on_its_own_cells_when_one_form_checks_every_row(school):
    # The check binds one form to each row in turn: a row's problems and values are never the last row's.
    table = [HEADER, *rows(4)]
    table[2][1] = "not-an-email"
    table[2][2] = "12"
    table[3][0] = "Row  Four   Person"
    checked = check_file(as_csv(table), school=school)
    assert [(p.row, p.column) for p in checked.problems] == [(3, "E-mail address"), (3, "TRN")]
    assert [r.full_name for r in checked.registrations] == [
        "Person 000 Ünal-O’Brien",
        "Row Four Person",
        "Person 003 Ünal-O’Brien",
    ]
    assert [r.email for r in checked.registrations] == [
        "person0@riverside.test",
        "person2@riverside.test",
        "person3@riverside.test",
    ]


def test_a_duplicate_within_the_file_names_both_rows(signed_in, school):
    table = [HEADER, *rows(10)]
    table[9][2] = table[3][2]  # row 10 repeats row 4's TRN
    page = upload(signed_in, school, as_csv(table)).content.decode()
    assert "This TRN is also on row 4." in page
    assert_nothing_saved()


def test_a_duplicate_of_an_existing_participant_is_refused(signed_in, school, ect, other_ect):
    table = [HEADER, *rows(5)]
    table[2][2] = ect.trn  # Erin, at this school
    table[3][1] = other_ect.user.email  # Ed, at another school
    page = upload(signed_in, school, as_csv(table)).content.decode()
    assert "This TRN is already registered at this school, for Erin Ect." in page
    assert "This e-mail address is already in use in the hub, so this school cannot register it." in page
    assert "Oakfield" not in page and "Ed Ect" not in page
    assert Participant.objects.count() == 4  # the fixtures' four, nobody new
    assert not CsvImport.objects.exists()


@pytest.mark.parametrize("content", [b"", b"\r\n\r\n", as_csv([HEADER])])
def test_an_empty_file_says_so(signed_in, school, content):
    response = upload(signed_in, school, content)
    page = response.content.decode()
    assert "empty" in page or "no participants" in page
    assert_nothing_saved()


def test_a_20_mb_file_is_refused_with_a_message(signed_in, school):
    big = as_csv([HEADER, *rows(10)]) + b"x" * (20 * 1024 * 1024)
    response = upload(signed_in, school, big)
    page = response.content.decode()
    assert "The file is 20 MB. Upload a file of 10 MB or less" in page
    assert_nothing_saved()


def test_a_spreadsheet_instead_of_a_csv_is_refused(signed_in, school):
    page = upload(signed_in, school, b"PK\x03\x04binary", name="staff.xlsx").content.decode()
    assert "save it as CSV first" in page
    assert_nothing_saved()


def test_a_clash_arising_between_preview_and_confirm_saves_nothing(signed_in, school, tutor):
    response = upload(signed_in, school, as_csv([HEADER, *rows(5)]))
    signed_in.post(
        reverse("onboarding:register", args=[school.pk]),
        {
            "full_name": "Quick",
            "email": "quick@riverside.test",
            "trn": "3000002",
            "induction_start_date": "2025-09-03",
            "participant_type": "ect",
        },
    )
    done = confirm(signed_in, response)
    page = signed_in.get(done["Location"]).content.decode()
    assert "Nothing was saved" in page
    assert Participant.objects.count() == 1


def test_a_large_file_is_saved_by_the_worker_with_a_progress_page(
    signed_in, school, django_capture_on_commit_callbacks
):
    from ecfhub.onboarding.imports import SYNC_LIMIT, run_import

    response = upload(signed_in, school, as_csv([HEADER, *rows(SYNC_LIMIT + 1)]))
    with django_capture_on_commit_callbacks() as callbacks:
        done = confirm(signed_in, response)
    assert len(callbacks) == 1  # the task is enqueued once the confirm commits
    page = signed_in.get(done["Location"]).content.decode()
    assert 'data-hub-refresh="2"' in page  # app.js checks back; no <meta refresh> (WCAG F41)
    assert f"Registering {SYNC_LIMIT + 1} participants" in page
    assert Participant.objects.count() == 0

    run_import(CsvImport.objects.get().pk)  # what the worker's task runs
    page = signed_in.get(done["Location"]).content.decode()
    assert f"{SYNC_LIMIT + 1} participants registered" in page
    assert "http-equiv" not in page


def test_days_not_working_are_read_from_an_optional_column(signed_in, school):
    table = [
        [*HEADER, "Days not working"],
        *[[*row, days] for row, days in zip(rows(3), ["", "Fri", "Mondays and Fridays"], strict=True)],
    ]
    confirm(signed_in, upload(signed_in, school, as_csv(table)))
    saved = {p.trn: p.unavailable_weekdays for p in Participant.objects.all()}
    assert saved == {"3000000": [], "3000001": [4], "3000002": [0, 4]}


def test_a_day_that_is_not_a_weekday_is_reported_by_row_and_nothing_is_saved(signed_in, school):
    table = [
        [*HEADER, "Days not working"],
        *[[*row, days] for row, days in zip(rows(3), ["", "Saturday", "Fri"], strict=True)],
    ]
    html = upload(signed_in, school, as_csv(table)).content.decode()
    assert (
        '<td class="govuk-table__cell">3</td>' in html and '<td class="govuk-table__cell">Days not working</td>' in html
    )
    assert "Write the days they do not work as weekday names" in html
    assert_nothing_saved()


def test_every_weekday_off_is_refused(signed_in, school):
    table = [[*HEADER, "Days not working"], [*rows(1)[0], "Mon Tue Wed Thu Fri"]]
    response = upload(signed_in, school, as_csv(table))
    html = response.content.decode()
    assert response.status_code == 422, response.status_code
    assert "They must work at least one day a week to take part." in html
    assert_nothing_saved()


def test_a_spreadsheets_quoted_list_of_days_is_read_and_shown_in_the_preview(signed_in, school):
    import csv
    import io

    out = io.StringIO()
    csv.writer(out).writerows([[*HEADER, "Days not working"], [*rows(1)[0], "Mon, Fri"]])  # Excel quotes the cell
    response = upload(signed_in, school, out.getvalue().encode())
    assert "Monday, Friday" in signed_in.get(response["Location"]).text
    confirm(signed_in, response)
    assert Participant.objects.get().unavailable_weekdays == [0, 4]


def test_a_file_of_many_blank_or_wrong_rows_is_refused_before_any_row_is_checked(signed_in, school, monkeypatch):
    from ecfhub.onboarding import csv_import

    monkeypatch.setattr(csv_import, "MAX_ROWS", 100)
    checked_rows = []
    real_form = csv_import.RegistrationForm
    monkeypatch.setattr(csv_import, "RegistrationForm", lambda **kw: checked_rows.append(1) or real_form(**kw))
    blank_rows = as_csv([HEADER, *rows(3)]) + b",,,,\r\n" * 98  # 101 rows, 98 of them blank
    response = upload(signed_in, school, blank_rows)
    assert response.status_code == 422
    assert "The file has more than 100 rows. Split it into smaller files and upload each." in response.text
    assert checked_rows == []
    assert not Participant.objects.exists()


def test_a_file_full_of_problems_lists_fifty_and_says_how_many_more(signed_in, school):
    data = ",".join(HEADER).encode() + b"\r\n" + b"x\r\n" * 400  # each row: four missing cells
    response = upload(signed_in, school, data)
    assert response.status_code == 422
    page = response.text
    assert page.count('<td class="govuk-table__cell">Whole file</td>') == 0
    listed = re.findall(r'<tr class="govuk-table__row">\s*<td class="govuk-table__cell">(\d+)</td>', page)
    assert len(listed) == 50 and listed[0] == "2"
    assert "We found 1600 problems" in page
    assert "…and 1550 more problems not listed here." in page
    assert len(response.content) < 100_000


def test_checking_stops_with_a_message_when_it_takes_too_long(signed_in, school, monkeypatch):
    from ecfhub.onboarding import csv_import

    monkeypatch.setattr(csv_import, "CHECK_SECONDS", -1.0)  # the deadline has passed before the first row
    response = upload(signed_in, school, as_csv([HEADER, *rows(5)]))
    assert response.status_code == 422
    assert "Checking this file took too long (we reached row 2). Split it into smaller files" in response.text
    assert not Participant.objects.exists()


def test_a_bad_days_cell_does_not_hide_the_same_rows_other_problems(signed_in, school):
    row = rows(1)[0]
    row[2] = "12"  # a TRN too short
    html = upload(signed_in, school, as_csv([[*HEADER, "Days not working"], [*row, "Saturday"]])).content.decode()
    assert "Write the days they do not work as weekday names" in html
    assert '<td class="govuk-table__cell">TRN</td>' in html
    assert_nothing_saved()


def test_a_mentor_column_pairs_each_ect_with_a_mentor_in_the_file_or_already_at_the_school(signed_in, school, mentor):
    from ecfhub.people.models import Mentorship

    table = [
        [*HEADER, "Mentor's e-mail address"],
        ["Nia New", "nia@riverside.test", "3000001", "03/09/2025", "ECT", "Mo@Riverside.test"],
        ["Mo Mentor", "mo@riverside.test", "3000002", "03/09/2025", "Mentor", ""],
        ["Eli Ect", "eli@riverside.test", "3000003", "03/09/2025", "ECT", mentor.user.email],
        ["Ola Other", "ola@riverside.test", "3000004", "03/09/2025", "ECT", ""],
    ]
    confirm(signed_in, upload(signed_in, school, as_csv(table)))
    pairs = {m.ect.user.email: (m.mentor.user.email, m.started_on.isoformat()) for m in Mentorship.objects.all()}
    assert pairs["nia@riverside.test"] == ("mo@riverside.test", "2025-09-03")
    assert pairs["eli@riverside.test"] == (mentor.user.email, "2025-09-03")
    assert "ola@riverside.test" not in pairs
    assert AuditEntry.objects.filter(action="mentorship.changed").count() == 2


def test_a_mentor_column_names_an_unknown_mentor_or_a_mentor_given_a_mentor(signed_in, school):
    table = [
        [*HEADER, "Mentor's e-mail address"],
        ["Nia New", "nia@riverside.test", "3000001", "03/09/2025", "ECT", "nobody@riverside.test"],
        ["Mo Mentor", "mo@riverside.test", "3000002", "03/09/2025", "Mentor", "nia@riverside.test"],
    ]
    html = upload(signed_in, school, as_csv(table)).content.decode()
    assert "No mentor with this e-mail address is registered at this school or in the same file." in html
    assert "Only an ECT has a mentor. Leave this empty for a mentor." in html
    assert_nothing_saved()


def test_the_templates_sample_rows_say_they_are_examples_and_are_refused_if_uploaded_unchanged(signed_in, school):
    template = signed_in.get(reverse("onboarding:csv_template", args=[school.pk])).content
    assert "EXAMPLE – delete this row: Jo Example" in template.decode()
    response = upload(signed_in, school, template)
    page = response.content.decode()
    assert response.status_code == 422 and page.count("one of the template&#x27;s example rows") == 2
    assert_nothing_saved()


def test_an_example_row_renamed_but_with_its_address_kept_is_still_refused(signed_in, school):
    table = [HEADER, *rows(2), ["Real Person", "jo.example@school.org.uk", "3999999", "03/09/2025", "ECT"]]
    response = upload(signed_in, school, as_csv(table))
    page = response.content.decode()
    assert response.status_code == 422 and '<td class="govuk-table__cell">4</td>' in page and "example rows" in page
    assert_nothing_saved()


def test_a_trn_of_one_digit_repeated_is_refused_as_a_placeholder(signed_in, school):
    table = [HEADER, ["Real Person", "real@riverside.test", "0000000", "03/09/2025", "ECT"]]
    page = upload(signed_in, school, as_csv(table)).content.decode()
    assert "This looks like a placeholder, not a real TRN." in page
    assert_nothing_saved()
