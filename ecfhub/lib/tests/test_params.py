"""Reading numbers from a request: ASCII digits, in range, or BadParameter (lib/params.py)."""

from __future__ import annotations

import datetime

import pytest
from django import forms
from django.http import QueryDict

from ecfhub.lib.forms import DateField, GovukForm
from ecfhub.lib.params import (
    ID_MAX,
    BadParameter,
    IdConverter,
    YearConverter,
    get_date,
    get_id,
    get_int,
    get_year,
    has_odd_digits,
)

ODD = ["²", "٣", "३", "３", "½", "1²", "٣٣"]


@pytest.mark.parametrize("raw", ["1", "42", "9" * 18])
def test_an_id_in_ascii_digits_is_read(raw: str) -> None:
    assert get_id(QueryDict(f"x={raw}"), "x") == int(raw)


@pytest.mark.parametrize("raw", [*ODD, "0", "-1", "+1", " 1", "1 ", "1.0", "1e3", "0x1f", "NaN", "inf", "9" * 19, "a"])
def test_anything_else_is_a_bad_parameter_with_a_plain_message(raw: str) -> None:
    with pytest.raises(BadParameter) as raised:
        get_id({"observation": raw}, "observation")
    assert raised.value.message.startswith("The observation in the web address or the form is not one we recognise.")


def test_an_absent_or_empty_id_is_none_unless_it_is_required() -> None:
    assert get_id({}, "x") is None
    assert get_id({"x": ""}, "x") is None
    with pytest.raises(BadParameter):
        get_id({}, "x", required=True)


def test_eighteen_digits_always_fit_the_database() -> None:
    assert int("9" * 18) < ID_MAX


def test_a_whole_number_and_a_year_are_read_within_their_range() -> None:
    assert get_int({"n": "-3"}, "n", minimum=-5, maximum=5) == -3
    assert get_year({"year": "2025"}) == 2025
    for raw in ("6", "٣"):
        with pytest.raises(BadParameter):
            get_int({"n": raw}, "n", minimum=-5, maximum=5)
    for raw in ("1", "9999", "1999", "2101", "２０２５"):
        with pytest.raises(BadParameter):
            get_year({"year": raw})


def test_a_date_is_read_as_yyyy_mm_dd_in_ascii_digits_within_the_years_a_hub_runs() -> None:
    assert get_date({"on": "2026-02-28"}, "on") == datetime.date(2026, 2, 28)
    for raw in ("2026-02-30", "0001-01-01", "9999-12-31", "٢٠٢٦-٠٢-٢٨", "28/02/2026", "2026-2-28"):
        with pytest.raises(BadParameter):
            get_date({"on": raw}, "on")


def test_odd_digits_are_told_apart_from_ascii_ones() -> None:
    assert all(has_odd_digits(raw) for raw in ODD)
    assert not has_odd_digits("2026-02-28 Ünïcödé")


def test_the_url_converters_match_ascii_digits_only_and_years_a_calendar_holds() -> None:
    import re

    assert re.fullmatch(IdConverter.regex, "9" * 18)
    assert not re.fullmatch(IdConverter.regex, "9" * 19)
    assert not re.fullmatch(IdConverter.regex, "٣")
    assert YearConverter().to_python("2025") == 2025
    with pytest.raises(ValueError):
        YearConverter().to_python("9999")


class NumbersForm(GovukForm):
    count = forms.IntegerField(required=False)
    share = forms.DecimalField(required=False)
    on = DateField(required=False)
    kind = forms.TypedChoiceField(choices=[(1, "one"), (3, "three")], coerce=int, required=False)


@pytest.mark.parametrize("odd", ODD)
@pytest.mark.parametrize("field", ["count", "share", "on"])
def test_a_form_refuses_other_digits_in_a_number_or_a_date_with_a_message(field: str, odd: str) -> None:
    form = NumbersForm({field: odd})
    assert not form.is_valid()
    assert form.errors[field] == ["Use the digits 0 to 9."]


def test_a_form_refuses_other_digits_in_any_box_of_a_date() -> None:
    form = NumbersForm({"on_day": "٣", "on_month": "9", "on_year": "2026"})
    assert form.errors["on"] == ["Use the digits 0 to 9."]


def test_a_form_still_reads_ascii_digits_and_keeps_whole_numbers_within_the_database() -> None:
    form = NumbersForm({"count": "3", "share": "2.5", "on": "2026-09-03", "kind": "3"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["count"] == 3 and form.cleaned_data["kind"] == 3
    assert NumbersForm({"count": "9" * 30}).errors["count"] == ["Enter a smaller number."]
