"""GOV.UK Frontend markup for every Django form, without per-form template work.

`GovukFormRenderer` points Django's form rendering at our templates
(`templates/forms/`, plus GOV.UK versions of the radio and checkbox widgets), and
`GovukBoundField` adds the component classes and links each input to its hint
and error message (aria-describedby), as the design system requires.

Forms opt in by subclassing `GovukForm` / `GovukModelForm`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.forms.models import model_to_dict
from django.forms.renderers import TemplatesSetting

from ecfhub.lib import when
from ecfhub.lib.concurrency import version_of
from ecfhub.lib.params import DIGITS_MESSAGE, ID_MAX, has_odd_digits, is_ascii_digits, parse_id
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
    if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple, DateInput)):
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
    def is_date(self) -> bool:
        return isinstance(self.field.widget, DateInput)

    @property
    def is_group(self) -> bool:
        """Several inputs under one legend (radios, tick boxes, a date's day, month and year)."""
        return self.is_choice_group or self.is_date

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
        if self.is_date and self.errors:
            attrs["data-error"] = "true"  # DateInput marks its three boxes
        described = []
        if self.help_text:
            described.append(self.hint_id)
        if self.errors:
            described.append(self.error_id)
        if described and not self.is_group:
            attrs["aria-describedby"] = " ".join(described)
        return attrs


def drop_blank_radios(form: Any) -> None:
    """A required question asked with radios starts with none chosen: Django's blank choice
    ("---------", added for model fields without a default) would show as a pre-selected radio."""
    for field in form.fields.values():
        if not (field.required and isinstance(field.widget, forms.RadioSelect)):
            continue
        if isinstance(field, forms.ModelChoiceField):
            field.empty_label = None
        elif isinstance(field, forms.ChoiceField):
            choices = list(field.choices)  # type: ignore[arg-type]  # a ChoiceField's choices are normalised to a list
            field.choices = [(value, label) for value, label in choices if value not in ("", None)]


# Fields that read a number from the text sent: Django's int() and strptime() read "٣" and "３" as 3
# (and refuse "²" in some places only), and a model choice sends any run of digits to the database,
# where 19 of them overflow (SQLite raises, PostgreSQL's bigint too).
_NUMBER_FIELDS = (
    forms.IntegerField,  # and DecimalField, FloatField
    forms.fields.BaseTemporalField,  # DateField (ours too), TimeField, DateTimeField
    forms.DurationField,
    forms.TypedChoiceField,
    forms.TypedMultipleChoiceField,
)
_INTEGER_KEYS = {"AutoField", "BigAutoField", "IntegerField", "BigIntegerField"}


def _sent_texts(value: Any) -> list[str]:
    values = value if isinstance(value, (list, tuple)) else [value]
    return [text for text in values if isinstance(text, str)]


def _checked_first(field: forms.Field, clean: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def clean_checked(value: Any) -> Any:
        texts = _sent_texts(value)
        if isinstance(field, forms.ModelChoiceField):
            odd = next((text for text in texts if text and parse_id(text) is None), None)
            if odd is not None:
                raise ValidationError(
                    field.error_messages["invalid_choice"], code="invalid_choice", params={"value": odd[:20]}
                )
        elif any(has_odd_digits(text) for text in texts):
            raise ValidationError(DIGITS_MESSAGE, code="odd_digits")
        return clean(value)

    return clean_checked


def refuse_odd_digits(form: Any) -> None:
    """Number, date and record-choice fields take ASCII digits only ("Use the digits 0 to 9"), record
    choices only ids the database can hold, and whole numbers stay within what it can store. The check
    runs before the field's own cleaning, which is where "²" or a twenty-digit id would fail (lib/params.py)."""
    for field in form.fields.values():
        if (isinstance(field, forms.ModelChoiceField) and _integer_keys(field)) or isinstance(field, _NUMBER_FIELDS):
            # On this form's own copy of the field (Django copies base_fields for each form).
            field.clean = _checked_first(field, field.clean)  # type: ignore[assignment]
        if type(field) is forms.IntegerField:
            if field.max_value is None:
                field.validators.append(MaxValueValidator(ID_MAX, message="Enter a smaller number."))
            if field.min_value is None:
                field.validators.append(MinValueValidator(-ID_MAX, message="Enter a larger number."))


def _integer_keys(field: forms.ModelChoiceField) -> bool:  # type: ignore[type-arg]
    """Whether the field's choices are sent as integer keys (its model's id, unless it chooses by another field)."""
    model = field.queryset.model if field.queryset is not None else None
    if model is None:
        return False
    key = model._meta.get_field(field.to_field_name) if field.to_field_name else model._meta.pk
    return key is not None and key.get_internal_type() in _INTEGER_KEYS


class GovukMixin:
    bound_field_class: type[forms.BoundField] | None = GovukBoundField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Every one-line text input refuses line breaks and other control characters (lib/text.py).
        guard_single_line_fields(self)
        refuse_odd_digits(self)
        drop_blank_radios(self)

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
            # The summary links to the first input of a field; for radios and dates (the day) that is `id_x_0`.
            anchor = bound.auto_id
            if isinstance(bound.field.widget, (forms.RadioSelect, forms.CheckboxSelectMultiple, DateInput)):
                anchor = f"{anchor}_0"
            for error in errors:
                items.append((f"#{anchor}", str(error)))
        return items


class GovukForm(GovukMixin, forms.Form):
    pass


class GovukModelForm(GovukMixin, forms.ModelForm):
    pass


_DATE_PARTS = (("day", "Day", 2), ("month", "Month", 2), ("year", "Year", 4))


class DateInput(forms.MultiWidget):
    """GOV.UK's date input: day, month and year boxes under the field's legend, the same in every
    browser (a native date picker shows mm/dd/yyyy in some, and none on others).

    Posted as `<name>_day`, `<name>_month`, `<name>_year`. A single `<name>` value ("2025-09-03",
    "3/9/2025"), as the CSV import and older clients send, is read too. Use with `DateField`."""

    template_name = "forms/widgets/date_input.html"
    use_fieldset = True

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        widgets: dict[str, forms.Widget | type[forms.Widget]] = {
            name: forms.TextInput(attrs={"inputmode": "numeric", "maxlength": "4" if name == "year" else "2"})
            for name, _, _ in _DATE_PARTS
        }
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, str):
            try:
                value = datetime.date.fromisoformat(value)
            except ValueError:
                return [None, None, None]
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        if name in data:
            return data.get(name)
        return super().value_from_datadict(data, files, name)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and super().value_omitted_from_data(data, files, name)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        attrs = dict(attrs or {})
        error = attrs.pop("data-error", None)
        attrs.pop("class", None)
        context = super().get_context(name, value, attrs)
        for subwidget, (_, label, width) in zip(context["widget"]["subwidgets"], _DATE_PARTS, strict=True):
            css = f"govuk-input govuk-date-input__input govuk-input--width-{width}"
            subwidget["attrs"]["class"] = f"{css} govuk-input--error" if error else css
            subwidget["label"] = label
        return context


class DateField(forms.DateField):
    """A date typed as day, month and year (`DateInput`), with GOV.UK's messages for a part left
    out; a single value is read in the `input_formats`, as Django's own DateField does."""

    widget = DateInput
    input_formats = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d %m %Y"]

    def to_python(self, value: Any) -> datetime.date | None:
        if not isinstance(value, (list, tuple)):
            return super().to_python(value)
        day, month, year = (str(part or "").strip() for part in [*value, "", "", ""][:3])
        if not (day or month or year):
            return None
        missing = [part for part, text in (("day", day), ("month", month), ("year", year)) if not text]
        if missing:
            raise ValidationError(f"The date must include a {' and a '.join(missing)}.", code="incomplete")
        if not all(map(is_ascii_digits, (day, month, year))) or max(len(day), len(month)) > 2:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if len(year) != 4:
            raise ValidationError("The year must have 4 numbers, for example 2027.", code="invalid")
        try:
            return datetime.date(int(year), int(month), int(day))
        except (ValueError, OverflowError):
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


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
    # A form's date or time field holds a wall-clock value (no moment): written as lib/when.py writes them.
    if isinstance(value, datetime.time):
        return f"{value.hour:02d}:{value.minute:02d}"
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return when.plain_date(value)
    text = str(value)
    return text if len(text) <= 60 else f"{text[:57]}…"
