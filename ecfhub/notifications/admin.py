from django.contrib import admin

from ecfhub.lib.admin import ReadOnlyAdmin
from ecfhub.notifications.models import OutboundMessage


@admin.register(OutboundMessage)
class OutboundMessageAdmin(ReadOnlyAdmin):
    """Look-up only: every e-mail is queued by a service (recorded, audited) and sent by the worker;
    a message added or edited here would go out in the hub's name with no record of who wrote it."""

    list_display = ["created_at", "to", "kind", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["to", "subject"]
