"""The GOV.UK date input (`DateInput`, `DateField`): typed as day, month and year, read the same everywhere."""

from __future__ import annotations

import datetime

import pytest
from bs4 import BeautifulSoup

from ecfhub.lib.forms import DateField, GovukForm


class StartForm(GovukForm):
    starts_on = DateField(
        label="Start date",
        help_text="For example 3 9 2026.",
        error_messages={"required": "Enter the start date.", "invalid": "Enter a real date."},
    )


def _errors(data: dict[str, str]) -> list[str]:
    form = StartForm(data)
    assert not form.is_valid()
    return form.errors["starts_on"]


def test_it_reads_the_day_month_and_year_boxes() -> None:
    form = StartForm({"starts_on_day": "3", "starts_on_month": "09", "starts_on_year": "2026"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["starts_on"] == datetime.date(2026, 9, 3)


@pytest.mark.parametrize("value", ["2026-09-03", "03/09/2026", "3/9/2026", "3.9.2026"])
def test_it_still_reads_a_single_value_as_the_csv_import_sends_it(value: str) -> None:
    form = StartForm({"starts_on": value})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["starts_on"] == datetime.date(2026, 9, 3)


def test_it_says_which_part_is_missing() -> None:
    assert _errors({"starts_on_day": "3", "starts_on_month": "", "starts_on_year": "2026"}) == [
        "The date must include a month."
    ]
    assert _errors({"starts_on_day": "", "starts_on_month": "", "starts_on_year": "2026"}) == [
        "The date must include a day and a month."
    ]


def test_it_asks_for_the_date_when_every_box_is_empty() -> None:
    assert _errors({"starts_on_day": "", "starts_on_month": "", "starts_on_year": ""}) == ["Enter the start date."]


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("31", "2", "2026", "Enter a real date."),
        ("x", "2", "2026", "Enter a real date."),
        ("1", "99999999999999999999", "2026", "Enter a real date."),
        ("1", "2", "26", "The year must have 4 numbers, for example 2027."),
        ("1", "2", "9" * 5000, "The year must have 4 numbers, for example 2027."),
    ],
)
def test_it_refuses_what_is_not_a_real_date(day: str, month: str, year: str, message: str) -> None:
    assert _errors({"starts_on_day": day, "starts_on_month": month, "starts_on_year": year}) == [message]


def test_it_renders_three_labelled_boxes_in_a_fieldset_named_by_the_label() -> None:
    html = BeautifulSoup(
        str(StartForm(initial={"starts_on": datetime.date(2026, 9, 3)})["starts_on"].as_field_group()), "html.parser"
    )
    fieldset = html.select_one("fieldset.govuk-fieldset[role=group]")
    assert fieldset is not None
    assert fieldset.legend is not None and fieldset.legend.get_text(strip=True) == "Start date"
    assert fieldset["aria-describedby"] == "id_starts_on_helptext"
    boxes = html.select("input.govuk-date-input__input")
    assert [(b["name"], b.get("value"), b["inputmode"]) for b in boxes] == [
        ("starts_on_day", "3", "numeric"),
        ("starts_on_month", "9", "numeric"),
        ("starts_on_year", "2026", "numeric"),
    ]
    labels = {label["for"]: label.get_text(strip=True) for label in html.select("label.govuk-date-input__label")}
    assert labels == {"id_starts_on_0": "Day", "id_starts_on_1": "Month", "id_starts_on_2": "Year"}
    assert not html.select("input[type=date]")


def test_it_marks_the_boxes_in_error_and_the_summary_links_to_the_day() -> None:
    form = StartForm({"starts_on_day": "31", "starts_on_month": "2", "starts_on_year": "2026"})
    assert not form.is_valid()
    html = BeautifulSoup(str(form["starts_on"].as_field_group()), "html.parser")
    assert len(html.select("input.govuk-input--error")) == 3
    assert html.select_one("input[name=starts_on_day]")["value"] == "31"  # what was typed stays
    assert form.error_summary() == [("#id_starts_on_0", "Enter a real date.")]


@pytest.mark.django_db
def test_a_required_radio_question_starts_with_nothing_chosen() -> None:
    from django import forms

    from ecfhub.events.forms import TrainingEventForm

    class Question(GovukForm):
        kind = forms.ChoiceField(choices=[("", "---------"), ("a", "A"), ("b", "B")], widget=forms.RadioSelect)

    assert [value for value, _ in Question().fields["kind"].choices] == ["a", "b"]
    html = str(TrainingEventForm())
    assert "---------" not in html
    assert "checked" not in html
