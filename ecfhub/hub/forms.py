from __future__ import annotations

from django import forms

from ecfhub.hub.models import HubSettings
from ecfhub.lib.forms import EditVersionMixin, GovukModelForm


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
            "first_reminder_days",
            "second_reminder_days",
            "date_change_policy",
            "cancellation_choice_days",
            "invitation_valid_days",
            "register_open_days",
            "left_early_share",
            "retention_years",
        ]
        widgets = {"date_change_policy": forms.RadioSelect}
