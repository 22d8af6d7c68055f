"""The Django admin for people: accounts and schools are saved through people.services (audited there);
participants and mentorships are read-only here, because changing them has consequences only their
services carry out (a withdrawal releases future dates, a pairing ends the previous one): hub admins
change them on the school pages (/schools/), which call those services."""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from ecfhub.lib.admin import ReadOnlyAdmin
from ecfhub.people.models import Mentorship, Participant, School, TrainingStatusChange, User
from ecfhub.people.services import save_account, set_induction_tutors


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

    def save_model(self, request: Any, obj: User, form: Any, change: bool) -> None:
        save_account(user=obj, actor=request.user, created=not change)


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["name", "urn", "town"]
    search_fields = ["name", "urn", "town"]
    autocomplete_fields = ["induction_tutors"]

    def save_related(self, request: Any, form: Any, formsets: Any, change: bool) -> None:
        # Induction tutor links are a role: the service sets them and audits who gained or lost one.
        set_induction_tutors(school=form.instance, tutors=form.cleaned_data["induction_tutors"], actor=request.user)
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


@admin.register(Participant)
class ParticipantAdmin(ReadOnlyAdmin):
    list_display = [
        "user",
        "participant_type",
        "school",
        "cohort",
        "trn",
        "status",
        "schedule_identifier",
        "mentor_training",
    ]
    list_filter = ["participant_type", "status", "cohort"]
    search_fields = ["user__full_name", "user__email", "trn", "school__name", "school__urn"]
    list_select_related = ["user", "school", "cohort"]


@admin.register(Mentorship)
class MentorshipAdmin(ReadOnlyAdmin):
    list_display = ["mentor", "ect", "started_on", "ended_on"]
    search_fields = ["mentor__user__full_name", "ect__user__full_name"]
    list_select_related = ["mentor__user", "mentor__school", "ect__user", "ect__school"]


@admin.register(TrainingStatusChange)
class TrainingStatusChangeAdmin(ReadOnlyAdmin):
    """The history of training statuses: what happened is never rewritten."""

    list_display = ["participant", "from_status", "to_status", "reason", "on", "source", "recorded_at"]
    list_filter = ["to_status", "reason"]
