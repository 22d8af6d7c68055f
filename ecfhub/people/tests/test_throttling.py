"""Sign-in throttling: the account is counted as sign-in reads it, and each client address has a limit."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from ecfhub.conftest import PASSWORD
from ecfhub.people.throttling import normalise_username

SPELLINGS = ["erin@riverside.test", " Erin@Riverside.test ", "ERIN@RIVERSIDE.TEST", "erin@riverside.TEST  "]


@pytest.fixture
def erin_account(db):  # type: ignore[no-untyped-def]
    from ecfhub.conftest import make_user

    return make_user("erin@riverside.test", "Erin ECT")


def test_the_account_name_is_normalised_as_sign_in_reads_it():
    assert {normalise_username(s) for s in SPELLINGS} == {"erin@riverside.test"}
    assert normalise_username(None) == ""


@pytest.mark.parametrize("url_name", ["login", "admin:login"])
def test_other_spellings_of_an_address_get_no_fresh_guesses(erin_account, url_name):
    client = Client(REMOTE_ADDR="203.0.113.20")
    url = reverse(url_name)
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        spelling = SPELLINGS[attempt % len(SPELLINGS)]
        client.post(url, {"username": spelling, "password": "wrong-password"})
    # The right password, in yet another spelling, is refused while the pair is locked.
    locked = client.post(url, {"username": "Erin@RIVERSIDE.test", "password": PASSWORD})
    assert locked.status_code == 429
    assert "Too many sign-in attempts" in locked.text
    assert "_auth_user_id" not in client.session


def test_one_address_guessing_across_many_accounts_is_stopped(erin_account, settings):
    settings.ECFHUB_SIGNIN_ADDRESS_LIMIT = 12
    attacker = Client(REMOTE_ADDR="198.51.100.7")
    for n in range(settings.ECFHUB_SIGNIN_ADDRESS_LIMIT - 1):
        answer = attacker.post(reverse("login"), {"username": f"person{n}@school.test", "password": "guess"})
        assert answer.status_code == 200, f"locked after only {n + 1} failures from the address"
    reaching = attacker.post(reverse("login"), {"username": "another@school.test", "password": "guess"})
    assert reaching.status_code == 429
    # Even a right password for an account that address never tried is refused now...
    refused = attacker.post(reverse("login"), {"username": "erin@riverside.test", "password": PASSWORD})
    assert refused.status_code == 429
    assert "_auth_user_id" not in attacker.session
    # ...but the same person from another address signs in.
    elsewhere = Client(REMOTE_ADDR="198.51.100.8")
    assert (
        elsewhere.post(reverse("login"), {"username": "erin@riverside.test", "password": PASSWORD}).status_code == 302
    )


def test_a_few_mistakes_by_colleagues_sharing_an_address_lock_nobody_else(erin_account):
    from ecfhub.conftest import make_user

    make_user("max@riverside.test", "Max Mentor")
    school = Client(REMOTE_ADDR="192.0.2.50")
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        school.post(reverse("login"), {"username": f"colleague{n}@riverside.test", "password": "typo"})
    signed_in = Client(REMOTE_ADDR="192.0.2.50").post(
        reverse("login"), {"username": "max@riverside.test", "password": PASSWORD}
    )
    assert signed_in.status_code == 302
