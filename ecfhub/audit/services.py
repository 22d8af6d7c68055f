"""Writing to the audit log. Every service that changes people's records calls record()."""

from __future__ import annotations

import json
import re
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
