from django.contrib import admin

from ecfhub.calendar.models import CalendarFeedToken


@admin.register(CalendarFeedToken)
class CalendarFeedTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at", "revoked_at", "last_used_at"]
    list_filter = ["revoked_at"]
    search_fields = ["user__email", "user__full_name"]
    # The hash is useless to anyone reading it, but nothing here should create or alter a secret.
    readonly_fields = ["user", "token_hash", "created_at", "revoked_at", "last_used_at"]

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False
