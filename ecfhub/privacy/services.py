"""Data protection: a person's data export, and anonymisation after the retention period.

Anonymising keeps every row (assignments, attendance, mentorships, the audit log) so the
programme's figures stay true; it removes what identifies the person: name, e-mail address,
TRN, password, free text written about them or by them (collect.RECORDS says whose each field is),
and every copy of those kept elsewhere (stores.STORES). docs/privacy.md lists every store."""

from __future__ import annotations

import datetime
import json
from collections import defaultdict
from typing import Any

from dateutil.relativedelta import relativedelta
from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone

from ecfhub.audit.models import AuditEntry
from ecfhub.audit.services import record, redact_person
from ecfhub.hub.settings import current_hub_settings
from ecfhub.lib import when
from ecfhub.lib.errors import DomainError
from ecfhub.notifications.models import OutboundMessage
from ecfhub.people.models import Participant, User
from ecfhub.privacy.collect import RECORDS, Holdings, collect, public_fields
from ecfhub.privacy.queries import ERASED_DOMAIN, is_anonymised
from ecfhub.privacy.stores import Identity, end_sessions, scrub_stores
from ecfhub.scheduling.services.waiting import release_and_close

__all__ = ["ERASED_DOMAIN", "FINISHED", "anonymise_participant", "export_data", "is_anonymised"]

FINISHED = [Participant.Status.WITHDRAWN, Participant.Status.COMPLETED]
# A message's subject says there was a message; its words are gone.
ERASED_VALUES = {("notifications.outboundmessage", "subject"): "(erased)"}
NOT_SENT = "Not sent: the person was anonymised before it went."


def placeholder_trn(participant: Participant) -> str:
    """Seven characters like a TRN, unique per participant, and never a real TRN (real ones are digits)."""
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    number, text = participant.pk, ""
    while number:
        number, rest = divmod(number, 36)
        text = digits[rest] + text
    return ("X" + text.rjust(6, "0")).upper()[-7:]


def export_data(*, user: User, actor: Any) -> dict[str, Any]:
    """Everything held about `user`, as JSON-ready data; the export itself is audited.

    Guarantees: no password, token or hash appears in the result."""
    holdings = collect(user)

    def rows(groups: dict[str, dict[object, models.Model]]) -> dict[str, list[dict[str, object]]]:
        return {
            label: [public_fields(obj) for obj in objects.values()]
            for label, objects in sorted(groups.items())
            if objects
        }

    audit = [
        {
            "at": e.at,
            "by": e.actor_label,
            "action": e.action,
            "summary": e.summary,
            "about": f"{e.target_type} {e.target_id}",
        }
        for e in AuditEntry.objects.filter(holdings.audit_filter())
    ]
    written = {
        label: [public_fields(obj, only=fields) for obj, fields in objects.values()]
        for label, objects in sorted(holdings.written.items())
        if objects
    }
    data = {
        "generated_at": timezone.now(),
        "about": "Everything this hub's ECF Hub holds about you.",
        "person": public_fields(user),
        "roles": list(user.roles),
        "records": rows(holdings.owned),
        # Records about someone else (a former mentee's step) with only the parts you wrote.
        "your_words_in_others_records": written,
        "linked_records": rows(holdings.linked),
        "messages_to_your_address": rows(holdings.addressed),
        "audit_log": audit,
    }
    by_self = getattr(actor, "pk", None) == user.pk
    record(
        actor=actor,
        action="privacy.exported",
        summary=f"Exported the data held about {user.full_name}" + (" at their request" if by_self else ""),
        target=user,
        details={"records": sum(len(v) for v in holdings.owned.values())},
    )
    return data


def export_json(*, user: User, actor: Any) -> str:
    return json.dumps(export_data(user=user, actor=actor), cls=when.JSONEncoder, indent=2, ensure_ascii=False)


def _blank(field: models.Field) -> object:  # type: ignore[type-arg]
    if isinstance(field, models.JSONField):
        return field.get_default()
    return ERASED_VALUES.get((field.model._meta.label_lower, field.name), "")


def _erase_records(holdings: Holdings, identity: Identity) -> int:
    """Empty the free text of every record about the person and their words in records about others
    (collect.RECORDS says which); put the placeholders where a record names them or holds their
    address; revoke any secret link or feed they still held, and stop messages still to be sent."""
    changed = 0
    now = timezone.now()
    plans: dict[tuple[type[models.Model], object], dict[str, object]] = defaultdict(dict)

    def plan(obj: models.Model, updates: dict[str, object]) -> None:
        plans[(type(obj), obj.pk)].update(updates)

    for groups in (holdings.owned, holdings.addressed):
        for label, objects in groups.items():
            parts = RECORDS.get(label)
            for obj in objects.values():
                model = type(obj)
                if model in (User, Participant):
                    continue
                updates: dict[str, object] = {}
                for f in model._meta.concrete_fields:
                    if parts is not None and f.name in parts.text and getattr(obj, f.name):
                        updates[f.name] = _blank(f)
                    elif isinstance(f, models.EmailField):
                        if (getattr(obj, f.name) or "").lower() == identity.email.lower():
                            updates[f.name] = identity.replacement_email
                    elif f.name == "revoked_at" and getattr(obj, f.name) is None:
                        updates[f.name] = now  # links and feeds they held stop working
                if isinstance(obj, OutboundMessage) and obj.status == OutboundMessage.Status.QUEUED:
                    updates.update(status=OutboundMessage.Status.FAILED, last_error=NOT_SENT)
                if parts is not None:
                    for name in parts.named.values():
                        if getattr(obj, name):
                            updates.setdefault(name, identity.scrub_text(getattr(obj, name)))
                plan(obj, updates)
    for written in holdings.written.values():
        for obj, fields in written.values():
            # Only what they wrote: the ECT's reflection and the next mentor's text stay as written.
            concrete = {f.name: f for f in obj._meta.concrete_fields}
            plan(obj, {name: _blank(concrete[name]) for name in fields if getattr(obj, name)})
    for named in holdings.named.values():
        for obj, name in named.values():
            plan(obj, {name: identity.scrub_text(getattr(obj, name))})
    for (model, pk), updates in plans.items():
        if updates:
            # update(), not save(): some records (the outbox, histories) refuse ordinary edits.
            model._base_manager.filter(pk=pk).update(**updates)
            changed += 1
    return changed


@transaction.atomic
def anonymise_participant(*, participant: Participant, actor: Any) -> User:
    """Anonymise the person behind `participant`: their account and every one of their participations.

    Guarantees:
    - the name becomes "Former participant #<id>", the e-mail address an unusable unique placeholder,
      every TRN a non-identifying placeholder, the password unusable and the account inactive;
    - the free text of every record about them is emptied, and their words in records about others
      (a former mentor's notes on a step the next mentor carried on); nobody else's words are touched
      (collect.RECORDS says whose each field is);
    - every copy kept by content is redacted: messages to anyone, the audit log (summaries, labels,
      details), uploaded registration files' and lead-provider files' rows and differences, the task
      queue's arguments, results and errors, the admin's change log, sign-in logs (stores.STORES);
      their signed-in sessions end; messages to them still queued are never sent;
    - places on sessions still to come are released and open date-change requests closed (through
      scheduling's services, the one writer of places), so no register, booked list or request list
      shows them; no row is deleted — assignments, attendance marks and
      mentorships stay, so the figures and the lead provider's evidence do not change, and each
      participation keeps its `provider_participant_id`;
    - running it twice changes nothing more. Raises DomainError for someone still on the programme
      or holding a staff role."""
    user = User.objects.select_for_update().get(pk=participant.user_id)
    if is_anonymised(user):
        return user
    if Participant.objects.filter(user=user).exclude(status__in=FINISHED).exists():
        raise DomainError(
            "still_on_programme", f"{user.full_name} is still on the programme; withdraw or complete them first."
        )
    if user.is_hub_admin or user.is_facilitator or user.tutored_schools.exists():
        raise DomainError("staff_role", f"{user.full_name} holds a staff role; remove it before anonymising.")
    participations = list(Participant.objects.filter(user=user).order_by("pk"))
    released = sum(
        # Before the words go: the closing e-mail this writes is then emptied and never sent, like any other.
        release_and_close(participant=p, on=timezone.localdate(), actor=actor, why="they have left the programme.")
        for p in participations
    )
    holdings = collect(user)
    old_name = user.full_name
    identity = Identity(
        user_id=user.pk,
        name=old_name,
        email=user.email,
        trns={p.trn: placeholder_trn(p) for p in participations if p.trn},
        participant_ids=frozenset(p.pk for p in participations),
        replacement_name=f"Former participant #{user.pk}",
        replacement_email=f"former-participant-{user.pk}@{ERASED_DOMAIN}",
    )
    texts = _erase_records(holdings, identity)
    for p in participations:
        Participant.objects.filter(pk=p.pk).update(trn=placeholder_trn(p), unavailable_weekdays=[])
    user.full_name = identity.replacement_name
    user.email = identity.replacement_email
    user.password = make_password(None)  # unusable
    user.is_active = False
    user.last_login = None
    user.save()
    copies = scrub_stores(identity)
    sessions = end_sessions(user.pk)
    redact_person(
        user_id=user.pk,
        name=old_name,
        email=identity.email,
        replacement=user.full_name,
        query=holdings.audit_filter(),
        replacements={**identity.trns, identity.email: identity.replacement_email},
    )
    record(
        actor=actor,
        action="privacy.anonymised",
        summary=f"Anonymised {user.full_name}: name, e-mail address, TRN and free text removed",
        target=user,
        details={
            "participations": len(participations),
            "records_with_text_erased": texts,
            "copies_redacted": copies,
            "sessions_ended": sessions,
            "places_released": released,
        },
    )
    return user


def retention_cutoff(today: datetime.date) -> datetime.date:
    return today - relativedelta(years=current_hub_settings().retention_years)


def due_for_erasure(today: datetime.date) -> models.QuerySet[User]:
    """People whose every participation ended (withdrawn or completed) before the retention cut-off.

    People with a staff role, anyone still on the programme, and people already anonymised are left out;
    so are participations with no recorded end date (nobody can say when they left)."""
    cutoff = retention_cutoff(today)
    return (
        User.objects.filter(
            participations__isnull=False, is_hub_admin=False, is_facilitator=False, tutored_schools__isnull=True
        )
        .exclude(email__endswith=f"@{ERASED_DOMAIN}")
        .exclude(participations__status__in=[s for s in Participant.Status.values if s not in FINISHED])
        .exclude(participations__status_changed_on__isnull=True)
        .annotate(left_on=Max("participations__status_changed_on"))
        .filter(left_on__lt=cutoff)
        .distinct()
        .order_by("left_on", "pk")
    )


def erase_expired(*, today: datetime.date, actor: Any = None) -> list[int]:
    """Anonymise everyone due for erasure; returns their user ids. Each person is its own transaction."""
    erased = []
    for user in due_for_erasure(today):
        participant = Participant.objects.filter(user=user).first()
        if participant is not None:
            anonymise_participant(participant=participant, actor=actor)
            erased.append(user.pk)
    return erased
