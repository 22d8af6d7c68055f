from __future__ import annotations

from django import forms

from ecfhub.attendance.models import Mark
from ecfhub.attendance.services import REASON_MAX
from ecfhub.lib.forms import GovukForm


class MarkForm(GovukForm):
    """One person's mark, posted from their row of the register (one tap saves it)."""

    place = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    mark = forms.ChoiceField(
        choices=Mark.choices, error_messages={"required": "Choose present, late, left early or absent."}
    )
    reason = forms.CharField(
        required=False,
        max_length=REASON_MAX,
        label="Reason for the correction",
        error_messages={"max_length": f"Keep the reason to {REASON_MAX} characters or fewer."},
    )


class MeetingReportForm(GovukForm):
    report = forms.FileField(
        label="The meeting's attendance report (CSV)",
        help_text="Download it from Teams, Zoom or Meet after the session. Up to 2 MB.",
        error_messages={"required": "Choose the attendance report file.", "empty": "The file is empty."},
    )
