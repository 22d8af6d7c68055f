"""Creating, rotating and revoking API tokens (hub admins), and what a use of a token leaves in the audit log."""

from __future__ import annotations

import datetime
import hashlib
import json
import secrets
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from ecfhub.api.models import ApiToken
from ecfhub.attendance.evidence import COURSE_IDENTIFIERS
from ecfhub.audit.services import record
from ecfhub.leadprovider.models import ProviderFile
from ecfhub.leadprovider.reading import read_rows
from ecfhub.leadprovider.services import store_delivery
from ecfhub.lib.errors import DomainError
from ecfhub.onboarding.services import change_status, today
from ecfhub.people.models import Participant

# A use is audited at most once a minute per token (reads); every write is audited by the service it calls.
USE_AUDIT_EVERY = datetime.timedelta(minutes=1)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class NewToken:
    """A token just made, with its secret: shown once, never stored."""

    token: ApiToken
    secret: str


def _make(*, name: str, scope: str, expires_at: datetime.datetime | None, actor: Any) -> NewToken:
    secret = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        name=name.strip()[:100],
        secret_hash=hash_secret(secret),
        prefix=secret[:8],
        scope=scope,
        created_by=actor,
        expires_at=expires_at,
    )
    return NewToken(token, secret)


@transaction.atomic
def create_token(*, name: str, scope: str, expires_at: datetime.datetime | None, actor: Any) -> NewToken:
    """A new token named `name` with `scope` (read or read_write), usable until `expires_at` (None: until
    revoked). Guarantees: only its hash is stored; the secret is returned once; one audit entry."""
    if not name.strip():
        raise DomainError("name_required", "Enter a name for the token, for example the lead provider's name.")
    if scope not in ApiToken.Scope.values:
        raise DomainError("bad_scope", "Choose read only, or read and write.")
    if expires_at is not None and expires_at <= timezone.now():
        raise DomainError("expired", "The expiry date must be in the future.")
    made = _make(name=name, scope=scope, expires_at=expires_at, actor=actor)
    record(
        actor=actor,
        action="api_token.created",
        summary=f"Created the API token “{made.token.name}” ({made.token.get_scope_display().lower()})",
        target=made.token,
        details={"prefix": made.token.prefix, "scope": scope, "expires_at": expires_at},
    )
    return made


@transaction.atomic
def rotate_token(*, token: ApiToken, actor: Any) -> NewToken:
    """Revoke `token` and make its replacement (same name, scope and expiry) in one step. Guarantees: a
    revoked token cannot be rotated (`revoked`); the old secret stops working as the new one starts."""
    locked = ApiToken.objects.select_for_update().get(pk=token.pk)
    if locked.revoked_at is not None:
        raise DomainError("revoked", "This token has been revoked. Create a new one instead.")
    now = timezone.now()
    locked.revoked_at = now
    locked.save(update_fields=["revoked_at"])
    made = _make(name=locked.name, scope=locked.scope, expires_at=locked.expires_at, actor=actor)
    made.token.replaces = locked
    made.token.save(update_fields=["replaces"])
    record(
        actor=actor,
        action="api_token.rotated",
        summary=f"Rotated the API token “{locked.name}”: {locked.prefix}… revoked, {made.token.prefix}… made",
        target=made.token,
        details={"revoked": locked.prefix, "new": made.token.prefix},
    )
    return made


@transaction.atomic
def revoke_token(*, token: ApiToken, actor: Any) -> ApiToken:
    """Stop `token` working at once. Guarantees: revoking twice changes nothing the second time; one audit entry."""
    locked = ApiToken.objects.select_for_update().get(pk=token.pk)
    if locked.revoked_at is None:
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        record(
            actor=actor,
            action="api_token.revoked",
            summary=f"Revoked the API token “{locked.name}” ({locked.prefix}…)",
            target=locked,
            details={"prefix": locked.prefix},
        )
    return locked


def note_use(*, token: ApiToken, method: str, path: str, now: datetime.datetime) -> bool:
    """Record that `token` was used: `last_used_at`, and an audit entry with the token's name at most once
    a minute per token (one conditional UPDATE decides, so two requests at once write one entry).
    Returns whether an entry was written."""
    with transaction.atomic():
        claimed = (
            ApiToken.objects.filter(pk=token.pk)
            .exclude(last_used_at__gt=now - USE_AUDIT_EVERY)
            .update(last_used_at=now)
        )
        if claimed:
            record(
                actor=None,
                action="api_token.used",
                summary=f"The API token “{token.name}” was used: {method} {path[:200]}",
                target=token,
                details={"prefix": token.prefix, "method": method, "path": path[:200]},
            )
    return bool(claimed)


# --- what a provider sends --------------------------------------------------------------------------


@dataclass(frozen=True)
class Delivery:
    """What the hub made of a `PUT /api/v3/participants`: the provider file to review, or the problems."""

    provider_file: ProviderFile | None
    new: bool
    problems: list[tuple[str, str]]


def _cells(participants: list[dict[str, Any]]) -> tuple[list[dict[str, str]], list[int]]:
    """DfE's participants as the provider file's flat rows (one per enrolment), and which participant each came from."""
    cells: list[dict[str, str]] = []
    owners: list[int] = []
    for index, participant in enumerate(participants):
        attributes = participant["attributes"]
        for enrolment in attributes["ecf_enrolments"]:
            withdrawal, deferral = enrolment.get("withdrawal") or {}, enrolment.get("deferral") or {}
            cells.append(
                {
                    "participant_id": participant["id"],
                    "teacher_reference_number": attributes.get("teacher_reference_number") or "",
                    "participant_type": enrolment["participant_type"],
                    "school_urn": enrolment["school_urn"],
                    "cohort": enrolment["cohort"],
                    "schedule_identifier": enrolment["schedule_identifier"],
                    "training_status": enrolment["training_status"],
                    "mentor_id": enrolment.get("mentor_id") or "",
                    "full_name": attributes.get("full_name") or "",
                    "withdrawal_reason": withdrawal.get("reason", ""),
                    "deferral_reason": deferral.get("reason", ""),
                }
            )
            owners.append(index)
    return cells, owners


def delivery_key(participants: list[dict[str, Any]]) -> str:
    """What makes two deliveries the same one: the participant_id and updated_at of each participant."""
    pairs = sorted((str(p["id"]).lower(), str(p["attributes"]["updated_at"])) for p in participants)
    return hashlib.sha256(json.dumps(pairs).encode()).hexdigest()


def receive_participants(*, token: ApiToken, participants: list[dict[str, Any]]) -> Delivery:
    """A page of the provider's participants (DfE's response body, already in shape), checked row by row
    as the participant file is (`leadprovider.reading.read_rows`) and stored for the hub's review as a
    file is (`leadprovider.services.store_delivery`): the hub sees the differences and accepts them on
    the same page. Guarantees: nothing of ours changes here; idempotent by participant_id + updated_at
    (the same page again returns the same file, and writes nothing); one audit entry with the token's
    name for each new delivery; problems come back with where they are (`data[i].attributes...`)."""
    cells, owners = _cells(participants)
    read = read_rows(cells, key=delivery_key(participants))
    if read.problems:
        return Delivery(None, False, [_where(problem, owners) for problem in read.problems])
    with transaction.atomic():
        provider_file, new = store_delivery(
            read=read, label=f"API: {token.name}, {len(read.rows)} participants", actor=token.created_by
        )
        if new:
            record(
                actor=None,
                action="api_token.participants_received",
                summary=f"The API token “{token.name}” sent {len(read.rows)} participants: "
                f"{len(provider_file.differences)} differences to review",
                target=provider_file,
                details={"token": token.prefix, "rows": len(read.rows), "key": read.sha256},
            )
    return Delivery(provider_file, new, [])


_ENROLMENT = {"participant_type", "school_urn", "cohort", "schedule_identifier", "training_status", "mentor_id"}


def _where(problem: Any, owners: list[int]) -> tuple[str, str]:
    if problem.row is None:
        return ("data", problem.message)
    index = owners[problem.row - 1]
    column = problem.column
    if column == "participant_id":
        return (f"data[{index}].id", problem.message)
    if column in _ENROLMENT:
        return (f"data[{index}].attributes.ecf_enrolments.{column}", problem.message)
    if column in ("withdrawal_reason", "deferral_reason"):
        return (f"data[{index}].attributes.ecf_enrolments.{column.split('_')[0]}.reason", problem.message)
    return (f"data[{index}].attributes.{column}", problem.message)


ACTIONS = {
    "withdraw": Participant.Status.WITHDRAWN,
    "defer": Participant.Status.DEFERRED,
    "resume": Participant.Status.ACTIVE,
}


def report_status(*, token: ApiToken, participant: Participant, action: str, course: str, reason: str) -> Participant:
    """The provider reports a withdrawal, deferral or resumption in DfE's request shape: made through
    `onboarding.services.change_status`, exactly as when the hub records what the provider reported
    (its rules, releases and re-placing, history row and audit entry, with the token's name as the
    source). Guarantees: the course must be the participant's (`wrong_course`); the owner's refusals
    come back as DomainError."""
    if COURSE_IDENTIFIERS.get(participant.participant_type) != course:
        raise DomainError("wrong_course", f"This participant is not on {course}.")
    return change_status(
        participant=participant,
        status=ACTIONS[action],
        on=today(),
        reason=reason,
        actor=None,
        source=f"lead provider (API token {token.name})"[:40],
    )
