"""Secret links are made when an e-mail is sent: the outbox, its pages, the Django admin and data exports
never hold a working one; and the outbox cannot be written through the Django admin."""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.db import connection, models
from django.test import Client
from django.urls import reverse

from ecfhub.notifications.links import LINK_SLOT
from ecfhub.notifications.models import OutboundMessage
from ecfhub.notifications.testing import html_of, run_tasks, text_of
from ecfhub.onboarding.invitations import issue_invitation
from ecfhub.people.models import User

pytestmark = pytest.mark.django_db(transaction=True)
NEW_PASSWORD = "a-long-and-unusual-passphrase-42"
SET_UP_PATH = re.compile(r"/account/set-up/([A-Za-z0-9_-]{20,})/")
RESET_PATH = re.compile(r"/account/reset/([^/\s]+)/([^/\s]+)/")


def _everything_stored_as_text() -> str:
    """Every character and text column of every table, for looking for a secret anywhere."""
    found = []
    with connection.cursor() as cursor:
        for model in apps.get_models():
            columns = [
                f.column for f in model._meta.concrete_fields if isinstance(f, models.CharField | models.TextField)
            ]
            if not columns:
                continue
            quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
            cursor.execute(f"SELECT {quoted} FROM {connection.ops.quote_name(model._meta.db_table)}")
            found += [str(value) for row in cursor.fetchall() for value in row if value]
    return "\n".join(found)


@pytest.fixture
def nina(db) -> User:  # type: ignore[no-untyped-def]
    return User.objects.create_user(email="nina@riverside.test", full_name="Nina New", password=None)


def test_an_invitation_is_stored_without_a_link_and_sent_with_one_that_works(client, smtp_server, nina):
    issue_invitation(user=nina, actor=None, reason="Riverside Primary has registered you as an ECT.")
    stored = OutboundMessage.objects.get(to=nina.email)
    assert LINK_SLOT in stored.body_text and LINK_SLOT in stored.body_html
    assert not SET_UP_PATH.search(stored.body_text + stored.body_html)

    run_tasks()
    [sent] = smtp_server.to(nina.email)
    match = SET_UP_PATH.search(text_of(sent))
    assert match and match.group(0) in html_of(sent) and LINK_SLOT not in text_of(sent)
    token = match.group(1)
    assert token not in _everything_stored_as_text()
    stored.refresh_from_db()
    assert stored.status == OutboundMessage.Status.SENT and LINK_SLOT in stored.body_text

    answer = client.post(
        match.group(0),
        {"full_name": "Nina New", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "accept_privacy": "on"},
    )
    assert answer.status_code == 302
    nina.refresh_from_db()
    assert nina.has_usable_password()


def test_a_reset_e_mail_is_stored_without_a_link_and_sent_with_one_that_works(client, smtp_server, nina):
    nina.set_password("an-old-password-of-ninas")
    nina.save()
    client.post(reverse("password_reset"), {"email": nina.email})
    run_tasks()
    stored = OutboundMessage.objects.get(to=nina.email, kind="password_reset")
    assert LINK_SLOT in stored.body_text and not RESET_PATH.search(stored.body_text + stored.body_html)
    [sent] = smtp_server.to(nina.email)
    match = RESET_PATH.search(text_of(sent))
    assert match
    assert match.group(2) not in _everything_stored_as_text()
    assert "new_password1" in client.get(match.group(0), follow=True).text


def test_the_outbox_page_the_admin_and_the_data_export_show_no_working_link(client, smtp_server, nina, hub_admin):
    issue_invitation(user=nina, actor=None, reason="You have been given an account.")
    run_tasks()
    [sent] = smtp_server.to(nina.email)
    token = SET_UP_PATH.search(text_of(sent)).group(1)  # type: ignore[union-attr]
    message = OutboundMessage.objects.get(to=nina.email)

    client.force_login(hub_admin)
    pages = [
        client.get(reverse("notifications:message", args=[message.pk])).text,
        client.get(reverse("admin:notifications_outboundmessage_change", args=[message.pk])).text,
        client.post(reverse("privacy:person_export", args=[nina.pk])).content.decode(),
    ]
    for page in pages:
        assert token not in page
        assert not SET_UP_PATH.search(page)
    assert LINK_SLOT in pages[0]


def test_the_outbox_cannot_be_written_through_the_django_admin(client, hub_admin, nina):
    message = OutboundMessage.objects.create(to=nina.email, kind="test", subject="Hello", body_text="Hello")
    client.force_login(hub_admin)
    assert client.get(reverse("admin:notifications_outboundmessage_changelist")).status_code == 200
    assert client.get(reverse("admin:notifications_outboundmessage_add")).status_code == 403
    added = client.post(
        reverse("admin:notifications_outboundmessage_add"),
        {
            "to": "anyone@example.org",
            "kind": "x",
            "subject": "Click",
            "body_text": "https://evil.example",
            "status": "queued",
        },
    )
    assert added.status_code == 403
    changed = client.post(
        reverse("admin:notifications_outboundmessage_change", args=[message.pk]),
        {
            "to": "anyone@example.org",
            "kind": "x",
            "subject": "Click",
            "body_text": "https://evil.example",
            "status": "queued",
        },
    )
    assert changed.status_code in (302, 403)
    deleted = client.post(reverse("admin:notifications_outboundmessage_delete", args=[message.pk]), {"post": "yes"})
    assert deleted.status_code == 403
    message.refresh_from_db()
    assert message.to == nina.email and message.body_text == "Hello"
    assert list(OutboundMessage.objects.values_list("to", flat=True)) == [nina.email]


def test_a_replaced_invitations_e_mail_sends_the_page_for_asking_again(smtp_server, nina):
    issue_invitation(user=nina, actor=None, reason="First.")
    issue_invitation(user=nina, actor=None, reason="Second.")
    run_tasks()
    first, second = sorted(smtp_server.to(nina.email), key=lambda m: "First." not in text_of(m))
    assert reverse("onboarding:new_link") in text_of(first) and not SET_UP_PATH.search(text_of(first))
    assert SET_UP_PATH.search(text_of(second))


def test_a_client_cannot_forge_a_working_link_by_asking_twice(smtp_server, nina):
    issue_invitation(user=nina, actor=None, reason="Once.")
    message = OutboundMessage.objects.get(to=nina.email)
    # Each attempt makes a new token: only the last e-mail's link works.
    from ecfhub.notifications.links import fill
    from ecfhub.onboarding.invitations import find_invitation

    first = SET_UP_PATH.search(fill(message)[0]).group(1)  # type: ignore[union-attr]
    second = SET_UP_PATH.search(fill(message)[0]).group(1)  # type: ignore[union-attr]
    assert first != second
    assert find_invitation(first) is None and find_invitation(second) is not None


def test_no_message_client_can_see_a_link_before_it_is_sent(nina):
    issue_invitation(user=nina, actor=None, reason="Queued only.")
    assert not SET_UP_PATH.search(_everything_stored_as_text())
    assert Client().get("/account/set-up/" + "x" * 43 + "/").status_code in (404, 410)
