"""Rows written once and never changed: a place's history, a register's history, the audit log.

What has happened (a place given, a register taken) is evidence: funding and declarations rest on
it. `AppendOnly` refuses to save an existing row or delete one; `AppendOnlyQuerySet` refuses the
bulk update and delete that would do it unseen. Anonymisation (privacy.services) empties free text
through the model's base manager, deliberately and audited."""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models

_M = TypeVar("_M", bound=models.Model)


def _refusal(model: Any, verb: str) -> PermissionDenied:
    return PermissionDenied(f"{model.history_name} cannot be {verb}.")


class AppendOnlyQuerySet(models.QuerySet[_M]):
    def update(self, **kwargs: Any) -> int:
        raise _refusal(self.model, "changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise _refusal(self.model, "deleted")


class AppendOnly(models.Model):
    """An abstract model whose rows are inserted once. Subclasses name what they hold in
    `history_name` ("A place's history") for the refusal, and use an AppendOnlyQuerySet manager."""

    history_name: ClassVar[str] = "This record"

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise _refusal(self, "changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise _refusal(self, "deleted")
