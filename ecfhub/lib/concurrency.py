"""Two people editing one record: the later save is refused, so no write is lost without anyone knowing.

An edit form carries the record's version (a fingerprint of its stored values, taken when the form
was shown). The service saving the edit locks the row and compares: if someone else saved in between,
it raises DomainError `edit_conflict` and the form shows what is saved now beside what was entered,
with the new version, so saving again is a deliberate choice. A fingerprint needs no version column,
so it covers every model, and it changes only when a stored value does.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, TypeVar

from django import forms
from django.db import models, transaction

from ecfhub.lib.errors import DomainError

M = TypeVar("M", bound=models.Model)


def version_of(record: models.Model) -> str:
    """A short fingerprint of the record's stored fields and many-to-many links.

    Read it from a freshly loaded row: a form that has written into an instance changes it."""
    values: dict[str, Any] = {}
    for field in record._meta.concrete_fields:
        values[field.attname] = field.value_from_object(record)
    for m2m in record._meta.many_to_many:
        values[m2m.name] = sorted(getattr(record, m2m.name).values_list("pk", flat=True))
    return version_of_values(values)


def version_of_values(values: dict[str, Any]) -> str:
    """The same fingerprint for an edit that spans records (for example a participant and their account)."""
    encoded = json.dumps(values, sort_keys=True, default=str).encode()
    return hashlib.sha256(encoded).hexdigest()[:24]


def lock_unchanged(model: type[M], pk: Any, expected_version: str | None, *, what: str) -> M:
    """The row `pk`, locked for the rest of the transaction, if it is still at `expected_version`.

    Guarantees: raises DomainError `edit_conflict` when someone saved it since that version was
    read; an empty `expected_version` (a shell command, or an old form) skips the comparison."""
    record = model._default_manager.select_for_update().get(pk=pk)
    if expected_version and expected_version != version_of(record):
        raise DomainError(
            "edit_conflict",
            f"Someone else saved changes to this {what} while you were editing it.",
        )
    return record


@transaction.atomic
def save_if_unchanged(form: forms.ModelForm, *, expected_version: str | None, what: str, **also: Any) -> Any:
    """Save a valid model form's edit of an existing record, setting `also` too (for example who edited it).

    Guarantees: the row is locked while it is compared and saved; DomainError `edit_conflict`
    and nothing saved when someone else saved it since `expected_version` was read."""
    lock_unchanged(type(form.instance), form.instance.pk, expected_version, what=what)
    record = form.save(commit=False)
    for name, value in also.items():
        setattr(record, name, value)
    record.save()
    form.save_m2m()
    return record
