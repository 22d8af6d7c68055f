"""What the fuzz tests share: which role to ask each page as, the forms a page shows, and odd values.

Used by test_fuzz.py (every form's POST) and test_fuzz_urls.py (every URL's query and fields)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import Resolver404, resolve
from hypothesis import strategies as st

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


def role_for(name: str) -> str | None:
    expect = TABLE[name].expect
    for role in PREFERENCE:
        if expect.get(role) == OK:
            return role
    return None


def read_forms(html: str, page_url: str, role: str, page_name: str, method: str = "post") -> list[FoundForm]:
    """The page's forms sent with `method` (post or get), each with the fields it holds."""
    found = []
    for form in BeautifulSoup(html, "html.parser").find_all("form"):
        if (form.get("method") or "get").lower() != method:
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
        role = role_for(name)
        if role is None:
            continue
        client = Client()
        if world.users[role] is not None:
            client.force_login(world.users[role])
        url = url_for(name, TABLE[name], world)
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for form in read_forms(response.content.decode(), url, role, name):
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
            "1\x00",
            "\x01\x1b[31m\r\n\t\x7f\x85\u2028",
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
# Digits that str.isdigit() or isnumeric() accepts but that are not 0-9: other scripts' digits
# (Arabic-Indic, Devanagari, fullwidth, …), superscripts, fractions, Roman numerals (issue 26, finding 5).
odd_digits = st.one_of(
    st.text(
        alphabet=st.characters(categories=("Nd", "No", "Nl"), exclude_characters="0123456789"), min_size=1, max_size=6
    ),
    st.sampled_from(["²", "٣", "३", "３", "½", "1²", "٢٠٢٥", "２０２５", "¹²³"]),
)
odd_number = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    odd_digits,
    st.sampled_from(
        [
            "-1",
            "0",
            "1e309",
            "NaN",
            "nan",
            "inf",
            "-inf",
            "Infinity",
            "0x1f",
            "1.5",
            "+1",
            " 1",
            "1_000",
            "0001",
            "9999",
            "9" * 19,  # one more than the database's bigint holds
            "9" * 20,
            "9223372036854775808",
            "-9223372036854775809",
            "9" * 60,
        ]
    ),
)
odd_date = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.sampled_from(
        [
            "2026-02-30",
            "0000-00-00",
            "9999-12-31",
            "0001-01-01",
            "31/12/9999",
            "01/01/0001",
            "31/12/2025",
            "2026-13-01",
            "٢٠٢٦-٠٢-٠١",
            "２０２６-０２-０１",
            "yesterday",
            "-1",
        ]
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
            st.one_of(
                st.lists(st.sampled_from(options), max_size=4, unique=True),
                st.lists(st.one_of(odd_text, odd_number), max_size=3),
            )
            if options
            else st.lists(st.one_of(odd_text, odd_number), max_size=3)
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
