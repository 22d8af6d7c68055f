"""Fuzzing: arbitrary values POSTed to every form on the site, as a role allowed to use it.

The forms are discovered, not listed: every page in the access table that some role may
open is rendered, each <form method="post"> on it is read (inputs, selects, textareas, file
inputs), and Hypothesis fills the fields with odd values — unicode, huge strings, control
characters, impossible dates, negative and enormous numbers, missing fields, repeated fields,
random files. No input may produce a server error. Each example runs in a transaction that
is rolled back, so examples do not disturb one another.

More examples: ECFHUB_FUZZ_EXAMPLES=200 (default 12 per form)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.security import conftest
from tests.security.access_table import OK, TABLE
from tests.security.checks import url_for
from tests.security.world import ANONYMOUS, FACILITATOR, HUB_ADMIN, MENTOR, TUTOR, World

EXAMPLES = int(os.environ.get("ECFHUB_FUZZ_EXAMPLES", "12"))
# Deterministic by default so CI is repeatable; ECFHUB_FUZZ_RANDOM=1 explores new inputs on each run.
DERANDOMIZE = os.environ.get("ECFHUB_FUZZ_RANDOM") != "1"
# Forms that end the session or are not ours to fuzz.
SKIPPED_ACTIONS = {"logout"}
# Who to fuzz a page as: the most ordinary role that may open it.
PREFERENCE = (TUTOR, MENTOR, "ect", FACILITATOR, HUB_ADMIN, ANONYMOUS)


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # text, number, date, email, choice, multi, checkbox, file, hidden
    options: tuple[str, ...] = ()
    value: str = ""


@dataclass(frozen=True)
class FoundForm:
    page: str
    action: str
    role: str
    fields: tuple[Field, ...]


def _role_for(name: str) -> str | None:
    expect = TABLE[name].expect
    for role in PREFERENCE:
        if expect.get(role) == OK:
            return role
    return None


def _read_forms(html: str, page_url: str, role: str, page_name: str) -> list[FoundForm]:
    found = []
    for form in BeautifulSoup(html, "html.parser").find_all("form"):
        if (form.get("method") or "get").lower() != "post":
            continue
        action = urljoin(page_url, form.get("action") or page_url)
        try:
            match = resolve(urlsplit(action).path)
        except Resolver404:
            continue
        if match.view_name in SKIPPED_ACTIONS:
            continue
        fields: dict[str, Field] = {}
        for element in form.find_all(["input", "select", "textarea"]):
            name = element.get("name")
            if not name or name == "csrfmiddlewaretoken":
                continue
            if element.name == "select":
                options = tuple(o.get("value", o.text) for o in element.find_all("option"))
                kind = "multi" if element.has_attr("multiple") else "choice"
                fields[name] = Field(name, kind, options)
            elif element.name == "textarea":
                fields[name] = Field(name, "text", value=element.text)
            else:
                kind = (element.get("type") or "text").lower()
                if kind in ("submit", "button", "image", "reset"):
                    continue
                if kind in ("radio", "checkbox") and name in fields:
                    old = fields[name]
                    fields[name] = Field(name, old.kind, (*old.options, element.get("value", "on")))
                    continue
                mapped = {"number": "number", "date": "date", "email": "email", "file": "file", "hidden": "hidden"}
                if kind in ("radio", "checkbox"):
                    fields[name] = Field(
                        name, "multi" if kind == "checkbox" else "choice", (element.get("value", "on"),)
                    )
                else:
                    fields[name] = Field(name, mapped.get(kind, "text"), value=element.get("value", ""))
        found.append(FoundForm(page_name, action, role, tuple(fields.values())))
    return found


def discover_forms(world: World, only: str | None = None) -> list[FoundForm]:
    forms: list[FoundForm] = []
    seen: set[tuple[str, tuple[str, ...]]] = set()
    for name in sorted(TABLE):
        if name.startswith("admin:") or (only is not None and name != only):
            continue
        role = _role_for(name)
        if role is None:
            continue
        client = Client()
        if world.users[role] is not None:
            client.force_login(world.users[role])
        url = url_for(name, TABLE[name], world)
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for form in _read_forms(response.content.decode(), url, role, name):
            key = (urlsplit(form.action).path, tuple(sorted(f.name for f in form.fields)))
            if key not in seen:
                seen.add(key)
                forms.append(form)
    return forms


# --- values ------------------------------------------------------------------------------

odd_text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=300),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "\u202e\u0000\ud7ff",
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            "{{ 7*7 }}",
            "%s%s%s%n",
            "../../etc/passwd",
            "Ünïcödé ✓ 🚀 مرحبا 你好",
            '=HYPERLINK("http://x")',
            "a" * 10_000,
            "1" * 400,
        ]
    ),
)
odd_number = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(["-1", "0", "1e309", "NaN", "inf", "0x1f", "1.5", "٣", "9" * 60]),
)
odd_date = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.sampled_from(
        ["2026-02-30", "0000-00-00", "9999-12-31", "0001-01-01", "31/12/2025", "2026-13-01", "yesterday", "-1"]
    ),
)
odd_email = st.one_of(
    st.emails().map(str),
    st.sampled_from(["not-an-address", "a@b", "@", "x" * 300 + "@example.org", "ERIN@riverside.test"]),
)


def value_for(field: Field) -> st.SearchStrategy[object]:
    options = list(field.options)
    if field.kind == "file":
        return st.builds(
            lambda name, content: SimpleUploadedFile(name, content),
            st.sampled_from(["people.csv", "people.xlsx", "x", "../../evil.csv", "ünï.CSV", "a" * 300 + ".csv"]),
            st.binary(max_size=3000),
        )
    if field.kind == "multi":
        return (
            st.one_of(st.lists(st.sampled_from(options), max_size=4, unique=True), st.lists(odd_text, max_size=3))
            if options
            else st.lists(odd_text, max_size=3)
        )
    choices: list[st.SearchStrategy[object]] = [odd_text, odd_number]
    if options:
        choices.insert(0, st.sampled_from(options))
    if field.value:
        choices.insert(0, st.just(field.value))
    extra = {"number": [odd_number], "date": [odd_date], "email": [odd_email]}.get(field.kind, [])
    return st.one_of(*extra, *choices)


def payload_for(form: FoundForm) -> st.SearchStrategy[dict[str, object]]:
    parts = {field.name: st.one_of(st.none(), value_for(field)) for field in form.fields}  # None: leave it out
    return st.fixed_dictionaries(parts).map(lambda d: {k: v for k, v in d.items() if v is not None})


# --- the tests ---------------------------------------------------------------------------


def test_forms_are_found_on_the_site(world):
    forms = discover_forms(world)
    pages = {form.page for form in forms}
    assert len(forms) >= 10, [f.page for f in forms]
    assert {"hub:settings", "onboarding:register", "onboarding:upload"} <= pages


FORM_PAGES = sorted(name for name in TABLE if not name.startswith("admin:") and _role_for(name) is not None)


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
