"""Single-line fields refuse control characters everywhere: our forms, the Django admin, and calendar output."""

from __future__ import annotations

import pytest
from django import forms

from ecfhub.lib.forms import GovukForm
from ecfhub.lib.text import CONTROL_MESSAGE, has_control_characters, one_line


class _Form(GovukForm):
    title = forms.CharField()
    notes = forms.CharField(widget=forms.Textarea, required=False)
    secret = forms.CharField(widget=forms.PasswordInput, required=False)


@pytest.mark.parametrize(
    "text", ["Line\nbreak", "Carriage\rreturn", "Tab\there", "Bell\x07", "Nul\x00", "Sep\u2028x", "C1\x85mid"]
)
def test_a_single_line_field_refuses_control_characters(text):
    form = _Form(data={"title": text})
    assert not form.is_valid()
    assert CONTROL_MESSAGE in form.errors["title"]


def test_text_areas_and_passwords_keep_their_line_breaks_and_characters():
    form = _Form(data={"title": "Routines that work", "notes": "First line\r\nSecond line", "secret": "a\tb"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["notes"] == "First line\r\nSecond line"


def test_ordinary_text_is_untouched():
    for text in ["Ünal-O’Brien", "Checking for understanding – part 2", "Café (Norwich)"]:
        assert not has_control_characters(text)
        assert one_line(text) == text
    assert one_line("A\r\nB\x07 C") == "A B C"
