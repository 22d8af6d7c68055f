"""Forms for the hub admins' scheduling page."""

from __future__ import annotations

from typing import Any

from django import forms

from ecfhub.events.models import TrainingEvent
from ecfhub.lib.forms import DateField, GovukForm
from ecfhub.programme.models import Cohort
from ecfhub.scheduling.models import ChangeRequest


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
    until = DateField(
        required=False,
        label="Sessions up to",
        help_text="Only give dates on or before this day, for example 31 3 2027. Leave empty for the whole programme.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Two cohorts run the same events: each tick box names its cohort, or the titles repeat.
        events = self.fields["events"]
        assert isinstance(events, forms.ModelMultipleChoiceField)
        events.label_from_instance = lambda e: f"{e}, {e.cohort}"  # type: ignore[method-assign,assignment]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        cohort, events = data.get("cohort"), data.get("events")
        if cohort and events and any(e.cohort_id != cohort.pk for e in events):
            self.add_error("events", "Choose events of the chosen cohort, or choose every cohort.")
        return data


class FindParticipantForm(GovukForm):
    """Step 1 of giving one person a date: find them."""

    q = forms.CharField(
        label="Name, e-mail address or TRN",
        max_length=150,
        help_text="Part of a name or e-mail address is enough, for example Erin or riverside.",
        error_messages={"required": "Enter a name, e-mail address or TRN to search for."},
    )


class PlaceForm(GovukForm):
    """Step 2: choose one of the listed sessions for the chosen person, optionally waiving the notice."""

    session = forms.TypedChoiceField(
        coerce=int,
        label="Choose the date",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a date.",
            "invalid_choice": "Choose one of the dates listed. The list may have changed: check it again.",
        },
    )
    waive_notice = forms.BooleanField(
        required=False, label="Waive the notice (the date is less than the hub's notice away)"
    )
    waiver_reason = forms.CharField(
        required=False,
        max_length=300,
        label="Reason for waiving the notice",
        help_text="Needed when you waive the notice. It is recorded, for example: Joined the programme in October.",
        error_messages={"max_length": "Keep the reason to 300 characters or fewer."},
    )

    def __init__(self, *args: Any, session_choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = session_choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("waive_notice") and not (data.get("waiver_reason") or "").strip():
            self.add_error("waiver_reason", "Enter the reason for waiving the notice.")
        return data


class ChangeDateForm(GovukForm):
    """ "Can't make this date?": choose another session of the same event and say why."""

    session = forms.TypedChoiceField(
        coerce=int,
        label="Choose another date",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the date you can make.",
            "invalid_choice": "Choose one of the dates listed. The list may have changed: check it again.",
        },
    )
    reason = forms.ChoiceField(
        label="Why can you not make your date?",
        # A catch-up is asked on its own page, not given as a reason here.
        choices=[
            (value, label) for value, label in ChangeRequest.Reason.choices if value != ChangeRequest.Reason.MISSED
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose why you cannot make the date."},
    )
    details = forms.CharField(
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Anything the hub should know",
        help_text="Needed if you chose another reason; otherwise you can leave it empty. Do not include medical details.",
        error_messages={"max_length": "Keep this to 500 characters or fewer."},
    )

    def __init__(self, *args: Any, session_choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = session_choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("reason") == ChangeRequest.Reason.OTHER and not (data.get("details") or "").strip():
            self.add_error("details", "Say in a few words why you cannot make the date.")
        return data


class DecideForm(GovukForm):
    """A hub admin's answer to a pending request."""

    decision = forms.ChoiceField(
        label="Your decision",
        choices=[
            ("approve", "Approve: move them (or put them on the waiting list if the date is full)"),
            ("decline", "Decline: they keep their date"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to approve or decline the request."},
    )
    message = forms.CharField(
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Message to the person",
        help_text="Needed when you decline: it is e-mailed to them.",
        error_messages={"max_length": "Keep the message to 500 characters or fewer."},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "decline" and not (data.get("message") or "").strip():
            self.add_error("message", "Enter a message for the person, saying why you cannot move their date.")
        return data


class CatchUpForm(GovukForm):
    """After a missed session: choose a catch-up date of the same event."""

    session = forms.TypedChoiceField(
        coerce=int,
        label="Choose a catch-up date",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the date you can make.",
            "invalid_choice": "Choose one of the dates listed. The list may have changed: check it again.",
        },
    )

    def __init__(self, *args: Any, session_choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = session_choices  # type: ignore[attr-defined]
