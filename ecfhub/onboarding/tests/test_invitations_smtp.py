"""Invitations end to end: the tutor's form, the worker, a real SMTP server, the link."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from ecfhub.lib.text_tags import breakable
from ecfhub.notifications.testing import html_of, run_tasks, text_of
from ecfhub.onboarding.models import Invitation
from ecfhub.people.models import User

pytestmark = pytest.mark.django_db(transaction=True)
NEW_PASSWORD = "a-long-and-unusual-passphrase-42"


def register_nina(client, tutor, school) -> None:  # type: ignore[no-untyped-def]
    client.force_login(tutor)
    response = client.post(
        reverse("onboarding:register", args=[school.pk]),
        {
            "full_name": "Nina New",
            "email": "Nina.New@Riverside.test",
            "trn": "1234567",
            "induction_start_date": "2025-09-03",
            "participant_type": "ect",
        },
    )
    assert response.status_code == 302
    client.logout()


def link_in(message) -> str:  # type: ignore[no-untyped-def]
    match = re.search(r"http://\S+/account/set-up/\S+/", text_of(message))
    assert match, text_of(message)
    assert match.group(0) in html_of(message)
    return match.group(0).replace("http://127.0.0.1:8000", "")


def set_up(client, path: str):  # type: ignore[no-untyped-def]
    return client.post(
        path,
        {"full_name": "Nina New", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "accept_privacy": "on"},
    )


def test_an_invitation_arrives_with_a_link_that_sets_up_the_account_once(client, smtp_server, tutor, school, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    register_nina(client, tutor, school)
    run_tasks()

    [message] = smtp_server.to("nina.new@riverside.test")
    assert message["Subject"] == "Set up your ECF Hub account"
    assert "Riverside Primary has registered you as an ECT." in text_of(message)
    assert "your training dates and your mentor" in text_of(message)
    path = link_in(message)
    token = path.rstrip("/").rsplit("/", 1)[1]
    assert not Invitation.objects.filter(token_hash=token).exists()  # only its hash is stored

    page = client.get(path)
    assert page.status_code == 200
    assert "Set up your account" in page.content.decode()
    assert 'href="/about/privacy/"' in page.content.decode()

    response = set_up(client, path)
    assert response.status_code == 302 and response["Location"] == reverse("dashboard")
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "Riverside Primary" in dashboard
    nina = User.objects.get(email="nina.new@riverside.test")
    assert nina.check_password(NEW_PASSWORD)
    assert nina.privacy_notice_accepted_at is not None

    client.logout()
    again = client.get(path)
    assert again.status_code == 410
    assert "This link has already been used" in again.content.decode()
    assert set_up(client, path).status_code == 410
    signed_in = client.post(reverse("login"), {"username": "Nina.New@riverside.test", "password": NEW_PASSWORD})
    assert signed_in.status_code == 302


def test_an_expired_link_is_refused_and_a_new_one_can_be_requested(client, smtp_server, tutor, school, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    register_nina(client, tutor, school)
    run_tasks()
    old_path = link_in(smtp_server.to("nina.new@riverside.test")[0])

    with time_machine.travel(timezone.now() + datetime.timedelta(days=15)):
        page = client.get(old_path)
        assert page.status_code == 410
        assert "This link has expired" in page.content.decode()
        assert set_up(client, old_path).status_code == 410
        assert not User.objects.get(email="nina.new@riverside.test").has_usable_password()

        reply = client.post(reverse("onboarding:new_link"), {"email": "nina.new@riverside.test"})
        unknown = client.post(reverse("onboarding:new_link"), {"email": "nobody@nowhere.test"})
        # The same answer either way: the page does not reveal who has an account.
        assert reply.content.decode().replace(
            breakable("nina.new@riverside.test"), "X"
        ) == unknown.content.decode().replace(breakable("nobody@nowhere.test"), "X")
        run_tasks()

    messages = smtp_server.to("nina.new@riverside.test")
    assert len(messages) == 2
    assert messages[1]["Subject"] == "Your new link to set up your ECF Hub account"
    assert smtp_server.to("nobody@nowhere.test") == []
    new_path = link_in(messages[1])
    assert set_up(client, new_path).status_code == 302


def test_a_resent_link_replaces_the_old_one(client, smtp_server, tutor, school, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    register_nina(client, tutor, school)
    run_tasks()  # the first link is made when its e-mail goes out
    nina = User.objects.get(email="nina.new@riverside.test")
    client.force_login(tutor)
    client.post(reverse("onboarding:resend", args=[nina.participations.get().pk]))
    client.logout()
    run_tasks()

    first, second = smtp_server.to("nina.new@riverside.test")
    assert client.get(link_in(first)).status_code == 410
    assert client.get(link_in(second)).status_code == 200


def test_a_set_up_account_gets_no_new_link(client, smtp_server, ect):
    client.post(reverse("onboarding:new_link"), {"email": ect.user.email})
    run_tasks()
    assert smtp_server.received == []


def test_password_reset_mail_goes_through_the_outbox_with_a_working_link(client, smtp_server, ect):
    client.post(reverse("password_reset"), {"email": ect.user.email})
    client.post(reverse("password_reset"), {"email": "nobody@nowhere.test"})
    run_tasks()
    [message] = smtp_server.received
    match = re.search(re.escape(settings.SITE_URL) + r"(/account/reset/\S+/)", text_of(message))
    assert match
    page = client.get(match.group(1), follow=True)
    assert "new_password1" in page.content.decode()


def test_a_reset_link_is_built_from_site_url_whatever_host_the_request_named(client, smtp_server, ect, settings):
    settings.SITE_URL = "https://hub.example.org"
    client.post(reverse("password_reset"), {"email": ect.user.email}, HTTP_HOST="127.0.0.1:31337")
    run_tasks()
    [message] = smtp_server.received
    assert "https://hub.example.org/account/reset/" in text_of(message)
    assert "31337" not in text_of(message) and "31337" not in html_of(message)


def test_a_mentors_invitation_promises_no_mentor(client, smtp_server, tutor, school, settings):
    client.force_login(tutor)
    data = {"full_name": "Mo Mentor", "email": "mo@riverside.test", "trn": "1234568"}
    data |= {"induction_start_date": "2025-09-03", "participant_type": "mentor"}
    assert client.post(reverse("onboarding:register", args=[school.pk]), data).status_code == 302
    run_tasks()
    [message] = smtp_server.to("mo@riverside.test")
    assert "Riverside Primary has registered you as a mentor." in text_of(message)
    assert "your mentor" not in text_of(message) and "your mentor" not in html_of(message)


def test_a_mistyped_link_says_it_is_not_a_valid_link(client):
    page = client.get(reverse("onboarding:set_up", args=["not-a-token-we-sent"]))
    assert page.status_code == 404
    html = page.content.decode()
    assert "This is not a valid link" in html
    assert "already been used" not in html
