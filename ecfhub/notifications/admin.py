from django.contrib import admin

from ecfhub.lib.admin import ReadOnlyAdmin
from ecfhub.notifications.models import HeldMessage, OutboundMessage, RecipientHour


@admin.register(OutboundMessage)
class OutboundMessageAdmin(ReadOnlyAdmin):
    """Look-up only: every e-mail is queued by a service (recorded, audited) and sent by the worker;
    a message added or edited here would go out in the hub's name with no record of who wrote it."""

    list_display = ["created_at", "to", "kind", "status", "waiting_reason", "attempts", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["to", "subject"]


@admin.register(HeldMessage)
class HeldMessageAdmin(ReadOnlyAdmin):
    """Look-up only: e-mails waiting for changes to stop (notifications/pace.py). The periodic job
    writes and sends them from the current data; an edit here could only make one wrong."""

    list_display = ["due_at", "user", "kind", "about", "changes", "first_change_at", "last_change_at"]
    list_filter = ["kind"]
    search_fields = ["user__email"]


@admin.register(RecipientHour)
class RecipientHourAdmin(ReadOnlyAdmin):
    """Look-up only: how many e-mails went to an address (kept as a digest) in each recent hour."""

    list_display = ["hour", "address_digest", "sent"]
