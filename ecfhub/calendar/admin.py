from django.contrib import admin

from ecfhub.calendar.models import CalendarFeedToken
from ecfhub.lib.admin import ReadOnlyAdmin


@admin.register(CalendarFeedToken)
class CalendarFeedTokenAdmin(ReadOnlyAdmin):
    list_display = ["user", "created_at", "revoked_at", "last_used_at"]
    list_filter = ["revoked_at"]
    search_fields = ["user__email", "user__full_name"]
    # Nothing here creates, alters or deletes a secret: people revoke their own feed on their calendar page.
