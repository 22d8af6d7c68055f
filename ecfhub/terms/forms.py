from __future__ import annotations

from django import forms

from ecfhub.lib.forms import DateField, GovukForm, GovukModelForm
from ecfhub.terms.models import AcademicYear, ClosureDay


class ClosureDayForm(GovukModelForm):
    class Meta:
        model = ClosureDay
        fields = ["date", "reason"]
        field_classes = {"date": DateField}
        error_messages = {"date": {"unique": "That day is already a closure day."}}

    def clean_date(self):  # type: ignore[no-untyped-def]
        day = self.cleaned_data["date"]
        if day.weekday() >= 5:
            raise forms.ValidationError("Choose a weekday: weekends are never school days.")
        return day


class NewYearForm(GovukForm):
    start_year = forms.IntegerField(
        label="Year the academic year starts",
        min_value=2020,
        max_value=2100,
        help_text="For 2027/28, enter 2027.",
        error_messages={"required": "Enter the year the academic year starts, for example 2027."},
    )

    def clean_start_year(self) -> int:
        year: int = self.cleaned_data["start_year"]
        if AcademicYear.objects.filter(start_year=year).exists():
            raise forms.ValidationError("That academic year is already on the calendar.")
        return year
