"""Single-line text: refusing control characters where text is typed, and removing them where it is written out.

A line break in an event title once made that session's calendar file (and its cancellation
e-mail) fail; a bare carriage return reached a calendar's name. Every single-line field of every
form refuses them (lib/forms.GovukMixin, and the Django admin's forms through
lib/admin.refuse_control_characters_in_admin_forms); calendar output passes its text through
one_line() as well, for anything stored before."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

CONTROL_MESSAGE = "Enter this on one line, without line breaks, tabs or other hidden characters."
# C0 and C1 controls (tab, line feed, carriage return, escape, …), DEL, and the Unicode line and
# paragraph separators: none belongs in a name, a title or an address.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def has_control_characters(text: str) -> bool:
    return bool(_CONTROL.search(text))


def refuse_control_characters(value: object) -> None:
    """A validator for single-line fields."""
    if isinstance(value, str) and has_control_characters(value):
        raise ValidationError(CONTROL_MESSAGE, code="control_characters")


def one_line(text: str) -> str:
    """The text with control characters made spaces, and runs of spaces made one."""
    return " ".join(_CONTROL.sub(" ", text).split()) if has_control_characters(text) else text


def guard_single_line_fields(form: Any) -> None:
    """Add the validator to each of the form's one-line text inputs (not text areas, not passwords)."""
    for field in form.fields.values():
        if isinstance(field, forms.CharField) and not isinstance(field.widget, forms.Textarea | forms.PasswordInput):
            field.validators.append(refuse_control_characters)
