from django.contrib import admin

from ecfhub.programme.models import Cohort, ProgrammeRequirement


class RequirementInline(admin.TabularInline):
    model = ProgrammeRequirement
    extra = 0


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    inlines = [RequirementInline]


@admin.register(ProgrammeRequirement)
class ProgrammeRequirementAdmin(admin.ModelAdmin):
    list_display = ["cohort", "participant_type", "clinics", "conferences"]
