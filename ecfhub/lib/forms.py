"""GOV.UK Frontend markup for every Django form, without per-form template work.

`GovukFormRenderer` points Django's form rendering at our templates
(`templates/forms/`, plus GOV.UK versions of the radio and checkbox widgets), and
`GovukBoundField` adds the component classes and links each input to its hint
and error message (aria-describedby), as the design system requires.

Forms opt in by subclassing `GovukForm` / `GovukModelForm`.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.forms.models import model_to_dict
from django.forms.renderers import TemplatesSetting

from ecfhub.lib.concurrency import version_of
from ecfhub.lib.text import guard_single_line_fields

_INPUT_CLASSES: dict[type[forms.Widget], str] = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.ClearableFileInput: "govuk-file-upload",
    forms.FileInput: "govuk-file-upload",
    forms.CheckboxInput: "govuk-checkboxes__input",
}
_ERROR_CLASSES = {
    "govuk-input": "govuk-input--error",
    "govuk-textarea": "govuk-textarea--error",
    "govuk-select": "govuk-select--error",
    "govuk-file-upload": "govuk-file-upload--error",
}


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


def widget_class(widget: forms.Widget) -> str:
    if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
        return ""
    for kind, css in _INPUT_CLASSES.items():
        if isinstance(widget, kind):
            return css
    return "govuk-input"


class GovukBoundField(forms.BoundField):
    @property
    def is_choice_group(self) -> bool:
        return isinstance(self.field.widget, (forms.RadioSelect, forms.CheckboxSelectMultiple))

    @property
    def is_checkbox(self) -> bool:
        return isinstance(self.field.widget, forms.CheckboxInput)

    @property
    def error_id(self) -> str:
        return f"{self.auto_id}-error"

    @property
    def hint_id(self) -> str:
        return f"{self.auto_id}_helptext"

    def build_widget_attrs(self, attrs: dict[str, Any], widget: forms.Widget | None = None) -> dict[str, Any]:
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        css = widget_class(widget)
        existing = widget.attrs.get("class", "")
        css = f"{css} {existing}".strip() if css and css not in existing else existing
        if self.errors and css:
            css = f"{css} {_ERROR_CLASSES.get(css.split()[0], '')}".strip()
        if css:
            attrs["class"] = css
        described = []
        if self.help_text:
            described.append(self.hint_id)
        if self.errors:
            described.append(self.error_id)
        if described and not self.is_choice_group:
            attrs["aria-describedby"] = " ".join(described)
        return attrs


class GovukMixin:
    bound_field_class: type[forms.BoundField] | None = GovukBoundField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Every one-line text input refuses line breaks and other control characters (lib/text.py).
        guard_single_line_fields(self)

    def error_summary(self) -> list[tuple[str, str]]:
        """(anchor, message) pairs for the error summary at the top of the page."""
        form: forms.BaseForm = self  # type: ignore[assignment]
        items: list[tuple[str, str]] = []
        for error in form.non_field_errors():
            items.append(("", str(error)))
        for name, errors in form.errors.items():
            if name == NON_FIELD_ERRORS:
                continue
            bound = form[name]
            # The summary links to the first input of a field; for radios that is `id_x_0`.
            anchor = bound.auto_id
            if isinstance(bound.field.widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
                anchor = f"{anchor}_0"
            for error in errors:
                items.append((f"#{anchor}", str(error)))
        return items


class GovukForm(GovukMixin, forms.Form):
    pass


class GovukModelForm(GovukMixin, forms.ModelForm):
    pass


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"class": "govuk-input govuk-input--width-10", **(attrs or {})}, format="%Y-%m-%d")


class EditVersionMixin:
    """An edit form that knows which version of the record it was shown (see `lib/concurrency.py`).

    Adds a hidden `version` field. When the save is refused because someone else saved first,
    `show_conflict` lists the saved values that differ from what was entered and takes the new
    version, so pressing save again replaces theirs knowingly."""

    def __init__(self, *args: Any, version: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form: forms.BaseForm = self  # type: ignore[assignment]
        form.fields["version"] = forms.CharField(required=False, widget=forms.HiddenInput, initial=version)

    @property
    def changed_fields(self) -> list[str]:
        """The fields the person changed, without the hidden version."""
        form: forms.BaseForm = self  # type: ignore[assignment]
        return [name for name in form.changed_data if name != "version"]

    @property
    def expected_version(self) -> str:
        form: forms.BaseForm = self  # type: ignore[assignment]
        return str(form.cleaned_data.get("version") or "")

    def initial_from(self, record: Any) -> dict[str, Any]:
        """The record's stored values in this form's terms; forms whose fields are not the model's override it."""
        form: forms.BaseForm = self  # type: ignore[assignment]
        return model_to_dict(record, fields=list(form.fields))

    def version_from(self, record: Any) -> str:
        """The version the form compares; forms spanning records (a person and their account) override it."""
        return version_of(record)

    def show_conflict_with(self, error: Any, record: Any) -> None:
        """After a refused save (`edit_conflict`): reload `record` and explain what is saved now."""
        fresh = type(record)._default_manager.get(pk=record.pk)
        self.show_conflict(error.message, saved=self.initial_from(fresh), current_version=self.version_from(fresh))

    def show_conflict(self, message: str, *, saved: dict[str, Any], current_version: str) -> None:
        """Explain the refused save; `saved` holds what is stored now, in the form's own terms (initial values)."""
        form: forms.BaseForm = self  # type: ignore[assignment]
        differences = []
        for name, value in saved.items():
            field = form.fields.get(name)
            if field is None or field.disabled or not field.has_changed(value, form[name].data):
                continue
            differences.append(f"{form[name].label} is {_display(field, value)}")
        if differences:
            message += f" Saved now: {'; '.join(differences)}."
        message += " What you entered is below: check it and save again to replace their changes."
        form.add_error(None, message)
        data = form.data.copy()  # type: ignore[attr-defined]  # a QueryDict when bound to a request
        data[form.add_prefix("version")] = current_version
        form.data = data


def _display(field: forms.Field, value: Any) -> str:
    """A saved value as a person reads it in an error message."""
    if value in (None, "", [], ()):
        return "empty"
    if isinstance(field, forms.ModelMultipleChoiceField) and field.queryset is not None:
        pks = [getattr(v, "pk", v) for v in value]
        return ", ".join(str(o) for o in field.queryset.filter(pk__in=pks)) or "empty"
    if isinstance(field, forms.ModelChoiceField) and field.queryset is not None:
        pk = getattr(value, "pk", value)
        return str(field.queryset.filter(pk=pk).first() or value)
    if isinstance(field, forms.BooleanField):
        return "ticked" if value else "not ticked"
    choices = dict(getattr(field, "choices", None) or [])
    if choices:
        if isinstance(value, (list, tuple)):
            return ", ".join(str(choices.get(v, v)) for v in value)
        return str(choices.get(value, value))
    if hasattr(value, "strftime"):
        if hasattr(value, "hour") and not hasattr(value, "year"):
            return value.strftime("%H:%M")
        if not hasattr(value, "hour"):
            return f"{value.day} {value:%B %Y}"
    text = str(value)
    return text if len(text) <= 60 else f"{text[:57]}…"
