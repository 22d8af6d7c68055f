"""Admin helpers shared by the apps."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from ecfhub.lib.text import guard_single_line_fields


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """For records whose changes must go through a service (notices, capacity, audit):
    hub admins can look them up here, and change them on the app's own pages."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class SingleLineAdminForm(forms.ModelForm):  # type: ignore[type-arg]
    """The Django admin's forms refuse control characters in one-line fields, as ours do (lib/text.py)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        guard_single_line_fields(self)


def refuse_control_characters_in_admin_forms(site: admin.AdminSite) -> None:
    """Put SingleLineAdminForm under every registered admin's (and inline's) form. Called once the
    admin has discovered every app's admin.py (hub/apps.py), so no admin can be left out."""
    for model_admin in site._registry.values():
        _guard(model_admin)
        for inline in model_admin.inlines:
            _guard(inline)


def _guard(admin_class: Any) -> None:
    form = admin_class.form
    if not issubclass(form, SingleLineAdminForm):
        admin_class.form = type(f"SingleLine{form.__name__}", (SingleLineAdminForm, form), {})
