"""Whole public pages cached under a digest of what they show, for visitors who are not signed in.

The participants' area and the events calendar are what a whole hub opens at once after an e-mail
goes out. Each view reads the rows its page shows as plain values (cheap: no model instances, no
templates), digests them with the address, and only renders when no page is kept for that digest.
A change to anything shown — a seat taken, a page edited, a session moved — changes the digest, so a
kept page can never be out of date; nothing expires on a timer.

Only anonymous GETs are kept: a signed-in person's page carries their menu and a sign-out form with
their CSRF token. A page is not kept when rendering it set a cookie or asked for a CSRF token, or when
a message (such as "You have signed out") was waiting to be shown: those belong to one visitor."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.contrib import messages
from django.core.cache import caches
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

CACHE = "fragments"  # each process's memory (settings.CACHES): a deploy starts empty
# What of a page's own headers is kept with it (a feed's file name); the rest (security headers, the
# content security policy, caching) is added afresh by the middleware on every response.
KEPT_HEADERS = ("Content-Type", "Content-Disposition")


def digest(*values: object) -> str:
    """A key for output made from exactly these values (their repr)."""
    return hashlib.sha256(repr(values).encode()).hexdigest()


def row_values(row: Model) -> tuple[object, ...]:
    """Every stored value of a row already loaded (for `shown`)."""
    return tuple(getattr(row, f.attname) for f in row._meta.concrete_fields)


def table_values(model: type[Model]) -> list[tuple[object, ...]]:
    """Every stored value of every row of a small table, as plain tuples in id order: one query, no instances."""
    names = [f.attname for f in model._meta.concrete_fields]
    return list(model._default_manager.order_by("pk").values_list(*names))


def _keepable(request: HttpRequest) -> bool:
    if request.method != "GET" or request.user.is_authenticated:
        return False
    return len(messages.get_messages(request)) == 0  # counts without marking them shown


def public_page(request: HttpRequest, shown: object, render: Callable[[], HttpResponse]) -> HttpResponse:
    """The page `render()` makes, kept for anonymous visitors under a digest of `shown` (every value the
    page shows; the address and query string are added here) and served from there while it holds."""
    if not _keepable(request):
        return render()
    key = "page-" + digest(request.path, sorted(request.GET.lists()), shown)
    kept = caches[CACHE].get(key)
    if kept is not None:
        content, headers = kept
        served = HttpResponse(content)
        for name, value in headers:
            served[name] = value
        return served
    response = render()
    if (
        response.status_code == 200
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not getattr(response, "streaming", False)
    ):
        headers = [(name, response[name]) for name in KEPT_HEADERS if response.has_header(name)]
        caches[CACHE].set(key, (response.content, headers))
    return response
