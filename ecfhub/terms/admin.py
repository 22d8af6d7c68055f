"""The term calendar in the Django admin: corrections go through terms.services, which audits them.

Years are added, and closure days added, on the term calendar page (/manage/terms/); here hub
admins correct a half term's dates and remove a closure day."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from ecfhub.terms.models import AcademicYear, ClosureDay, HalfTerm
from ecfhub.terms.services import change_half_term, remove_closure_day


class HalfTermInline(admin.TabularInline):
    model = HalfTerm
    extra = 0
    fields = ["number", "starts_on", "ends_on"]
    readonly_fields = ["number", "starts_on", "ends_on"]
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AcademicYear)
class AcademicYearAdmin(admin.ModelAdmin):
    inlines = [HalfTermInline]
    readonly_fields = ["start_year"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(HalfTerm)
class HalfTermAdmin(admin.ModelAdmin):
    list_display = ["__str__", "starts_on", "ends_on"]
    list_filter = ["academic_year"]
    fields = ["academic_year", "number", "starts_on", "ends_on"]
    readonly_fields = ["academic_year", "number"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: Any, obj: HalfTerm, form: Any, change: bool) -> None:
        change_half_term(
            half_term=obj,
            starts_on=form.cleaned_data["starts_on"],
            ends_on=form.cleaned_data["ends_on"],
            actor=request.user,
        )


@admin.register(ClosureDay)
class ClosureDayAdmin(admin.ModelAdmin):
    list_display = ["date", "reason"]
    readonly_fields = ["date", "reason"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def delete_model(self, request: Any, obj: ClosureDay) -> None:
        remove_closure_day(closure=obj, actor=request.user)

    def delete_queryset(self, request: Any, queryset: QuerySet[ClosureDay]) -> None:
        for closure in queryset:
            remove_closure_day(closure=closure, actor=request.user)
