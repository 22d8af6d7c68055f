"""Writing to the audit log. Every service that changes people's records calls record()."""

from __future__ import annotations

from typing import Any

from django.db import models

from ecfhub.audit.models import AuditEntry


def record(
    *,
    actor: Any,
    action: str,
    summary: str,
    target: models.Model | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry. `actor` is a User or None (the system: scheduler, worker, command).

    Guarantees: the entry is written inside the caller's transaction, so it exists
    exactly when the change it describes was committed."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        actor=user,
        actor_label=(f"{user.full_name} <{user.email}>" if user else "system"),
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        summary=summary[:300],
        details=details or {},
    )
