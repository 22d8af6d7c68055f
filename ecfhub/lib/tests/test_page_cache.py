"""Whole public pages kept for visitors (`lib.page_cache`): served again only while what they show is unchanged."""

from __future__ import annotations

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.http import HttpResponse
from django.test import RequestFactory

from ecfhub.content.models import Page
from ecfhub.hub.models import HubSettings
from ecfhub.lib.page_cache import public_page
from ecfhub.programme.models import ProgrammeRequirement

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():  # type: ignore[no-untyped-def]
    caches["fragments"].clear()
    yield
    caches["fragments"].clear()


def _stored() -> int:
    return len(caches["fragments"]._cache)  # type: ignore[attr-defined]


def test_the_front_page_is_kept_and_shown_afresh_after_any_change_to_what_it_shows(client, cohort):
    HubSettings.load()  # the settings row exists on any running hub
    page = Page.objects.create(slug="dates", title="How dates work", body="Dates are given.")
    first = client.get("/").content
    assert client.get("/").content == first and _stored() == 1
    Page.objects.filter(pk=page.pk).update(title="How your dates work")  # no save(): no updated_at either
    assert b"How your dates work" in client.get("/").content
    ProgrammeRequirement.objects.filter(cohort=cohort, participant_type="ect", mentor_training="").update(clinics=7)
    assert b'data-label="Clinics">7<' in client.get("/").content
    assert _stored() == 3


def test_a_signed_in_person_gets_their_own_page_not_the_visitors(client, ect):
    client.get("/")
    client.force_login(ect.user)
    assert "Sign out" in client.get("/").text
    assert _stored() == 1


def _request(**cookies: str):  # type: ignore[no-untyped-def]
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/somewhere/")
    request.COOKIES.update(cookies)
    request.user = AnonymousUser()
    request._messages = CookieStorage(request)  # type: ignore[attr-defined]
    return request


def test_a_page_with_a_waiting_message_a_cookie_or_a_csrf_token_is_not_kept(db) -> None:
    with_message = _request()
    with_message._messages.add(constants.SUCCESS, "You have signed out.")
    public_page(with_message, "same", lambda: HttpResponse("for one visitor"))
    assert _stored() == 0

    def with_cookie() -> HttpResponse:
        response = HttpResponse("sets a cookie")
        response.set_cookie("chosen", "1")
        return response

    public_page(_request(), "same", with_cookie)
    assert _stored() == 0

    token_asked = _request()

    def with_token() -> HttpResponse:
        token_asked.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
        return HttpResponse("has a form")

    public_page(token_asked, "same", with_token)
    assert _stored() == 0
    public_page(_request(), "same", lambda: HttpResponse("plain"))
    assert _stored() == 1
    assert public_page(_request(), "same", lambda: HttpResponse("never rendered")).content == b"plain"
