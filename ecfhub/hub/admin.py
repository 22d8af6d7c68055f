from django.contrib import admin

from ecfhub.hub.models import HubSettings


@admin.register(HubSettings)
class HubSettingsAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return not HubSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
