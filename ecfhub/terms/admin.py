from django.contrib import admin

from ecfhub.terms.models import AcademicYear, ClosureDay, HalfTerm


class HalfTermInline(admin.TabularInline):
    model = HalfTerm
    extra = 0


@admin.register(AcademicYear)
class AcademicYearAdmin(admin.ModelAdmin):
    inlines = [HalfTermInline]


@admin.register(HalfTerm)
class HalfTermAdmin(admin.ModelAdmin):
    list_display = ["__str__", "starts_on", "ends_on"]
    list_filter = ["academic_year"]


@admin.register(ClosureDay)
class ClosureDayAdmin(admin.ModelAdmin):
    list_display = ["date", "reason"]
