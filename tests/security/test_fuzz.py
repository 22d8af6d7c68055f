"""Fuzzing: arbitrary values POSTed to every form on the site, as a role allowed to use it.

The forms are discovered, not listed: every page in the access table that some role may
open is rendered, each <form method="post"> on it is read (inputs, selects, textareas, file
inputs), and Hypothesis fills the fields with odd values — unicode, huge strings, control
characters, impossible dates, negative and enormous numbers, missing fields, repeated fields,
random files. No input may produce a server error. Each example runs in a transaction that
is rolled back, so examples do not disturb one another.

More examples: ECFHUB_FUZZ_EXAMPLES=200 (default 12 per form)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.security import conftest
from tests.security.access_table import TABLE
from tests.security.checks import url_for
from tests.security.fuzzing import (
    DERANDOMIZE,
    EXAMPLES,
    discover_forms,
    odd_date,
    odd_number,
    odd_text,
    payload_for,
    role_for,
)
from tests.security.world import TUTOR, World

# --- the tests ---------------------------------------------------------------------------


def test_forms_are_found_on_the_site(world):
    forms = discover_forms(world)
    pages = {form.page for form in forms}
    assert len(forms) >= 10, [f.page for f in forms]
    assert {"hub:settings", "onboarding:register", "onboarding:upload"} <= pages


FORM_PAGES = sorted(name for name in TABLE if not name.startswith("admin:") and role_for(name) is not None)


@pytest.mark.parametrize("name", FORM_PAGES)
def test_no_input_to_a_form_causes_a_server_error(name: str, world: World) -> None:
    forms = discover_forms(world, only=name)
    if not forms:
        return  # a page without forms (the other forms on the site are fuzzed through their own page)
    conftest.CASES["fuzz_forms"] += len(forms)

    @settings(
        max_examples=EXAMPLES * len(forms),
        deadline=None,
        database=None,
        derandomize=DERANDOMIZE,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.data())
    def post_anything(data: st.DataObject) -> None:
        form = data.draw(st.sampled_from(forms), label="form")
        payload = data.draw(payload_for(form), label="payload")
        with transaction.atomic():
            client = Client()  # raises the view's exception, so Hypothesis shows it
            if world.users[form.role] is not None:
                client.force_login(world.users[form.role])
            response = client.post(form.action, payload)
            conftest.CASES["fuzz_posts"] += 1
            assert response.status_code < 500, f"{form.action} as {form.role}: {response.status_code}"
            transaction.set_rollback(True)

    post_anything()


CSV_HEADINGS = ["Full name", "E-mail address", "TRN", "Induction start date", "Type"]
csv_cell = st.one_of(
    st.sampled_from(["Jo Example", "jo@school.org.uk", "1234567", "03/09/2025", "ECT", "Mentor", "", "2025-09-03"]),
    odd_text.filter(lambda s: len(s) < 500),
    odd_number,
    odd_date,
)
csv_row = st.lists(csv_cell, min_size=0, max_size=7)


@st.composite
def csv_file(draw: st.DrawFn) -> tuple[str, bytes]:
    headings = draw(st.one_of(st.just(CSV_HEADINGS), st.permutations(CSV_HEADINGS), st.lists(odd_text, max_size=6)))
    rows = draw(st.lists(csv_row, max_size=30))
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    quote = draw(st.booleans())

    def line(cells: list[str]) -> str:
        return delimiter.join(f'"{c.replace(chr(34), chr(34) * 2)}"' if quote else c for c in cells)

    text = "\r\n".join(line(r) for r in [headings, *rows])
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1", "cp1252"]))
    body = text.encode(encoding, errors="replace")
    if draw(st.booleans()):
        body = body[: draw(st.integers(min_value=0, max_value=len(body)))]  # cut short, mid-character maybe
    name = draw(st.sampled_from(["registrations.csv", "REGISTRATIONS.CSV", "list.txt", "list.tsv"]))
    return name, body


@settings(
    max_examples=EXAMPLES * 6,
    deadline=None,
    database=None,
    derandomize=DERANDOMIZE,
    suppress_health_check=list(HealthCheck),
)
@given(upload=csv_file())
def test_any_csv_upload_is_checked_or_explained_never_a_server_error(upload, world):
    name, body = upload
    with transaction.atomic():
        client = Client()
        client.force_login(world.users[TUTOR])
        url = url_for("onboarding:upload", TABLE["onboarding:upload"], world)
        response = client.post(url, {"file": SimpleUploadedFile(name, body, content_type="text/csv")})
        assert response.status_code in (200, 302, 422), response.status_code
        transaction.set_rollback(True)


def test_an_oversized_or_wrong_type_upload_is_refused_with_a_message(world, settings):
    settings.ECFHUB_MAX_UPLOAD_BYTES = 1024
    client = Client()
    client.force_login(world.users[TUTOR])
    url = url_for("onboarding:upload", TABLE["onboarding:upload"], world)
    big = client.post(url, {"file": SimpleUploadedFile("big.csv", b"a,b\r\n" * 1000, content_type="text/csv")})
    assert big.status_code == 200 and "Upload a file of" in big.content.decode()
    xlsx = client.post(url, {"file": SimpleUploadedFile("people.xlsx", b"PK\x03\x04", content_type="application/zip")})
    assert "save it as CSV" in xlsx.content.decode()
    exe = client.post(url, {"file": SimpleUploadedFile("run.exe", b"MZ", content_type="application/octet-stream")})
    assert "must be a CSV file" in exe.content.decode()


def test_a_withdrawal_dated_on_the_first_possible_day_is_explained_not_a_server_error(world):
    client = Client()
    client.force_login(world.users[TUTOR])
    url = url_for("onboarding:status", TABLE["onboarding:status"], world)
    response = client.post(url, {"on": "0001-01-01", "reason": "other"})
    assert response.status_code == 200
    assert "The date must be on or after their induction started" in response.content.decode()
