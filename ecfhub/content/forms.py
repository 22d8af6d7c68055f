from __future__ import annotations

from django import forms

from ecfhub.content.models import Page
from ecfhub.lib.forms import EditVersionMixin, GovukModelForm


class PageForm(EditVersionMixin, GovukModelForm):
    class Meta:
        model = Page
        fields = ["title", "slug", "summary", "body", "order", "published"]
        widgets = {"body": forms.Textarea(attrs={"rows": 18})}
        error_messages = {
            "slug": {
                "unique": "Another page already uses that address.",
                "invalid": "Use only letters, numbers, hyphens and underscores.",
            },
            "title": {"required": "Enter a title."},
            "body": {"required": "Enter the page's text."},
        }
