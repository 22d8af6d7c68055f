"""The upload form (the registration CSV's, with the provider's words) and the decisions on a file's differences."""

from __future__ import annotations

from typing import Any

from django import forms

from ecfhub.lib.forms import GovukForm
from ecfhub.onboarding.forms import CsvUploadForm
from ecfhub.onboarding.uploads import SizeLimitHandler

__all__ = ["DecisionsForm", "ProviderFileForm", "SizeLimitHandler"]


class ProviderFileForm(CsvUploadForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].label = "Upload the lead provider's participant file"
        self.fields["file"].help_text = "A CSV file with DfE's field names in the first row. Up to 10 MB."


class DecisionsForm(GovukForm):
    """Which differences to accept (ticked); every other one is rejected. The page draws the boxes itself."""

    accept = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose from the differences listed."},
    )
    sha256 = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args: Any, differences: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["accept"].choices = [(str(d["n"]), str(d["n"])) for d in differences]  # type: ignore[attr-defined]
        self.differences = {d["n"]: d for d in differences}

    def clean_accept(self) -> list[int]:
        chosen = [int(n) for n in self.cleaned_data["accept"]]
        refused = [n for n in chosen if not self.differences[n]["can_accept"]]
        if refused:
            raise forms.ValidationError(
                f"Difference {refused[0]} cannot be accepted here: {self.differences[refused[0]]['note']}"
            )
        return chosen
