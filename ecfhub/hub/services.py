"""Changing the hub's settings."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from ecfhub.audit.services import record
from ecfhub.hub.models import HubSettings
from ecfhub.hub.settings import current_hub_settings, forget_current_hub_settings
from ecfhub.lib.concurrency import lock_unchanged

SETTINGS_FIELDS = tuple(
    f.name for f in HubSettings._meta.get_fields() if getattr(f, "editable", False) and not f.auto_created
)


@transaction.atomic
def change_settings(*, changes: dict[str, Any], actor: Any, expected_version: str | None = None) -> HubSettings:
    """Change some of the hub's settings.

    Guarantees, with the settings row locked: nothing is saved if someone changed
    the settings since `expected_version` was read (`edit_conflict`, see
    lib/concurrency); one audit entry naming what changed, none when nothing did;
    the rest of the request sees the new values."""
    unknown = set(changes) - set(SETTINGS_FIELDS)
    if unknown:
        raise ValueError(f"Not hub settings: {sorted(unknown)}")
    row = lock_unchanged(HubSettings, current_hub_settings().pk, expected_version, what="hub's settings")
    changed = [name for name, value in changes.items() if getattr(row, name) != value]
    if not changed:
        return row
    for name in changed:
        setattr(row, name, changes[name])
    row.full_clean()
    row.save()
    labels = ", ".join(str(getattr(HubSettings._meta.get_field(name), "verbose_name", name)) for name in changed)
    record(
        actor=actor,
        action="hub.settings_changed",
        summary=f"Changed the hub's settings: {labels}",
        details={"changed": changed},
    )
    forget_current_hub_settings()
    return row
