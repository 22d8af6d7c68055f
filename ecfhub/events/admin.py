from django.contrib import admin

from ecfhub.events.models import Session, TrainingEvent, Venue
from ecfhub.lib.admin import ReadOnlyAdmin

# Changes go through the hub admins' event pages, which keep calendar feeds in step
# (SEQUENCE), e-mail the people booked and refuse non-school days.


@admin.register(TrainingEvent)
class TrainingEventAdmin(ReadOnlyAdmin):
    list_display = ["title", "cohort", "audience", "kind", "programme_year", "order"]
    list_filter = ["cohort", "audience", "kind", "programme_year"]
    search_fields = ["title"]


@admin.register(Session)
class SessionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "mode", "capacity", "status"]
    list_filter = ["status", "mode", "event__cohort", "event__kind"]
    list_select_related = ["event"]
    date_hierarchy = "starts_at"


@admin.register(Venue)
class VenueAdmin(ReadOnlyAdmin):
    """Changed on the hub admins' venue pages (Manage, Venues), which audit every change."""

    list_display = ["name", "postcode", "easting", "northing"]
    search_fields = ["name", "postcode"]
