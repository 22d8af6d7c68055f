"""Secret links leave the outbox: a slot in the bodies, filled at sending from link_ref.

Messages recorded before this held working set-up and reset links in their bodies; those links
are replaced by the slot. A message still waiting to be sent gets a link_ref, so it goes out with
a fresh link (a set-up e-mail: for the person's open invitation, if any)."""

import re

from django.db import migrations, models

SLOT = "[link added when sent]"
SECRET_LINK = re.compile(r"https?://[^\s\"'<>]*/account/(?:set-up/[^/\s\"'<>]+|reset/[^/\s\"'<>]+/[^/\s\"'<>]+)/")


def take_links_out(apps, schema_editor):
    OutboundMessage = apps.get_model("notifications", "OutboundMessage")
    Invitation = apps.get_model("onboarding", "Invitation")
    for message in OutboundMessage.objects.filter(kind__in=["invitation", "invitation_resent", "password_reset"]):
        text = SECRET_LINK.sub(SLOT, message.body_text)
        html = SECRET_LINK.sub(SLOT, message.body_html)
        if text == message.body_text and html == message.body_html:
            continue
        message.body_text, message.body_html = text, html
        if message.status in ("queued", "sending") and message.user_id:
            if message.kind == "password_reset":
                message.link_ref = "password_reset:"
            else:
                open_invitation = Invitation.objects.filter(
                    user_id=message.user_id, used_at__isnull=True, revoked_at__isnull=True
                ).first()
                if open_invitation is not None:
                    message.link_ref = f"invitation:{open_invitation.pk}"
        message.save(update_fields=["body_text", "body_html", "link_ref"])


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("onboarding", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="outboundmessage",
            name="link_ref",
            field=models.CharField(blank=True, max_length=60),
        ),
        migrations.RunPython(take_links_out, migrations.RunPython.noop),
    ]
