from django.contrib import admin
from django.db import models

from ecfhub.learning.models import (
    ActionStep,
    DigestChoice,
    Goal,
    LearningSettings,
    LibraryStep,
    Meeting,
    Module,
    ModuleCompletion,
    Observation,
    Strand,
)
from ecfhub.lib.admin import ReadOnlyAdmin


@admin.register(Module)
class ModuleAdmin(ReadOnlyAdmin):
    """Modules are written on the hub's module pages, through learning.services (version-checked and audited).
    Coaching records are listed below without their words: those are read on the ECT's timeline, where
    access.py decides who may."""

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


# Coaching records, completions and choices: read-only, and without their words. The words are
# between a mentor and their ECT (learning/access.py); the admin shows only who, when and state.
def _without_text(model: type[models.Model]) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if isinstance(f, models.TextField)]


@admin.register(Observation)
class ObservationAdmin(ReadOnlyAdmin):
    list_display = ["id", "ect", "mentor", "observed_on"]
    exclude = _without_text(Observation)


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["id", "ect", "mentor", "met_on"]
    exclude = _without_text(Meeting)


@admin.register(ActionStep)
class ActionStepAdmin(ReadOnlyAdmin):
    list_display = ["id", "ect", "status", "check_back_on"]
    exclude = [*_without_text(ActionStep), "step"]


@admin.register(ModuleCompletion)
class ModuleCompletionAdmin(ReadOnlyAdmin):
    list_display = ["id", "participant", "module"]


@admin.register(LearningSettings)
class LearningSettingsAdmin(ReadOnlyAdmin):
    pass


@admin.register(DigestChoice)
class DigestChoiceAdmin(ReadOnlyAdmin):
    list_display = ["id", "user"]
