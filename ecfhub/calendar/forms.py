"""The public calendar's filters: a GET form, so every filtered view has its own address."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from ecfhub.calendar.queries import CalendarFilters, venue_choices
from ecfhub.events.models import TrainingEvent
from ecfhub.lib.forms import GovukForm
from ecfhub.people.models import ParticipantType
from ecfhub.terms.models import AcademicYear, HalfTerm


class CalendarFilterForm(GovukForm):
    year = forms.TypedChoiceField(coerce=int, label="Academic year", required=False, empty_value=None)
    kind = forms.ChoiceField(
        choices=[("", "Clinics and conferences"), *TrainingEvent.Kind.choices], required=False, label="Type of event"
    )
    audience = forms.ChoiceField(
        choices=[("", "ECTs and mentors"), *ParticipantType.plural_choices()], required=False, label="For"
    )
    half_term = forms.TypedChoiceField(
        choices=[("", "Whole year"), *HalfTerm.Number.choices],
        coerce=int,
        empty_value=None,
        required=False,
        label="Half term",
    )
    venue = forms.TypedChoiceField(coerce=int, empty_value=None, required=False, label="Venue")
    view = forms.ChoiceField(
        choices=[("list", "List by half term"), ("month", "Month by month")], required=False, label="Show as"
    )

    def __init__(self, *args: Any, years: list[AcademicYear], default_year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.default_year = default_year
        cast(forms.ChoiceField, self.fields["year"]).choices = [(y.start_year, y.label) for y in years] or [
            (default_year, f"{default_year}/{(default_year + 1) % 100:02d}")
        ]
        venues = venue_choices()
        if venues:
            cast(forms.ChoiceField, self.fields["venue"]).choices = [("", "Every venue"), *venues]
        else:
            del self.fields["venue"]  # one place (or none set up): nothing to choose

    @property
    def chosen(self) -> int:
        """How many filters differ from the default view (the page keeps them unfolded and says so)."""
        values = self.data if self.is_bound else self.initial
        count = sum(1 for name in ("kind", "audience", "half_term", "venue") if values.get(name))
        year = values.get("year")
        return count + (1 if year and str(year) != str(self.default_year) else 0)

    def filters(self) -> CalendarFilters:
        """The filters asked for; anything unknown falls back to the whole current year."""
        self.is_valid()  # fields that fail are simply left out of cleaned_data
        data = self.cleaned_data
        return CalendarFilters(
            year=data.get("year") or self.default_year,
            kind=data.get("kind") or "",
            audience=data.get("audience") or "",
            half_term=data.get("half_term"),
            venue=data.get("venue"),
        )

    @property
    def view_name(self) -> str:
        self.is_valid()
        return self.cleaned_data.get("view") or "list"
