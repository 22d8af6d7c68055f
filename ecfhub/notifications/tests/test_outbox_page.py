from __future__ import annotations

import pytest
from django.urls import reverse

from ecfhub.notifications.models import OutboundMessage

pytestmark = pytest.mark.django_db


def make(to: str, status: str) -> OutboundMessage:
    return OutboundMessage.objects.create(
        to=to, kind="invitation", subject=f"Hello {to}", body_text="Text", status=status
    )


def test_hub_admins_see_every_message_and_can_filter_by_status(client, hub_admin):
    make("sent@school.test", OutboundMessage.Status.SENT)
    make("failed@school.test", OutboundMessage.Status.FAILED)
    client.force_login(hub_admin)

    page = client.get(reverse("notifications:outbox")).content.decode()
    assert "sent@school.test" in page and "failed@school.test" in page

    page = client.get(reverse("notifications:outbox"), {"status": "failed"}).content.decode()
    assert "failed@school.test" in page and "sent@school.test" not in page


def test_the_message_page_shows_the_text_and_the_last_error(client, hub_admin):
    message = make("failed@school.test", OutboundMessage.Status.FAILED)
    OutboundMessage.objects.filter(pk=message.pk).update(last_error="SMTPRecipientsRefused: 550")
    client.force_login(hub_admin)
    page = client.get(reverse("notifications:message", args=[message.pk])).content.decode()
    assert "SMTPRecipientsRefused: 550" in page
    assert "Try sending again" in page


def test_a_failed_message_can_be_sent_again(client, hub_admin):
    message = make("failed@school.test", OutboundMessage.Status.FAILED)
    client.force_login(hub_admin)
    client.post(reverse("notifications:send_again", args=[message.pk]))
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.QUEUED
    assert message.attempts == 0


@pytest.mark.parametrize("who", ["tutor", "ect", "facilitator"])
def test_nobody_else_can_read_the_outbox(client, request, who):
    message = make("secret@school.test", OutboundMessage.Status.SENT)
    user = request.getfixturevalue(who)
    client.force_login(getattr(user, "user", user))
    assert client.get(reverse("notifications:outbox")).status_code == 403
    assert client.get(reverse("notifications:message", args=[message.pk])).status_code == 403
