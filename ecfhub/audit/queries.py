"""The audit log's and the privacy pages' codes said in people's words.

An entry stores its action as a dotted code (`provider_file.confirmed`) and its target as a model label
and id (`people.participant 235`); a person reading the log sees "Provider file confirmed" and
"Participant: Jane Smith (ECT, 2025/26 cohort)". The codes stay in the database, where filters and
erasure need them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from ecfhub.audit.models import AuditEntry
from ecfhub.people.models import Participant, User

# Kinds of record whose model name says less than a person would.
KIND_WORDS: dict[str, tuple[str, str]] = {
    "people.user": ("Account", "Accounts"),
    "people.participant": ("Participant", "Participant records"),
    "people.trainingstatuschange": ("Training status change", "Training status changes"),
    "scheduling.assignment": ("Place on a session", "Places on sessions"),
    "scheduling.placechange": ("Change to a place", "Changes to places"),
    "scheduling.schedulerun": ("Scheduling run", "Scheduling runs"),
    "scheduling.changerequest": ("Date-change request", "Date-change requests"),
    "scheduling.waitinglistentry": ("Waiting-list place", "Waiting-list places"),
    "attendance.attendancerecord": ("Register mark", "Register marks"),
    "attendance.attendancechange": ("Change to a register mark", "Changes to register marks"),
    "attendance.catchupstudy": ("Catch-up self-study", "Catch-up self-study"),
    "learning.modulecompletion": ("Module done", "Modules done"),
    "notifications.outboundmessage": ("E-mail", "E-mails"),
    "events.trainingevent": ("Training event", "Training events"),
    "leadprovider.providerfile": ("Lead provider's file", "Lead provider's files"),
}


def action_words(code: str) -> str:
    """ "provider_file.confirmed" -> "Provider file confirmed"."""
    words = code.replace(".", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def kind_words(label: str, *, plural: bool = False) -> str:
    """A model label ("people.participant") as the kind of record it holds ("Participant records")."""
    if label in KIND_WORDS:
        return KIND_WORDS[label][1 if plural else 0]
    try:
        meta = apps.get_model(label)._meta
    except (LookupError, ValueError):
        return label
    name = str(meta.verbose_name_plural if plural else meta.verbose_name)
    return name[:1].upper() + name[1:]


def participant_words(participant: Participant) -> str:
    return (
        f"{participant.user.full_name} ({participant.get_participant_type_display()}, "
        f"{participant.cohort.label} cohort)"
    )


def target_words(entries: Iterable[AuditEntry]) -> dict[tuple[str, str], str]:
    """What each entry's target is, in words, keyed by (target_type, target_id): one query per kind of
    target on the page. A record no longer held says so."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for entry in entries:
        if entry.target_type and entry.target_id.isdigit():
            wanted[entry.target_type].add(int(entry.target_id))
    found: dict[tuple[str, str], str] = {}
    for label, ids in wanted.items():
        kind, described = kind_words(label), _describe(label, ids)
        for pk in ids:
            found[(label, str(pk))] = f"{kind}: {described.get(pk, 'no longer held')}"
    return found


def _describe(label: str, ids: set[int]) -> dict[int, str]:
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return {}
    if model is Participant:
        people = Participant.objects.filter(pk__in=ids).select_related("user", "cohort")
        return {p.pk: participant_words(p) for p in people}
    if model is User:
        return {u.pk: u.full_name or u.email for u in User.objects.filter(pk__in=ids)}
    rows: models.QuerySet[models.Model] = model._base_manager.filter(pk__in=ids)
    if _has_field(model, "participant"):
        rows = rows.select_related("participant__user", "participant__cohort")
        return {
            row.pk: participant_words(row.participant)  # type: ignore[attr-defined]
            for row in rows
            if row.participant is not None  # type: ignore[attr-defined]
        }
    return {row.pk: str(row) for row in rows}


def _has_field(model: type[models.Model], name: str) -> bool:
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True
