from __future__ import annotations

from typing import Any

from django import forms

from ecfhub.hub.models import HubSettings
from ecfhub.lib.forms import EditVersionMixin, GovukModelForm

# (field, fewest, most, what a hub admin reads when the number is outside them). The limits are
# what a hub could sensibly want, so a slip of the keyboard (0 years, 100,000 days) is caught.
LIMITS: dict[str, tuple[int, int, str]] = {
    "minimum_notice_school_days": (1, 100, "Enter a notice of 1 to 100 school days (half a term is about 30)."),
    "max_staff_out_per_school_per_day": (1, 20, "Enter 1 to 20 staff."),
    "first_reminder_days": (0, 60, "Enter 0 to 60 days (0 sends no first reminder)."),
    "second_reminder_days": (0, 60, "Enter 0 to 60 days (0 sends no second reminder)."),
    "cancellation_choice_days": (1, 30, "Enter 1 to 30 days."),
    "invitation_valid_days": (1, 90, "Enter 1 to 90 days: a set-up link should not stay usable for longer."),
    "retention_years": (1, 20, "Enter 1 to 20 years."),
    "max_travel_km": (1, 500, "Enter 1 to 500 km, or leave it empty for no limit."),
}


def _between(low: int, high: int, message: str) -> Any:
    def check(value: int) -> None:
        if not low <= value <= high:
            raise forms.ValidationError(message, code="out_of_range")

    return check


class HubSettingsForm(EditVersionMixin, GovukModelForm):
    class Meta:
        model = HubSettings
        fields = [
            "name",
            "venue_address",
            "contact_email",
            "lead_provider_name",
            "learning_platform_name",
            "learning_platform_url",
            "minimum_notice_school_days",
            "max_staff_out_per_school_per_day",
            "max_travel_km",
            "local_authorities",
            "first_reminder_days",
            "second_reminder_days",
            "date_change_policy",
            "trained_mentors_may_book",
            "cancellation_choice_days",
            "invitation_valid_days",
            "register_open_days",
            "left_early_share",
            "catch_up_self_study",
            "retention_years",
        ]
        widgets = {"date_change_policy": forms.RadioSelect}
        labels = {
            "name": "Hub name",
            "venue_address": "Conference venue address",
            "contact_email": "Contact e-mail address",
            "lead_provider_name": "Lead provider",
            "learning_platform_name": "Learning platform's name",
            "learning_platform_url": "Learning platform's web address",
            "minimum_notice_school_days": "Notice before a training date, in school days",
            "max_staff_out_per_school_per_day": "Most staff out of one school on one day",
            "first_reminder_days": "First reminder, days before the session",
            "second_reminder_days": "Second reminder, days before the session",
            "invitation_valid_days": "Days a set-up link stays valid",
            "retention_years": "Years to keep a participant's personal data after they leave",
        }
        help_texts = {
            "name": "Shown at the top of every page and in every e-mail.",
            "venue_address": "Where in-person conferences are held.",
            "contact_email": "Where participants and tutors write with questions. For example ecf@hub.org.uk.",
            "lead_provider_name": "For example Ambition Institute.",
            "learning_platform_name": "For example Steplab.",
            "learning_platform_url": "Shown as a button on participants' home page. For example https://app.steplab.co.",
            "minimum_notice_school_days": "School days between telling someone their date and the session. "
            "Half a term is about 30.",
            "max_staff_out_per_school_per_day": "The scheduler avoids taking more staff than this from one school "
            "on one day.",
            "first_reminder_days": "For example 7. It must be earlier than the second reminder. 0 sends none.",
            "second_reminder_days": "For example 1, the day before. 0 sends none.",
            "invitation_valid_days": "After this many days a new participant or tutor needs a new link. Up to 90.",
            "retention_years": "After this, their personal data is anonymised. At least 1 year.",
        }
        error_messages = {
            "name": {"required": "Enter the hub's name."},
            "contact_email": {"invalid": "Enter an e-mail address in the right format, like ecf@hub.org.uk."},
            "learning_platform_url": {"invalid": "Enter a web address starting with https://."},
            "date_change_policy": {"required": "Choose what happens when someone asks to change a date."},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, (low, high, message) in LIMITS.items():
            field = self.fields[name]
            # The form's own bounds replace the model's, so every number gets one message a hub admin reads.
            field.validators = [_between(low, high, message)]
            field.error_messages.update({"required": message, "invalid": message})
            field.widget.attrs.update({"class": "govuk-input govuk-input--width-4", "inputmode": "numeric"})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("first_reminder_days"), data.get("second_reminder_days")
        if first and second and first <= second:
            self.add_error(
                "first_reminder_days",
                f"The first reminder must come earlier than the second: more than {second} "
                f"day{'s' if second != 1 else ''} before the session.",
            )
        return data

    def clean_local_authorities(self) -> str:
        lines = [line.strip() for line in self.cleaned_data.get("local_authorities", "").splitlines() if line.strip()]
        if any(len(line) > 100 for line in lines):
            raise forms.ValidationError("Write one local authority a line, each shorter than 100 characters.")
        return "\n".join(dict.fromkeys(lines))
