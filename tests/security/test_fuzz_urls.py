"""Fuzzing every URL of the access table: odd values in its query, its form fields and its ids.

For each URL of the access matrix (tests/security/access_table.py, the list the matrix itself
checks), as the most ordinary role that may open it, Hypothesis sends:
- GET query parameters: the fields of the page's GET forms, the query names of its own links, and
  every name a view reads from `request.GET` by hand (read from the source, so a new one is fuzzed);
- POST fields: the fields of the page's forms posted to this URL, and every name a view reads from
  `request.POST` by hand;
- the URL with an id swapped for odd digits, twenty digits, or another school's or person's id;
with values that once gave server errors (issue 26, finding 5): other scripts' digits and
superscripts, "NaN", "inf", huge and negative numbers, years 1 and 9999 in dates, control
characters, NUL, 10,000-character strings, and other people's ids. The answer must never be a
server error; a 400 must say what is wrong. Each example is rolled back.

Runs in `make test` and in CI's PostgreSQL run (nothing marks it out). ECFHUB_FUZZ_URL_EXAMPLES
(default 5 per URL, besides the values in SWEEP sent to every name) for more; ECFHUB_FUZZ_RANDOM=1 explores new values on each run."""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import parse_qsl, quote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.security import conftest
from tests.security.access_table import LOGIN, OK, REFUSED, TABLE
from tests.security.checks import url_for
from tests.security.fuzzing import DERANDOMIZE, PREFERENCE, odd_date, odd_digits, odd_number, odd_text, read_forms
from tests.security.world import World

EXAMPLES = int(os.environ.get("ECFHUB_FUZZ_URL_EXAMPLES", "5"))
#: Sent to every name of every URL, besides what Hypothesis draws: the values of issue 26, finding 5.
SWEEP = ("²", "٣", "9" * 20, "9999-12-31", "\x00")
SOURCE = Path(__file__).resolve().parents[2] / "ecfhub"


# --- which names to send ------------------------------------------------------------------

_BY_HAND = (
    # request.GET.get("x"), request.POST["x"], request.GET.getlist("x")
    re.compile(r"""request\.(GET|POST)(?:\.get|\.getlist)?[(\[]\s*["']([\w:]+)["']"""),
    # "x" in request.POST
    re.compile(r"""["']([\w:]+)["']\s+in\s+request\.(GET|POST)"""),
    # get_id(request.GET, "x"), get_year(source, "year"); `source` is GET or POST, whichever was sent
    re.compile(r"""get_(?:id|ids|int|year|date)\(\s*(request\.GET|request\.POST|source)\s*(?:,\s*["']([\w:]+)["'])?"""),
)


def names_read_by_hand() -> dict[str, set[str]]:
    """The parameter names views read from GET and from POST without a form, found in the source."""
    names: dict[str, set[str]] = {"GET": set(), "POST": set()}
    for path in SOURCE.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text()
        for pattern in _BY_HAND:
            for match in pattern.finditer(text):
                groups = match.groups()
                where, name = (groups[1], groups[0]) if pattern is _BY_HAND[1] else groups
                name = name or "year"  # get_year's default name
                for method in ("GET", "POST") if where == "source" else (where.removeprefix("request."),):
                    names[method].add(name)
    return names


BY_HAND = names_read_by_hand()


def test_the_names_views_read_by_hand_are_found_in_the_source():
    assert {"year", "cohort", "participant", "observation", "meeting", "page", "q"} <= BY_HAND["GET"]
    assert {"give_up", "session", "joins", "displace", "observation", "meeting"} <= BY_HAND["POST"]


# --- values ---------------------------------------------------------------------------------


def others_ids(world: World) -> list[str]:
    """The ids of everything on the other side of the school boundary (Oakfield's people and records)."""
    found = [world.other_school, world.other_ect, world.other_mentor, world.other_ect.user, world.other_mentor.user]
    found += [obj for key, obj in world.objects.items() if key.startswith("other_") and hasattr(obj, "pk")]
    return sorted({str(obj.pk) for obj in found})


def odd_value(world: World) -> st.SearchStrategy[str]:
    return st.one_of(odd_digits, odd_number, odd_date, odd_text, st.sampled_from(others_ids(world)))


def odd_path_part(world: World) -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(["0", "9" * 19, "9" * 20, "-1", "1e3", "NaN"]), odd_digits, st.sampled_from(others_ids(world))
    )


# --- what to ask each URL -----------------------------------------------------------------


def asker_for(name: str) -> tuple[str, tuple[str, ...]] | None:
    """The most ordinary role that may use the URL, and the methods it may use it with."""
    page = TABLE[name]
    post = page.post_expect()
    for role in PREFERENCE:
        methods = tuple(
            method
            for method, answer in (("get", page.expect[role]), ("post", post[role]))
            if answer not in (*REFUSED, LOGIN)
        )
        if page.expect[role] == OK or (methods and role != "anonymous"):
            return role, methods
    return None


URLS = sorted(name for name in TABLE if not name.startswith("admin:") and name != "logout" and asker_for(name))


def id_paths(name: str, world: World) -> list[tuple[str, re.Pattern[str]]]:
    """The URL's path and, for each of its ids (and years), where it sits, to put an odd value there."""
    page = TABLE[name]
    kwargs = page.kwargs(world) if page.kwargs else {}
    path = reverse(name, kwargs=kwargs)
    return [(path, re.compile(rf"(?<![0-9]){value}(?![0-9])")) for value in kwargs.values() if isinstance(value, int)]


def fields_of(client: Client, url: str, role: str, name: str) -> tuple[set[str], set[str]]:
    """The GET and POST field names the page itself offers for this URL."""
    response = client.get(url)
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return set(), set()
    html = response.content.decode()
    path = urlsplit(url).path
    get_names = {f.name for form in read_forms(html, url, role, name, method="get") for f in form.fields}
    post_names = {
        f.name for form in read_forms(html, url, role, name) if urlsplit(form.action).path == path for f in form.fields
    }
    for link in BeautifulSoup(html, "html.parser").find_all("a", href=True):
        target = urlsplit(urljoin(url, link["href"]))
        if target.path == path:
            get_names |= {key for key, _ in parse_qsl(target.query)}
    return get_names, post_names


@pytest.mark.parametrize("name", URLS)
def test_no_odd_value_in_a_urls_query_fields_or_ids_gives_a_server_error(name: str, world: World) -> None:
    asker = asker_for(name)
    assert asker is not None
    role, methods = asker
    client = Client()  # raises the view's exception, so Hypothesis shows it
    if world.users[role] is not None:
        client.force_login(world.users[role])
    url = url_for(name, TABLE[name], world)
    offered_get, offered_post = fields_of(client, url, role, name) if "get" in methods else (set(), set())
    names = {
        "get": sorted(offered_get | BY_HAND["GET"]),
        "post": sorted(offered_post | BY_HAND["POST"]),
    }
    paths = id_paths(name, world)
    conftest.CASES["fuzz_url_names"] += 1
    targets = st.just(url)
    if paths:
        targets = st.one_of(targets, st.builds(_put_in, st.sampled_from(paths), odd_path_part(world)))
    every_name = sorted({*names["get"], *names["post"]})

    def ask(method: str, target: str, fields: dict[str, str]) -> None:
        with transaction.atomic():
            response = getattr(client, method)(target, fields)
            conftest.CASES["fuzz_urls"] += 1
            assert response.status_code < 500, f"{method.upper()} {target} as {role}: {response.status_code}"
            if response.status_code == 400:  # says what is wrong: the 400 page, or a view's own plain message
                assert response.content.strip(), f"{target}: a 400 without a message"
            transaction.set_rollback(True)

    run = given(
        method=st.sampled_from(methods),
        target=targets,
        fields=st.dictionaries(st.sampled_from(every_name), odd_value(world), max_size=4)
        if every_name
        else st.just({}),
    )(ask)
    # Always tried, whatever Hypothesis draws: every name at once with each value that once gave a 500,
    # and each id of the URL too long for the database.
    for method in methods:
        for value in SWEEP:
            run = example(method=method, target=url, fields=dict.fromkeys(names[method], value))(run)
    for path in paths:
        run = example(method=methods[0], target=_put_in(path, "9" * 19), fields={})(run)
    settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=DERANDOMIZE,
        suppress_health_check=list(HealthCheck),
    )(run)()


def _put_in(path: tuple[str, re.Pattern[str]], value: str) -> str:
    """The URL with one of its ids replaced by `value`."""
    url, where = path
    return where.sub(quote(value, safe=""), url, count=1)
