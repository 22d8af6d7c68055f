"""Signing in, throttling and password reset, end to end through the real views and django-axes."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ecfhub.conftest import PASSWORD
from ecfhub.notifications.models import OutboundMessage
from ecfhub.notifications.testing import run_tasks

pytestmark = pytest.mark.django_db


def sign_in(client, email: str, password: str):  # type: ignore[no-untyped-def]
    return client.post(reverse("login"), {"username": email, "password": password}, REMOTE_ADDR="10.0.0.1")


def test_signing_in_with_email_and_password_then_out(client, ect):
    response = sign_in(client, "ERIN@riverside.test", PASSWORD)
    assert response.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("dashboard")).status_code == 302


def test_a_wrong_password_says_so_without_saying_which_part(client, ect):
    page = sign_in(client, ect.user.email, "wrong").content.decode()
    assert "The e-mail address or password is not right" in page


def test_signing_in_is_paused_after_five_failures_even_with_the_right_password(client, ect):
    for _ in range(5):
        sign_in(client, ect.user.email, "wrong-password")
    locked = sign_in(client, ect.user.email, PASSWORD)
    assert locked.status_code == 429
    assert "Too many sign-in attempts" in locked.content.decode()
    assert client.get(reverse("dashboard")).status_code == 302  # not signed in


def test_an_invited_account_cannot_sign_in_before_it_is_set_up(client, tutor, school):
    import datetime

    from ecfhub.onboarding.services import Registration, register_participants

    [_p] = register_participants(
        school=school,
        actor=tutor,
        registrations=[Registration("Nina New", "nina@riverside.test", "1234567", datetime.date(2025, 9, 3), "ect")],
    )
    assert sign_in(client, "nina@riverside.test", "").status_code == 200
    assert sign_in(client, "nina@riverside.test", "anything-at-all").status_code == 200


@pytest.mark.django_db(transaction=True)  # run_tasks() runs the worker, which needs committed rows
def test_password_reset_does_not_reveal_whether_an_address_has_an_account(client, ect):
    known = client.post(reverse("password_reset"), {"email": ect.user.email})
    unknown = client.post(reverse("password_reset"), {"email": "nobody@nowhere.test"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert client.get(known["Location"]).content == client.get(unknown["Location"]).content
    run_tasks()  # the address is looked up in the background, the same work either way
    assert list(OutboundMessage.objects.values_list("to", "kind")) == [(ect.user.email, "password_reset")]
