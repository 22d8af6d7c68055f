"""Registers and catch-up self-study in the Django admin: read-only. Marks change only through the register pages
(`attendance.services`), which keep the history and the audit entry."""

from django.contrib import admin

from ecfhub.attendance.models import AttendanceChange, AttendanceRecord, CatchUpStudy, ProgressSnapshot
from ecfhub.lib.admin import ReadOnlyAdmin


@admin.register(AttendanceRecord)
class AttendanceRecordAdmin(ReadOnlyAdmin):
    list_display = ["id", "session", "participant", "mark", "marked_at"]


@admin.register(AttendanceChange)
class AttendanceChangeAdmin(ReadOnlyAdmin):
    list_display = ["id", "record", "from_mark", "to_mark", "at"]


@admin.register(CatchUpStudy)
class CatchUpStudyAdmin(ReadOnlyAdmin):
    list_display = ["id", "participant", "event", "chosen_at", "signed_off_at"]


@admin.register(ProgressSnapshot)
class ProgressSnapshotAdmin(ReadOnlyAdmin):
    list_display = ["day", "cohort", "participant_type", "on_track", "at_risk", "behind"]
