"""Forms for modules, coaching and the library, with messages written for teachers."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone

from ecfhub.learning.models import TEXT_LIMIT, ActionStep, LearningSettings, LibraryStep, Module
from ecfhub.learning.services import MODULE_FIELDS
from ecfhub.lib import when
from ecfhub.lib.forms import DateField, EditVersionMixin, GovukForm, GovukModelForm
from ecfhub.programme.areas import EcfArea
from ecfhub.terms.schooldays import last_school_day


def _areas_field(label: str, required: bool = False) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=EcfArea.choices,
        widget=forms.CheckboxSelectMultiple,
        required=required,
        error_messages={"required": "Choose at least one ECF area."},
    )


def _text(
    label: str, *, required: bool = True, rows: int = 4, help_text: str = "", limit: int = TEXT_LIMIT
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=limit,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
        error_messages={
            "required": f"Enter {label[0].lower()}{label[1:]}.",
            "max_length": f"{label} must be {limit:,} characters or fewer.",
        },
    )


def _date(label: str, *, help_text: str = "") -> forms.DateField:
    # The GOV.UK day, month and year boxes (lib.forms.DateField reads them, and a single value too).
    return DateField(
        label=label,
        help_text=help_text,
        error_messages={
            "required": f"Enter the {label.lower()}.",
            "invalid": f"Enter the {label.lower()} as a real date.",
        },
    )


class NotInFuture:
    def _not_future(self, day: datetime.date | None, what: str) -> datetime.date | None:
        if day and day > timezone.localdate():
            raise forms.ValidationError(f"The {what} must be today or earlier.")
        return day


class ModuleForm(EditVersionMixin, GovukModelForm):
    areas = _areas_field("ECF areas", required=True)

    class Meta:
        model = Module
        fields = list(MODULE_FIELDS)  # what the hub may set on a module: the service accepts exactly these
        widgets = {
            "content": forms.Textarea(attrs={"rows": 14}),
            "resource_links": forms.Textarea(attrs={"rows": 3}),
            "participant_type": forms.RadioSelect,
            "programme_year": forms.RadioSelect,
        }
        error_messages = {
            "title": {"required": "Enter the module's title."},
            "content": {"required": "Enter what the module says."},
            "week": {
                "required": "Enter the teaching week it is released in.",
                "min_value": "The week must be 1 or more.",
                "max_value": "The week must be 45 or less.",
            },
            "expected_minutes": {
                "min_value": "Expect at least 5 minutes.",
                "max_value": "Keep a module to 4 hours (240 minutes) or less.",
            },
        }

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("participant_type") == "mentor" and data.get("programme_year") == 2:
            self.add_error("programme_year", "Mentors' training lasts one year: put their modules in year 1.")
        return data


class ModuleDoneForm(GovukForm):
    pass


class ObservationForm(NotInFuture, GovukForm):
    observed_on = _date("Date of the observation")
    class_or_year_group = forms.CharField(
        label="Class or year group",
        max_length=80,
        error_messages={"required": "Enter the class or year group, for example Year 4 or 9B."},
    )
    subject = forms.CharField(label="Subject", max_length=80, required=False)
    areas = _areas_field("ECF areas in focus")
    went_well = _text("What went well")
    to_work_on = _text("What to work on")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A lesson is seen on a school day: today if it is one, else the last one (not a Sunday).
        self.fields["observed_on"].initial = self.initial.get("observed_on") or last_school_day()

    def clean_observed_on(self) -> datetime.date | None:
        return self._not_future(self.cleaned_data.get("observed_on"), "observation date")


class ResponseForm(GovukForm):
    response = _text("Your response", help_text="Only you, your mentor and the hub's programme team can read it.")


class StepForm(GovukForm):
    # Chosen by browsing the library above the form ("Use this step"), carried as a hidden value.
    library_step = forms.ModelChoiceField(
        queryset=LibraryStep.objects.select_related("goal__strand"),
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": "Choose a step from the library."},
    )
    step = forms.CharField(
        label="The action step",
        max_length=300,
        required=False,
        help_text="One concrete thing to practise, for example ‘Narrate the positive when giving instructions’.",
    )
    success_looks_like = _text("What success looks like", required=False)
    practice_task = _text("Practice task", required=False, rows=3)
    check_back_on = _date("Check-back date", help_text="Usually the next meeting.")

    def __init__(self, *args: Any, chosen: LibraryStep | None = None, **kwargs: Any) -> None:
        if chosen is not None:
            kwargs.setdefault("initial", {}).update(
                library_step=chosen.pk,
                step=chosen.title,
                success_looks_like=chosen.success_criteria,
                practice_task=chosen.practice_task,
            )
        super().__init__(*args, **kwargs)

    def clean_check_back_on(self) -> datetime.date | None:
        day = self.cleaned_data.get("check_back_on")
        if day and day < timezone.localdate():
            raise forms.ValidationError("The check-back date must be today or later.")
        return day

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        chosen = data.get("library_step")
        if chosen is not None:
            data["step"] = data.get("step") or chosen.title
            data["success_looks_like"] = data.get("success_looks_like") or chosen.success_criteria
            data["practice_task"] = data.get("practice_task") or chosen.practice_task
        if not data.get("step"):
            self.add_error("step", "Enter the action step, or choose one from the library.")
        if not data.get("success_looks_like"):
            self.add_error("success_looks_like", "Enter what success looks like.")
        return data


class PractisedForm(GovukForm):
    reflection = _text("How it went", help_text="A sentence or two: what you tried, and what you noticed.", rows=3)


class SetAgainForm(GovukForm):
    check_back_on = _date("New check-back date")

    def clean_check_back_on(self) -> datetime.date | None:
        day = self.cleaned_data.get("check_back_on")
        if day and day < timezone.localdate():
            raise forms.ValidationError("The check-back date must be today or later.")
        return day


class MeetingForm(NotInFuture, GovukForm):
    met_on = _date("Date of the meeting")
    notes = _text("Notes")
    rehearsed = _text("What was rehearsed", required=False, rows=3)
    steps_reviewed = forms.ModelMultipleChoiceField(
        label="Steps looked at",
        queryset=ActionStep.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={
            "invalid_choice": "Choose from this ECT's steps.",
            "invalid_pk_value": "Choose from this ECT's steps.",
        },
    )

    steps_closed = forms.ModelMultipleChoiceField(
        label="Steps to close",
        queryset=ActionStep.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="The ECT has got there: the step is closed when you save the meeting. Tick it above too.",
        error_messages={
            "invalid_choice": "Choose from this ECT's steps.",
            "invalid_pk_value": "Choose from this ECT's steps.",
        },
    )

    def __init__(self, *args: Any, steps: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if steps is not None:
            self.fields["steps_reviewed"].queryset = steps  # type: ignore[attr-defined]
            self.fields["steps_closed"].queryset = steps  # type: ignore[attr-defined]
        for name in ("steps_reviewed", "steps_closed"):
            field: Any = self.fields[name]
            field.label_from_instance = lambda s: f"{s.step} (check back {when.plain_date(s.check_back_on)})"
        if not self.fields["steps_closed"].queryset.exists():  # type: ignore[attr-defined]
            del self.fields["steps_closed"]
        self.fields["met_on"].initial = self.initial.get("met_on") or last_school_day()

    def clean_met_on(self) -> datetime.date | None:
        return self._not_future(self.cleaned_data.get("met_on"), "meeting date")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        reviewed = {s.pk for s in data.get("steps_reviewed") or []}
        if any(s.pk not in reviewed for s in data.get("steps_closed") or []):
            self.add_error("steps_closed", "Tick a step under “Steps looked at” to close it at this meeting.")
        return data


class LibraryStepForm(GovukForm):
    strand = forms.CharField(label="Strand", max_length=120, help_text="For example Behaviour, or Instruction.")
    goal = forms.CharField(label="Goal", max_length=200)
    title = forms.CharField(label="Step", max_length=300)
    success_criteria = _text("Success criteria", limit=2000)
    practice_task = _text("Practice task", limit=2000)
    areas = _areas_field("ECF areas")


class LearningSettingsForm(EditVersionMixin, GovukModelForm):
    class Meta:
        model = LearningSettings
        fields = [
            "year_1_meeting_every_weeks",
            "year_2_meeting_every_weeks",
            "new_mentor_reads_history",
            "count_learning_in_engagement",
        ]
        error_messages = {
            name: {
                "required": "Enter a number of teaching weeks.",
                "min_value": "Enter 1 or more.",
                "max_value": "Enter 6 or fewer.",
            }
            for name in ("year_1_meeting_every_weeks", "year_2_meeting_every_weeks")
        }


class DigestForm(GovukForm):
    weekly_digest = forms.BooleanField(label="Send me the weekly learning e-mail", required=False)
