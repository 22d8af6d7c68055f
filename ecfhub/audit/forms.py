"""The audit log's filter: a GET form, so a filtered view can be bookmarked or shared."""

from __future__ import annotations

from django import forms
from django.db.models import Q, QuerySet

from ecfhub.audit.models import AuditEntry
from ecfhub.audit.queries import action_words
from ecfhub.lib.forms import DateField, GovukForm


class AuditFilterForm(GovukForm):
    action = forms.ChoiceField(label="What happened", required=False)
    actor = forms.CharField(
        label="Who did it", required=False, max_length=200, help_text="Part of a name or e-mail address, or “system”."
    )
    date_from = DateField(
        label="From",
        required=False,
        error_messages={"invalid": "Enter a real date, for example 2026-01-31."},
    )
    date_to = DateField(
        label="To",
        required=False,
        error_messages={"invalid": "Enter a real date, for example 2026-01-31."},
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        actions = AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct()
        choices = sorted(((a, action_words(a)) for a in actions), key=lambda choice: choice[1])
        self.fields["action"].choices = [("", "Anything"), *choices]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The “to” date must be on or after the “from” date.")
        return data

    def filter(self, entries: QuerySet[AuditEntry]) -> QuerySet[AuditEntry]:
        """The entries matching the valid parts of the form (all of them when it is empty)."""
        data: dict[str, object] = {}
        if self.is_bound:
            self.is_valid()  # fills cleaned_data with the fields that are valid
            data = self.cleaned_data
        if data.get("action"):
            entries = entries.filter(action=data["action"])
        if actor := str(data.get("actor") or "").strip():
            entries = entries.filter(Q(actor_label__icontains=actor))
        if data.get("date_from"):
            entries = entries.filter(at__date__gte=data["date_from"])
        if data.get("date_to"):
            entries = entries.filter(at__date__lte=data["date_to"])
        return entries
