from django.contrib import admin

from ecfhub.lib.admin import ReadOnlyAdmin
from ecfhub.scheduling.models import Assignment, ChangeRequest, PlaceChange, ScheduleRun, WaitingListEntry

# Places and their history change only through scheduling.services.places, which enforces
# the rules, keeps the history and writes the audit log; the admin only reads them.


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ["participant", "session", "status", "source", "notified_at", "notice_waived"]
    list_filter = ["status", "source", "notice_waived"]
    search_fields = ["participant__user__full_name", "participant__user__email", "participant__trn"]
    list_select_related = ["participant__user", "participant__school", "session__event"]
    raw_id_fields = ["participant", "event", "session", "replaced_by"]


@admin.register(ScheduleRun)
class ScheduleRunAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "created_by", "cohort", "as_of", "status"]
    list_filter = ["status"]


@admin.register(PlaceChange)
class PlaceChangeAdmin(ReadOnlyAdmin):
    list_display = ["at", "participant", "kind", "from_session", "to_session", "actor_label"]
    list_filter = ["kind", "source"]
    search_fields = ["participant__user__full_name", "participant__user__email", "participant__trn"]
    list_select_related = ["participant__user", "from_session__event", "to_session__event"]
    raw_id_fields = ["participant", "event", "from_session", "to_session", "assignment", "actor"]


# Requests and waiting lists change only through services.requests and services.waiting.
@admin.register(ChangeRequest)
class ChangeRequestAdmin(ReadOnlyAdmin):
    list_display = ["participant", "event", "to_session", "status", "asked_at", "asked_by"]
    list_filter = ["status", "reason"]
    search_fields = ["participant__user__full_name", "participant__user__email"]
    list_select_related = ["participant__user", "participant__school", "event", "to_session__event", "asked_by"]
    raw_id_fields = ["participant", "event", "from_session", "to_session", "asked_by", "decided_by"]


@admin.register(WaitingListEntry)
class WaitingListEntryAdmin(ReadOnlyAdmin):
    list_display = ["session", "participant", "joined_at", "left_at", "outcome"]
    list_select_related = ["session__event", "participant__user", "participant__school"]
    raw_id_fields = ["session", "participant", "request"]
