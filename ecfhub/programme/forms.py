from __future__ import annotations

from django import forms

from ecfhub.lib.forms import GovukForm

_RANGE = "Enter a whole number from 0 to 50."


class RequirementForm(GovukForm):
    """How many clinics and conferences a requirement row asks for (the service checks the same limits)."""

    clinics = forms.IntegerField(
        label="Clinics",
        min_value=0,
        max_value=50,
        error_messages={"required": "Enter how many clinics, or 0.", "min_value": _RANGE, "max_value": _RANGE},
    )
    conferences = forms.IntegerField(
        label="Conferences",
        min_value=0,
        max_value=50,
        error_messages={"required": "Enter how many conferences, or 0.", "min_value": _RANGE, "max_value": _RANGE},
    )
