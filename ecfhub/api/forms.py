"""The hub admin's form for a new API token."""

from __future__ import annotations

from django import forms

from ecfhub.api.models import ApiToken
from ecfhub.lib.forms import DateField, GovukForm


class TokenForm(GovukForm):
    name = forms.CharField(
        label="Name",
        max_length=100,
        help_text="Whose token it is, for example the lead provider's name. It is shown in the audit log with every use.",
        error_messages={"required": "Enter a name for the token"},
    )
    scope = forms.ChoiceField(
        label="What it may do",
        choices=ApiToken.Scope.choices,
        initial=ApiToken.Scope.READ,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the token may do"},
    )
    expires_on = DateField(
        label="Expires on (optional)",
        required=False,
        help_text="For example, 31 8 2027. Leave it empty for a token that works until you revoke it.",
    )
