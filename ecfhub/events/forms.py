"""Forms for the hub admins' training-event pages."""

from __future__ import annotations

import datetime
from typing import Any, cast

from django import forms
from django.utils import timezone

from ecfhub.events.models import Session, TrainingEvent, Venue
from ecfhub.events.queries import explain_not_school_days
from ecfhub.events.services import DEFAULT_MODE, DEFAULT_TIMES, EVENT_FIELDS, day_problems, local_datetime
from ecfhub.lib import when
from ecfhub.lib.forms import DateField, EditVersionMixin, GovukForm, GovukModelForm
from ecfhub.lib.geo import MAX_EASTING, MAX_NORTHING
from ecfhub.people.models import ParticipantType, User
from ecfhub.programme.areas import EcfArea
from ecfhub.programme.models import Cohort

MAX_DATES = 8


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self) -> None:
        super().__init__(attrs={"class": "govuk-input govuk-input--width-5"}, format="%H:%M")


class EventFilterForm(GovukForm):
    cohort = forms.ModelChoiceField(queryset=Cohort.objects.all(), empty_label=None, required=False)
    audience = forms.ChoiceField(
        choices=[("", "ECTs and mentors"), *ParticipantType.plural_choices()], required=False, label="Audience"
    )
    programme_year = forms.TypedChoiceField(
        choices=[("", "Both years"), ("1", "Year 1"), ("2", "Year 2")],
        coerce=int,
        empty_value=None,
        required=False,
        label="Programme year",
    )


class TrainingEventForm(EditVersionMixin, GovukModelForm):
    focus = forms.MultipleChoiceField(
        choices=EcfArea.choices,
        widget=forms.CheckboxSelectMultiple,
        label="Focus",
        help_text="The ECF areas this event works on. Choose at least one.",
        error_messages={"required": "Choose at least one ECF area the event focuses on."},
    )

    class Meta:
        model = TrainingEvent
        fields = ["cohort", "audience", "kind", "programme_year", "order", "title", "focus", "description", "optional"]
        widgets = {
            "audience": forms.RadioSelect,
            "kind": forms.RadioSelect,
            "programme_year": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 5}),
        }
        labels = {
            "order": "Position in the programme year",
            "description": "Description (optional)",
            "optional": "This is an extra event that people may choose to come to",
        }
        help_texts = {
            "kind": "Clinics are about an hour, online, after school. Conferences are all day, in person.",
            "order": "1 for the first event of this audience in this programme year, 2 for the next, and so on.",
        }
        error_messages = {
            "title": {"required": "Enter the event's title."},
            "order": {"required": "Enter the event's position in the programme year, for example 1."},
            "audience": {"required": "Choose who the event is for."},
            "kind": {"required": "Choose clinic or conference."},
            "programme_year": {"required": "Choose programme year 1 or 2."},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["cohort"]).empty_label = None
        self.fields["order"].widget.attrs["class"] = "govuk-input govuk-input--width-3"
        if self.instance.pk:
            # Moving an event to another cohort would orphan its sessions' bookings.
            self.fields["cohort"].disabled = True

    def event_fields(self) -> dict[str, Any]:
        """The cleaned description fields (all but the cohort), as the events services take them."""
        return {name: self.cleaned_data[name] for name in EVENT_FIELDS}

    def clean_order(self) -> int:
        order: int = self.cleaned_data["order"]
        if order < 1:
            raise forms.ValidationError("Enter a position of 1 or more.")
        return order

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        keys = ("cohort", "audience", "programme_year", "order")
        if all(data.get(k) for k in keys):
            clash = TrainingEvent.objects.filter(**{k: data[k] for k in keys}).exclude(pk=self.instance.pk).first()
            if clash:
                self.add_error(
                    "order", f"“{clash.title}” already has position {data['order']}. Choose another position."
                )
        return data


class _SessionFields(GovukForm):
    """Times, place, capacity and facilitators, shared by the add-sessions and edit-session forms."""

    start_time = forms.TimeField(
        widget=TimeInput(), label="Start time", error_messages={"required": "Enter the start time, for example 16:00."}
    )
    end_time = forms.TimeField(
        widget=TimeInput(), label="End time", error_messages={"required": "Enter the end time, for example 17:00."}
    )
    mode = forms.ChoiceField(
        choices=Session.Mode.choices, widget=forms.RadioSelect, label="How it runs",
        error_messages={"required": "Choose online or in person."},
    )  # fmt: skip
    joining_url = forms.URLField(
        required=False,
        label="Joining link (online sessions)",
        assume_scheme="https",
        error_messages={
            "invalid": "Enter the joining link as a web address, for example https://meet.example.com/abc."
        },
    )
    venue_place = forms.ModelChoiceField(
        queryset=Venue.objects.all(),
        required=False,
        label="Venue (in-person sessions)",
        empty_label="Choose a venue",
        error_messages={"invalid_choice": "Choose one of the hub's venues."},
    )
    venue = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Or another address, for this session only",
    )
    capacity = forms.IntegerField(
        min_value=1,
        max_value=10000,
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-4"}),
        error_messages={
            "required": "Enter how many people the session can take, for example 30.",
            "min_value": "Enter a capacity of at least 1.",
            "max_value": "Enter a capacity of 10,000 or fewer.",
        },
    )
    facilitators = forms.ModelMultipleChoiceField(
        queryset=User.objects.filter(is_facilitator=True, is_active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="People who deliver the session and take its register.",
    )

    # The fields add_sessions() and update_session() take by the same names.
    SERVICE_FIELDS = (
        "start_time",
        "end_time",
        "mode",
        "capacity",
        "joining_url",
        "venue",
        "venue_place",
        "facilitators",
    )

    def __init__(self, *args: Any, hub_venue: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[
            "venue_place"
        ].help_text = "People are offered the sessions nearest their school. Add venues under Manage, Venues."
        self.fields["venue"].help_text = (
            f"Leave empty for the hub's venue ({hub_venue.strip()}) or the venue chosen above."
            if hub_venue.strip()
            else "Leave empty for the hub's venue or the venue chosen above."
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", "The end time must be after the start time.")
        if data.get("mode") == Session.Mode.ONLINE and not data.get("joining_url") and "joining_url" not in self.errors:
            self.add_error("joining_url", "Enter the joining link for an online session.")
        return data

    def session_fields(self) -> dict[str, Any]:
        """The cleaned times, place, capacity and facilitators, as the sessions services take them."""
        return {name: self.cleaned_data[name] for name in self.SERVICE_FIELDS}


class AddSessionsForm(_SessionFields):
    """Several repeat dates at once, all with the same times and place."""

    field_order = [f"date_{n}" for n in range(1, MAX_DATES + 1)]

    def __init__(self, *args: Any, event: TrainingEvent, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.event = event
        for n in range(1, MAX_DATES + 1):
            self.fields[f"date_{n}"] = DateField(
                required=False,
                label=f"Date {n}",
                error_messages={"invalid": "Enter a real date, for example 14 1 2026."},
            )
        self.order_fields([f"date_{n}" for n in range(1, MAX_DATES + 1)])
        start, end = DEFAULT_TIMES[event.kind]
        self.fields["start_time"].initial = start
        self.fields["end_time"].initial = end
        self.fields["mode"].initial = DEFAULT_MODE[event.kind]
        self.fields["date_1"].help_text = "Choose up to 8 school days. Leave the rest empty."

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        chosen: dict[datetime.date, str] = {}
        for n in range(1, MAX_DATES + 1):
            name = f"date_{n}"
            day = data.get(name)
            if not day:
                continue
            if day in chosen:
                self.add_error(
                    name,
                    f"{when.short_day(day)} is already chosen as {str(self.fields[chosen[day]].label).lower()}.",
                )
                continue
            chosen[day] = name
        if not chosen and not any(f"date_{n}" in self.errors for n in range(1, MAX_DATES + 1)):
            self.add_error("date_1", "Choose at least one date.")
        for day, why in explain_not_school_days(sorted(chosen)).items():
            self.add_error(chosen[day], why)
        start = data.get("start_time") or datetime.time(0, 0)
        for day, name in chosen.items():
            if name not in self.errors:
                for problem in day_problems(self.event, local_datetime(day, start)):
                    self.add_error(name, problem.message)
        data["dates"] = sorted(chosen)
        return data


class SessionForm(EditVersionMixin, _SessionFields):
    date = DateField(
        label="Date",
        error_messages={"required": "Enter the date.", "invalid": "Enter a real date, for example 14 1 2026."},
    )  # fmt: skip

    field_order = [
        "date",
        "start_time",
        "end_time",
        "mode",
        "joining_url",
        "venue_place",
        "venue",
        "capacity",
        "facilitators",
    ]

    def __init__(self, *args: Any, session: Session, **kwargs: Any) -> None:
        kwargs.setdefault("initial", self.initial_from(session))
        super().__init__(*args, **kwargs)
        self.session = session
        if session.starts_at <= timezone.now():
            # It has happened (or is happening): its day and times are history.
            for name in ("date", "start_time", "end_time"):
                self.fields[name].disabled = True

    def initial_from(self, record: Any) -> dict[str, Any]:
        """A session's stored values in this form's terms: local date and times rather than moments."""
        start, end = timezone.localtime(record.starts_at), timezone.localtime(record.ends_at)
        return {
            "date": start.date(),
            "start_time": start.time(),
            "end_time": end.time(),
            "mode": record.mode,
            "joining_url": record.joining_url,
            "venue": record.venue,
            "venue_place": record.venue_place_id,
            "capacity": record.capacity,
            "facilitators": list(record.facilitators.values_list("pk", flat=True)),
        }

    def clean_date(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["date"]
        if day != self.session.date:
            why = explain_not_school_days([day]).get(day)
            if why:
                raise forms.ValidationError(why)
        return day

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        day, start = data.get("date"), data.get("start_time")
        if day and start and "date" not in self.errors and not self.fields["date"].disabled:
            starts_at = local_datetime(day, start)
            if starts_at != self.session.starts_at:
                for problem in day_problems(self.session.event, starts_at):
                    self.add_error("date", problem.message)
        return data


class CancelSessionForm(GovukForm):
    reason = forms.CharField(
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Why is it cancelled?",
        help_text="Everyone on the session and its facilitators receive this in their e-mail.",
        error_messages={
            "required": "Enter the reason for cancelling, so people know why.",
            "max_length": "Keep the reason to 300 characters or fewer.",
        },
    )


class VenueForm(GovukForm):
    """A venue's name, address and grid reference (British National Grid), with messages a hub admin reads."""

    name = forms.CharField(max_length=120, error_messages={"required": "Enter the venue's name."})
    address = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=500)
    postcode = forms.CharField(
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-10", "autocomplete": "postal-code"}),
        help_text="If a school has this postcode, we take the venue's location from it.",
        error_messages={"max_length": "Enter a postcode, like NR1 2AB."},
    )
    easting = forms.CharField(
        required=False,
        label="Easting (metres)",
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-10", "inputmode": "numeric"}),
        help_text="The British National Grid reference, for example 623000. Leave empty to take it from the postcode.",
    )
    northing = forms.CharField(
        required=False,
        label="Northing (metres)",
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-10", "inputmode": "numeric"}),
        help_text="For example 308500.",
    )
    accessibility = forms.CharField(
        required=False,
        label="Accessibility notes",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text="Step-free access, parking, hearing loops: what participants should know before they go.",
    )

    def _grid(self, name: str, high: int, example: str) -> int | None:
        text = self.cleaned_data.get(name, "").strip().replace(",", "")
        if not text:
            return None
        if not (text.isascii() and text.isdigit()):
            raise forms.ValidationError(f"Enter the {name} in whole metres, digits only, for example {example}.")
        value = int(text)
        if value > high:
            raise forms.ValidationError(f"Enter a {name} from 0 to {high:,} metres.")
        return value

    def clean_easting(self) -> int | None:
        return self._grid("easting", MAX_EASTING, "623000")

    def clean_northing(self) -> int | None:
        return self._grid("northing", MAX_NORTHING, "308500")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        east, north = data.get("easting"), data.get("northing")
        if "easting" not in self.errors and "northing" not in self.errors and (east is None) != (north is None):
            self.add_error(
                "northing" if north is None else "easting", "Enter both the easting and the northing, or neither."
            )
        return data
