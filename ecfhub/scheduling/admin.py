from django.contrib import admin

from ecfhub.lib.admin import ReadOnlyAdmin
from ecfhub.scheduling.models import Assignment, ScheduleRun

# Assignments change only through the scheduler, manual placement and cancellation,
# which enforce capacity and notice and write the audit log.


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
