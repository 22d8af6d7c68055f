from django.contrib import admin

from ecfhub.hub.models import HubSettings
from ecfhub.lib.admin import ReadOnlyAdmin


@admin.register(HubSettings)
class HubSettingsAdmin(ReadOnlyAdmin):
    """Changed on /manage/settings/ only, through hub.services.change_settings (version-checked and audited)."""
