"""Writing to the audit log. Every service that changes people's records calls record()."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q

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
    entry = _build(AuditSpec(actor=actor, action=action, summary=summary, target=target, details=details))
    entry.save(force_insert=True)
    return entry


@dataclass(frozen=True)
class AuditSpec:
    """One entry for record_many(): the same fields record() takes."""

    actor: Any
    action: str
    summary: str
    target: models.Model | None = None
    details: dict[str, Any] | None = None


def record_many(entries: Iterable[AuditSpec], *, batch_size: int = 500) -> int:
    """Append many entries at once (bulk registration, imports), in batches of `batch_size` rows.

    Guarantees: each entry is exactly what record() would write for the same fields,
    inside the caller's transaction; returns how many were written. Model save() is
    not called (bulk insert), which is safe because entries are only ever inserted."""
    rows = [_build(spec) for spec in entries]
    AuditEntry.objects.bulk_create(rows, batch_size=batch_size)
    return len(rows)


def _build(spec: AuditSpec) -> AuditEntry:
    # The one place an entry's fields are worked out, for record() and record_many().
    user = spec.actor if getattr(spec.actor, "is_authenticated", False) else None
    target = spec.target
    return AuditEntry(
        actor=user,
        actor_label=(f"{user.full_name} <{user.email}>" if user else "system"),
        action=spec.action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        summary=spec.summary[:300],
        details=spec.details or {},
    )


def redact_person(*, name: str, email: str, replacement: str, query: Q) -> int:
    """Replace a person's name and e-mail address in the audit log.

    Used only by erasure: entries stay (who did what, when); the person is no longer named.
    The name is replaced in the entries matched by `query` (those about the person and their
    records); the e-mail address, being unique, wherever it appears. Written with update(),
    the one way past the model's refusal to change an entry."""
    changed = 0
    for entry in AuditEntry.objects.filter(
        query | Q(summary__icontains=email) | Q(actor_label__icontains=email) | Q(actor__email__iexact=email)
    ):
        fields = {
            "summary": entry.summary,
            "actor_label": entry.actor_label,
            "details": json.dumps(entry.details, cls=DjangoJSONEncoder),
        }
        redacted = {}
        for key, text in fields.items():
            for term in (email, name):
                if term:
                    text = re.sub(re.escape(term), replacement, text, flags=re.IGNORECASE)
            redacted[key] = text
        if redacted != fields:
            AuditEntry.objects.filter(pk=entry.pk).update(
                summary=redacted["summary"][:300],
                actor_label=redacted["actor_label"][:200],
                details=json.loads(redacted["details"]),
            )
            changed += 1
    return changed
