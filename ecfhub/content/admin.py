from django.contrib import admin

from ecfhub.content.models import Page
from ecfhub.lib.admin import ReadOnlyAdmin


@admin.register(Page)
class PageAdmin(ReadOnlyAdmin):
    """Pages are written on their own edit page, through content.services (version-checked and audited)."""

    list_display = ["title", "slug", "published", "order", "updated_at"]
