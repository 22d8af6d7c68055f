from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from ecfhub.audit.services import record
from ecfhub.people.models import Mentorship, Participant, School, User
from ecfhub.privacy.services import is_anonymised

_ROLE_FLAGS = {"is_hub_admin": "hub admin", "is_facilitator": "facilitator", "is_active": "active account"}


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
        # Role changes made here are audited like those made through the services.
        before = User.objects.filter(pk=obj.pk).values(*_ROLE_FLAGS).first() if change else None
        super().save_model(request, obj, form, change)
        if before is None:
            record(
                actor=request.user,
                action="user.created",
                summary=f"Created the account {obj.email} in the admin",
                target=obj,
            )
            return
        changed = {
            flag: [before[flag], getattr(obj, flag)] for flag in _ROLE_FLAGS if before[flag] != getattr(obj, flag)
        }
        if changed:
            words = ", ".join(f"{_ROLE_FLAGS[flag]} {'on' if new else 'off'}" for flag, (_, new) in changed.items())
            record(
                actor=request.user,
                action="user.roles_changed",
                summary=f"Changed {obj.full_name}'s roles in the admin: {words}",
                target=obj,
                details={"changes": changed},
            )


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["name", "urn", "town"]
    search_fields = ["name", "urn", "town"]
    autocomplete_fields = ["induction_tutors"]

    def save_related(self, request: Any, form: Any, formsets: Any, change: bool) -> None:
        # Induction tutor links are a role: audit who gained or lost one.
        school: School = form.instance
        before = set(school.induction_tutors.values_list("pk", flat=True)) if change else set()
        super().save_related(request, form, formsets, change)
        after = set(school.induction_tutors.values_list("pk", flat=True))
        for user in User.objects.filter(pk__in=after - before):
            record(
                actor=request.user,
                action="school.tutor_added",
                summary=f"Made {user.full_name} an induction tutor of {school.name} in the admin",
                target=school,
                details={"user_id": user.pk},
            )
        for user in User.objects.filter(pk__in=before - after):
            record(
                actor=request.user,
                action="school.tutor_removed",
                summary=f"Removed {user.full_name} as an induction tutor of {school.name} in the admin",
                target=school,
                details={"user_id": user.pk},
            )


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["user", "participant_type", "school", "cohort", "trn", "status"]
    list_filter = ["participant_type", "status", "cohort"]
    search_fields = ["user__full_name", "user__email", "trn", "school__name", "school__urn"]
    autocomplete_fields = ["user", "school"]
    list_select_related = ["user", "school", "cohort"]

    def has_change_permission(self, request: Any, obj: Participant | None = None) -> bool:
        # An anonymised record holds placeholders (its TRN is not seven digits) and nothing left to
        # correct: the admin shows it read-only rather than a form that could never be saved.
        if obj is not None and is_anonymised(obj.user):
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request: Any, obj: Participant, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        _record_admin_change(request, obj, form, change, noun="participant")


@admin.register(Mentorship)
class MentorshipAdmin(admin.ModelAdmin):
    list_display = ["mentor", "ect", "started_on", "ended_on"]
    autocomplete_fields = ["mentor", "ect"]
    list_select_related = ["mentor__user", "mentor__school", "ect__user", "ect__school"]

    def save_model(self, request: Any, obj: Mentorship, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        _record_admin_change(request, obj, form, change, noun="mentorship")


def _record_admin_change(request: Any, obj: Any, form: Any, change: bool, *, noun: str) -> None:
    """Corrections made in the admin to registrations, moves and pairings go in the audit log too."""
    if change and not form.changed_data:
        return
    record(
        actor=request.user,
        action=f"{noun}.{'changed' if change else 'created'}_in_admin",
        summary=f"{'Changed' if change else 'Created'} {noun} “{obj}” in the admin"
        + (f": {', '.join(form.changed_data)}" if change else ""),
        target=obj,
        details={"fields": {name: str(form.cleaned_data.get(name)) for name in form.changed_data}},
    )
