"""Forms for the hub admins' scheduling page."""

from __future__ import annotations

from django import forms

from ecfhub.events.models import TrainingEvent
from ecfhub.lib.forms import DateInput, GovukForm
from ecfhub.people.models import Participant
from ecfhub.programme.models import Cohort


class ScopeForm(GovukForm):
    cohort = forms.ModelChoiceField(
        queryset=Cohort.objects.order_by("-start_year"),
        required=False,
        empty_label="Every cohort",
        help_text="Whose dates to work out.",
    )
    events = forms.ModelMultipleChoiceField(
        queryset=TrainingEvent.objects.select_related("cohort").order_by(
            "-cohort__start_year", "audience", "programme_year", "order"
        ),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Events",
        help_text="Leave all unticked to schedule every event.",
    )
    until = forms.DateField(
        required=False,
        widget=DateInput(),
        label="Sessions up to",
        help_text="Only give dates on or before this day, for example 31 3 2027. Leave empty for the whole programme.",
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        cohort, events = data.get("cohort"), data.get("events")
        if cohort and events and any(e.cohort_id != cohort.pk for e in events):
            self.add_error("events", "Choose events of the chosen cohort, or choose every cohort.")
        return data


class PlaceForm(GovukForm):
    """A hub admin gives one person a date by hand."""

    trn = forms.RegexField(
        regex=r"^\d{7}$",
        label="Participant's TRN",
        error_messages={"invalid": "Enter the TRN as 7 digits, for example 1234567."},
    )
    participant_type = forms.ChoiceField(
        choices=Participant.Type.choices, label="Participating as", widget=forms.RadioSelect
    )
    session = forms.IntegerField(
        label="Session number",
        help_text="Shown beside each session in the preview and on the event's page.",
        min_value=1,
    )
    waive_notice = forms.BooleanField(
        required=False, label="Waive the notice (the date is less than the hub's notice away)"
    )
    waiver_reason = forms.CharField(required=False, max_length=300, label="Reason for waiving the notice")
