"""Cohorts in the Django admin: a requirement is changed through programme.services (audited there).

Cohorts are created with their requirements when the first participant of a year is registered."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from ecfhub.programme.models import Cohort, ProgrammeRequirement
from ecfhub.programme.services import change_requirement


class RequirementInline(admin.TabularInline):
    model = ProgrammeRequirement
    extra = 0
    fields = ["participant_type", "mentor_training", "schedule_kind", "clinics", "conferences", "note"]
    readonly_fields = ["participant_type", "mentor_training", "schedule_kind", "clinics", "conferences", "note"]
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    inlines = [RequirementInline]
    readonly_fields = ["start_year"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ProgrammeRequirement)
class ProgrammeRequirementAdmin(admin.ModelAdmin):
    list_display = ["cohort", "participant_type", "mentor_training", "schedule_kind", "clinics", "conferences"]
    fields = ["cohort", "participant_type", "mentor_training", "schedule_kind", "clinics", "conferences", "note"]
    readonly_fields = ["cohort", "participant_type", "mentor_training", "schedule_kind", "note"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: Any, obj: ProgrammeRequirement, form: Any, change: bool) -> None:
        change_requirement(
            requirement=obj,
            clinics=form.cleaned_data["clinics"],
            conferences=form.cleaned_data["conferences"],
            actor=request.user,
        )
