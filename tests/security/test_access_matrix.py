"""Every URL × every role → the answer the access table expects.

The URL list comes from the URL configuration, so a page added anywhere on the site is
checked here, and fails until tests/security/access_table.py says who may see it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.security import conftest
from tests.security.access_table import ADMIN_LOGIN, ADMIN_SAMPLES, FORM_SWAPS, HUB_ADMIN, LOGIN, REFUSED, TABLE
from tests.security.checks import classify, client_for, matches, url_for
from tests.security.urlmap import admin_routes, site_routes
from tests.security.world import ANONYMOUS, ROLES, World

SITE = site_routes()
CHECKED = sorted({route.name for route in SITE} | ADMIN_SAMPLES)
WITH_FOREIGN = sorted(name for name in CHECKED if name in TABLE and TABLE[name].foreign)


def test_every_url_says_who_may_see_it():
    missing = sorted({route.name for route in SITE} - set(TABLE))
    assert not missing, (
        "These URLs have no entry in tests/security/access_table.py; add one saying what each role gets:\n  "
        + "\n  ".join(f"{name}  ({next(r.route for r in SITE if r.name == name)})" for name in missing)
    )


def test_the_table_names_only_urls_that_exist():
    existing = {route.name for route in SITE} | set(admin_routes())
    stale = sorted(set(TABLE) - existing)
    assert not stale, f"The access table names URLs that no longer exist: {stale}"


def test_every_url_that_takes_arguments_says_how_to_fill_them():
    routes = {route.name: route for route in SITE} | admin_routes()
    unfilled = sorted(
        name for name in CHECKED if name in TABLE and routes[name].kwarg_names and TABLE[name].kwargs is None
    )
    assert not unfilled, f"Give these entries kwargs=lambda w: {{...}}: {unfilled}"


def test_every_entry_covers_every_role():
    incomplete = sorted(name for name, page in TABLE.items() if set(page.expect) != set(ROLES))
    assert not incomplete, f"These entries do not give an answer for every role: {incomplete}"


@pytest.mark.parametrize("name", CHECKED)
def test_access_matrix(name: str, world: World) -> None:
    if name not in TABLE:
        pytest.fail(f"{name} has no entry in the access table")
    page = TABLE[name]
    url = url_for(name, page, world)
    failures: list[str] = []
    for role in ROLES:
        response = client_for(world, role).get(url)
        got = classify(response)
        conftest.CASES["get"] += 1
        if not matches(page.expect[role], got, response.status_code):
            failures.append(f"GET  {role:<13} expected {page.expect[role]:<22} got {got}")
    # POSTs: refused roles first (they must change nothing), then the roles allowed to act.
    post = page.post_expect()
    refusals = (*REFUSED, LOGIN, ADMIN_LOGIN)
    for role in sorted(ROLES, key=lambda r: (post[r] not in refusals, r == HUB_ADMIN)):
        response = client_for(world, role).post(url, {})
        got = classify(response)
        conftest.CASES["post"] += 1
        if not matches(post[role], got, response.status_code):
            failures.append(f"POST {role:<13} expected {post[role]:<22} got {got}")
    conftest.CASES["urls"] += 1
    conftest.CASES["roles"] = len(ROLES)
    assert not failures, f"{name} ({url}):\n  " + "\n  ".join(failures)


@pytest.mark.parametrize("name", WITH_FOREIGN)
def test_another_schools_or_persons_object_is_refused(name: str, world: World) -> None:
    """Swapping the id in the URL to an object on the other side of the boundary is refused, never shown."""
    page = TABLE[name]
    own_url = url_for(name, page, world)
    foreign_url = url_for(name, page, world, foreign=True)
    assert own_url != foreign_url
    roles = page.foreign_roles or tuple(
        role for role in ROLES if role not in (ANONYMOUS, HUB_ADMIN) and page.expect[role] == "200"
    )
    failures = []
    for role in roles:
        client = client_for(world, role)
        if page.expect[role] == "200":
            own = client.get(own_url)
            assert own.status_code == 200, f"{role} should see {own_url} (the table says so)"
            response = client.get(foreign_url)
            conftest.CASES["foreign"] += 1
            if response.status_code not in (403, 404):
                failures.append(f"GET  {role} got {response.status_code} for {foreign_url}")
        response = client.post(foreign_url, {})
        conftest.CASES["foreign"] += 1
        if response.status_code not in (403, 404, 405):
            failures.append(f"POST {role} got {response.status_code} for {foreign_url}")
    assert not failures, f"{name}:\n  " + "\n  ".join(failures)


def test_the_matrix_reaches_pages_through_their_real_urls(world):
    # A guard on the machinery itself: the sign-in redirect classification is right.
    response = client_for(world, ANONYMOUS).get(reverse("dashboard"))
    assert classify(response) == "302 to sign-in"


@pytest.mark.parametrize("name", sorted(FORM_SWAPS))
def test_a_form_field_pointing_at_another_schools_object_is_refused(name: str, world: World) -> None:
    from django.apps import apps

    swap = FORM_SWAPS[name]
    url = url_for(name, TABLE[name], world)
    client = client_for(world, swap.role)
    client.get(url)  # let the page create what any visit creates (the hub settings row), before counting
    counts = {
        model: model._base_manager.count() for model in apps.get_models() if model.__module__.startswith("ecfhub.")
    }
    response = client.post(url, swap.data(world))
    conftest.CASES["form_foreign"] += 1
    assert response.status_code in (200, 400, 403, 404, 422), f"{name} answered {response.status_code}"
    after = {model: model._base_manager.count() for model in counts}
    changed = {model._meta.label: (counts[model], after[model]) for model in counts if counts[model] != after[model]}
    assert not changed, f"{name} changed records with another school's object: {changed}"


def test_every_object_url_open_to_non_admins_names_a_foreign_object():
    """A URL taking an object id that an ordinary role may use must say what "someone else's" is,
    so the object-swap test covers it. Capability URLs (secret tokens) are exempt."""
    routes = {route.name: route for route in SITE}
    undeclared = []
    for name, route in routes.items():
        page = TABLE.get(name)
        if page is None or not route.kwarg_names or page.foreign is not None:
            continue
        if all(kwarg in ("token", "uidb64", "slug", "action") for kwarg in route.kwarg_names):
            continue
        ordinary = [r for r in ROLES if r not in (ANONYMOUS, HUB_ADMIN)]
        post = page.post_expect()
        if any(page.expect[r] == "200" or post[r] in ("200", "any answer but a server error") for r in ordinary):
            undeclared.append(name)
    assert not undeclared, f"Give these entries foreign=lambda w: {{...}}: {undeclared}"
