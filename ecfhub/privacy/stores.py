"""The copies of a person kept by content rather than by a link, and taking them out on erasure.

collect.RECORDS finds the records that point at a person. These stores hold their name, address or
TRN as text instead: messages sent to other people about them, the audit log, the rows of uploaded
registration files and lead-provider files (and the differences found in those), the task queue's
stored arguments and results (a password-reset task's argument is the address typed), the admin's
change log, sign-in logs, and signed-in sessions. Each is searched for the person's address, TRN(s)
and name, and what is found is replaced by the placeholders; a row of an uploaded file that is theirs
(their TRN, address or participant id in it) loses its name, address and TRN even where the file
spelled their name differently from us.

A name is replaced as a whole phrase (not inside other words). Two people with exactly the same full
name cannot be told apart in free text: a message naming the other one is redacted too — erring
towards erasure, in copies only (never the other person's own records or account)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.sessions.models import Session
from django.db import models
from django.db.models import Q

# Keys of an uploaded file's row (registration CSV, lead-provider file, its differences) that carry who the row is.
IDENTITY_KEYS = {"full_name": "name", "name": "name", "email": "email", "trn": "trn", "teacher_reference_number": "trn"}
# Keys that say which of our participants a row of differences is about.
PARTICIPANT_KEYS = ("participant",)


@dataclass(frozen=True)
class Identity:
    """What identified the person, and what replaces each."""

    user_id: int
    name: str
    email: str
    trns: dict[str, str]  # old TRN → placeholder
    participant_ids: frozenset[int]
    replacement_name: str
    replacement_email: str
    _patterns: list[tuple[re.Pattern[str], str]] = field(default_factory=list, compare=False, repr=False)

    def __post_init__(self) -> None:
        patterns = [(re.compile(re.escape(self.email), re.IGNORECASE), self.replacement_email)]
        if self.name.strip():
            patterns.append((re.compile(rf"(?<!\w){re.escape(self.name)}(?!\w)", re.IGNORECASE), self.replacement_name))
        for old, new in self.trns.items():
            patterns.append((re.compile(rf"(?<![0-9A-Za-z]){re.escape(old)}(?![0-9A-Za-z])"), new))
        self._patterns.extend(patterns)

    def search_terms(self) -> list[str]:
        """Substrings worth asking the database for; the exact replacement is done in Python."""
        terms = [self.email, *self.trns]
        if self.name.strip():
            terms += [self.name, json.dumps(self.name)[1:-1]]  # as typed, and as JSON text escapes it
        return list(dict.fromkeys(t for t in terms if t))

    def scrub_text(self, text: str) -> str:
        for pattern, new in self._patterns:
            text = pattern.sub(new, text)
        return text

    def is_theirs(self, row: dict[str, Any]) -> bool:
        for key, kind in IDENTITY_KEYS.items():
            value = row.get(key)
            if not isinstance(value, str):
                continue
            if kind == "email" and value.strip().lower() == self.email.lower():
                return True
            if kind == "trn" and value.strip() in self.trns:
                return True
        return any(row.get(key) in self.participant_ids for key in PARTICIPANT_KEYS)

    def scrub(self, value: Any) -> Any:
        """`value` (text, or JSON-shaped data) with every trace of the person replaced."""
        if isinstance(value, str):
            return self.scrub_text(value)
        if isinstance(value, list):
            return [self.scrub(item) for item in value]
        if isinstance(value, dict):
            theirs = self.is_theirs(value)
            out = {}
            for key, item in value.items():
                kind = IDENTITY_KEYS.get(key) if theirs and isinstance(item, str) and item else None
                if kind == "name":
                    out[key] = self.replacement_name
                elif kind == "email":
                    out[key] = self.replacement_email
                elif kind == "trn":
                    out[key] = self.trns.get(item.strip(), next(iter(self.trns.values()), ""))
                else:
                    out[key] = self.scrub(item)
            return out
        return value


# label → the text and JSON fields of it that may hold a copy.
STORES: dict[str, tuple[str, ...]] = {
    # Messages to anyone (a tutor told of their ECT's request); those to the person are emptied whole (services).
    "notifications.outboundmessage": ("to", "subject", "body_text", "body_html", "last_error", "attachments"),
    "admin.logentry": ("object_repr", "change_message"),
    "leadprovider.providerfile": ("filename", "rows", "differences", "accepted"),
    "onboarding.csvimport": ("filename", "rows", "problem"),
    "scheduling.schedulerun": ("result", "error"),
    "django_tasks_database.dbtaskresult": ("args_kwargs", "return_value", "exception_class_path", "traceback"),
    "axes.accessattempt": ("username", "get_data", "post_data"),
    "axes.accessfailurelog": ("username",),
    "axes.accesslog": ("username",),
}


def _models() -> Iterable[tuple[type[models.Model], tuple[str, ...]]]:
    for label, fields in STORES.items():
        app_label, name = label.split(".")
        if _installed(app_label):
            yield apps.get_model(app_label, name), fields


def _installed(app_label: str) -> bool:
    try:
        apps.get_app_config(app_label)
    except LookupError:
        return False
    return True


def scrub_stores(identity: Identity) -> dict[str, int]:
    """Replace the person in every store of STORES; returns how many rows changed, per store."""
    changed: dict[str, int] = {}
    terms = identity.search_terms()
    for model, fields in _models():
        query = Q()
        for name in fields:
            for term in terms:
                query |= Q(**{f"{name}__icontains": term})
        count = 0
        for row in model._base_manager.filter(query).iterator():
            updates = {}
            for name in fields:
                value = getattr(row, name)
                scrubbed = identity.scrub(value)
                if scrubbed != value:
                    updates[name] = scrubbed
            if updates:
                # update(), not save(): the outbox and the logs refuse ordinary edits.
                model._base_manager.filter(pk=row.pk).update(**updates)
                count += 1
        if count:
            changed[model._meta.label_lower] = count
    return changed


def end_sessions(user_id: int) -> int:
    """Delete the person's signed-in sessions (the database keeps one row per browser signed in)."""
    ended = [s.pk for s in Session.objects.iterator() if s.get_decoded().get("_auth_user_id") == str(user_id)]
    Session.objects.filter(pk__in=ended).delete()
    return len(ended)
