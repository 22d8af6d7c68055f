from django.contrib import admin

from ecfhub.learning.models import Goal, LibraryStep, Module, Strand
from ecfhub.lib.admin import ReadOnlyAdmin


@admin.register(Module)
class ModuleAdmin(ReadOnlyAdmin):
    """Modules are written on the hub's module pages, through learning.services (version-checked and audited).
    Coaching records are not listed here: they are read on the ECT's timeline, where access.py decides who may."""

    list_display = ["title", "participant_type", "programme_year", "week"]
    list_filter = ["participant_type", "programme_year"]


@admin.register(Strand)
class StrandAdmin(ReadOnlyAdmin):
    list_display = ["title", "order"]


@admin.register(Goal)
class GoalAdmin(ReadOnlyAdmin):
    list_display = ["title", "strand"]


@admin.register(LibraryStep)
class LibraryStepAdmin(ReadOnlyAdmin):
    list_display = ["title", "goal"]
