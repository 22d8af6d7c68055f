from django.contrib import admin

from ecfhub.content.models import Page


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "published", "order", "updated_at"]
    prepopulated_fields = {"slug": ("title",)}
