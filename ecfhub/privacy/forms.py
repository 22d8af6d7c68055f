from __future__ import annotations

from django import forms

from ecfhub.lib.forms import GovukForm


class PersonSearchForm(GovukForm):
    q = forms.CharField(
        label="Find a person", required=False, max_length=200, help_text="Part of a name or e-mail address."
    )


class ConfirmAnonymiseForm(GovukForm):
    confirm = forms.BooleanField(
        label="I understand this removes their name, e-mail address, TRN and notes for good",
        error_messages={"required": "Tick the box to confirm you want to anonymise this person."},
    )
