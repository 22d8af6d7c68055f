"""Writing to the audit log. Every service that changes people's records calls record()."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
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
    people: Iterable[int] = (),
) -> AuditEntry:
    """Append one entry. `actor` is a User or None (the system: scheduler, worker, command).
    `people`: ids of any other accounts whose names the summary carries (the actor and the
    target's person are found by themselves), so anonymising them finds this entry.

    Guarantees: the entry is written inside the caller's transaction, so it exists
    exactly when the change it describes was committed."""
    entry = _build(
        AuditSpec(actor=actor, action=action, summary=summary, target=target, details=details, people=tuple(people))
    )
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
    people: tuple[int, ...] = ()


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
        people=AuditEntry.people_text([user.pk if user else None, *spec.people, *_people_of(target)]),
    )


def _people_of(target: models.Model | None) -> list[int]:
    """The accounts a target record is about, from what is already loaded (never a query): the
    account itself, or the `user` of the record and of the records it points at that are loaded
    (a participant, an assignment's participant, a mentorship's ECT and mentor)."""
    if target is None:
        return []
    if target._meta.label_lower == settings.AUTH_USER_MODEL.lower():
        return [target.pk]
    found = []
    for candidate in [target, *_loaded_relations(target)]:
        user_id = getattr(candidate, "user_id", None)
        if isinstance(user_id, int):
            found.append(user_id)
    return found


def _loaded_relations(obj: models.Model) -> list[models.Model]:
    return [
        getattr(obj, f.name)
        for f in obj._meta.concrete_fields
        if isinstance(f, models.ForeignKey) and f.is_cached(obj) and getattr(obj, f.name) is not None
    ]


def redact_person(
    *, user_id: int, name: str, email: str, replacement: str, query: Q, replacements: dict[str, str] | None = None
) -> int:
    """Replace a person's name, e-mail address and other identifiers in the audit log.

    Used only by erasure: entries stay (who did what, when); the person is no longer named.
    The name is replaced in every entry that refers to them (AuditEntry.people, written with
    the entry, which also finds entries filed against other records, such as a pairing filed
    against the ECT that names the mentor) and in those matched by `query` (about the person
    and their records). The e-mail address and each of `replacements` (old TRN → placeholder,
    old address → placeholder address), being unique, are replaced wherever they appear: in the
    summary, the actor's label and the details. Written with update(), the one way past the
    model's refusal to change an entry."""
    unique = {email: replacement, **(replacements or {})}
    unique = {old: new for old, new in unique.items() if old}
    anywhere = Q()
    for term in unique:
        # As typed, and as JSON text escapes it (SQLite keeps the escapes; PostgreSQL's jsonb does not).
        for form in {term, json.dumps(term)[1:-1]}:
            anywhere |= Q(summary__icontains=form) | Q(actor_label__icontains=form) | Q(details__icontains=form)
    patterns = [
        (re.compile(rf"(?<![0-9A-Za-z]){re.escape(old)}(?![0-9A-Za-z])", re.IGNORECASE), new)
        for old, new in unique.items()
    ]
    if name.strip():
        patterns.append((re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE), replacement))
    changed = 0
    mentioning = query | AuditEntry.mentions_person(user_id) | Q(actor__email__iexact=email) | anywhere
    for entry in AuditEntry.objects.filter(mentioning):
        fields = {
            "summary": entry.summary,
            "actor_label": entry.actor_label,
            "details": json.dumps(entry.details, cls=DjangoJSONEncoder, ensure_ascii=False),
        }
        redacted = {}
        for key, text in fields.items():
            for pattern, new in patterns:
                text = pattern.sub(new.replace("\\", "\\\\"), text)
            redacted[key] = text
        if redacted != fields:
            AuditEntry.objects.filter(pk=entry.pk).update(
                summary=redacted["summary"][:300],
                actor_label=redacted["actor_label"][:200],
                details=json.loads(redacted["details"]),
            )
            changed += 1
    return changed
