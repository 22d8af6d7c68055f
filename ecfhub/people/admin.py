from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from ecfhub.people.models import Mentorship, Participant, School, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["full_name"]
    list_display = ["email", "full_name", "is_hub_admin", "is_facilitator", "is_active", "last_login"]
    list_filter = ["is_hub_admin", "is_facilitator", "is_active"]
    search_fields = ["email", "full_name"]
    readonly_fields = ["last_login", "date_joined", "privacy_notice_accepted_at"]
    fieldsets = (
        (None, {"fields": ("email", "full_name", "password")}),
        ("Roles", {"fields": ("is_hub_admin", "is_facilitator", "is_active")}),
        ("Dates", {"fields": ("last_login", "date_joined", "privacy_notice_accepted_at")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),)
    filter_horizontal = ()


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["name", "urn", "town"]
    search_fields = ["name", "urn", "town"]
    autocomplete_fields = ["induction_tutors"]


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["user", "participant_type", "school", "cohort", "trn", "status"]
    list_filter = ["participant_type", "status", "cohort"]
    search_fields = ["user__full_name", "user__email", "trn", "school__name", "school__urn"]
    autocomplete_fields = ["user", "school"]
    list_select_related = ["user", "school", "cohort"]


@admin.register(Mentorship)
class MentorshipAdmin(admin.ModelAdmin):
    list_display = ["mentor", "ect", "started_on", "ended_on"]
    autocomplete_fields = ["mentor", "ect"]
    list_select_related = ["mentor__user", "mentor__school", "ect__user", "ect__school"]
