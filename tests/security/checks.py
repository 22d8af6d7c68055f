"""Asking for a URL as a role, and classifying the answer like the access table does."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from tests.security.access_table import (
    ADMIN_LOGIN,
    ANY,
    LOGIN,
    OK,
    REDIRECT,
    TABLE,
    Page,
)
from tests.security.world import World


def client_for(world: World, role: str) -> Client:
    client = Client(raise_request_exception=False)
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    return client


def url_for(name: str, page: Page, world: World, *, foreign: bool = False) -> str:
    maker = page.foreign if foreign else page.kwargs
    kwargs: dict[str, Any] = maker(world) if maker else {}
    return reverse(name, kwargs=kwargs) + (f"?{page.query}" if page.query else "")


def classify(response: HttpResponse) -> str:
    status = response.status_code
    if status in (301, 302, 303, 307, 308):
        location = response["Location"]
        if location.startswith("/admin/login/"):
            return ADMIN_LOGIN
        if location.startswith(reverse("login")):
            return LOGIN
        return REDIRECT
    return str(status) if status != 200 else OK


def matches(expected: str, got: str, status: int) -> bool:
    if expected == ANY:
        return status < 500
    return expected == got


def table_entry(name: str) -> Page:
    return TABLE[name]
