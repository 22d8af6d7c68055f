"""Provider files in the Django admin: read-only (decisions are made on the hub's review page)."""

from django.contrib import admin

from ecfhub.leadprovider.models import ProviderFile
from ecfhub.lib.admin import ReadOnlyAdmin


@admin.register(ProviderFile)
class ProviderFileAdmin(ReadOnlyAdmin):
    list_display = ["filename", "uploaded_by", "created_at", "status", "row_count"]
    exclude = ["rows"]
