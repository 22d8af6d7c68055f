"""API tokens in the Django admin: read-only (made, rotated and revoked on the hub's API tokens page)."""

from django.contrib import admin

from ecfhub.api.models import ApiToken
from ecfhub.lib.admin import ReadOnlyAdmin


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ["name", "prefix", "scope", "created_at", "expires_at", "revoked_at", "last_used_at"]
    exclude = ["secret_hash"]
