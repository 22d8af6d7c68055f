"""Registers, catch-up self-study and declarations sent to the lead provider in the Django admin: read-only. Marks change only through the register pages
(`attendance.services`), which keep the history and the audit entry."""

from django.contrib import admin

from ecfhub.attendance.models import AttendanceChange, AttendanceRecord, CatchUpStudy, ProgressSnapshot, SentDeclaration
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


@admin.register(SentDeclaration)
class SentDeclarationAdmin(ReadOnlyAdmin):
    list_display = ["id", "participant", "declaration_type", "declaration_date", "state", "recorded_at"]
