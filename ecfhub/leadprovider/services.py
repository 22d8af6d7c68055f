"""Storing a checked provider file, and confirming the hub's decisions on its differences in one transaction."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from ecfhub.audit.services import record
from ecfhub.leadprovider import reconcile
from ecfhub.leadprovider.models import ProviderFile
from ecfhub.leadprovider.reading import ProviderRow, ReadFile
from ecfhub.lib.errors import DomainError
from ecfhub.onboarding.services import change_mentor, change_status
from ecfhub.people.models import Participant, School
from ecfhub.people.services import end_mentorships

SOURCE = "lead provider"


def store_file(*, read: ReadFile, filename: str, actor: Any, complete: bool = True) -> ProviderFile:
    """Keep a checked file with the differences found against our records now (nothing else is written).
    `complete`: the provider's whole list (a file) or a part of it (a page through the API)."""
    differences = reconcile.find_differences(read.rows, complete=complete)
    return ProviderFile.objects.create(
        uploaded_by=actor,
        filename=filename[:255],
        sha256=read.sha256,
        row_count=len(read.rows),
        rows=[r.as_json() for r in read.rows],
        differences=differences,
        digest=reconcile.digest(differences),
        complete=complete,
    )


@transaction.atomic
def store_delivery(*, read: ReadFile, label: str, actor: Any) -> tuple[ProviderFile, bool]:
    """Participants delivered through the API (a page of the provider's list): stored as `store_file`
    stores a file, for the hub to review and confirm the same way. Idempotent by `read.sha256` (the
    API's key of participant_id + updated_at pairs): the same delivery again returns the file it made
    the first time, and nothing is written. Returns the file and whether it is new."""
    earlier = ProviderFile.objects.filter(sha256=read.sha256, complete=False).defer("rows").first()
    if earlier is not None:
        return earlier, False
    return store_file(read=read, filename=label, actor=actor, complete=False), True


@transaction.atomic
def confirm_file(*, provider_file: ProviderFile, accepted: Collection[int], sha256: str, actor: Any) -> ProviderFile:
    """Make the accepted differences true in our records, all or nothing; reject the rest.

    Guarantees, with the file's row locked: a file is confirmed at most once (`already_confirmed`),
    only the file the hub reviewed (`stale_preview` on another sha256), and only while our records
    still show exactly the differences reviewed (`records_changed`, nothing written); a difference
    that cannot be accepted here is refused (`cannot_accept`). Accepted changes go through the
    services that own them: a training status through `onboarding.services.change_status` (a
    deferral releases future dates, a resumption re-places them with notice, reported by the lead
    provider), a pairing through `change_mentor`; a school move ends pairings at the old school.
    Every matched participant is linked to the provider's participant_id. One audit entry per
    change made by this module, the owners' entries for theirs, and one for the whole file; the
    differences and the decisions stay on the file, its rows are dropped."""
    locked = ProviderFile.objects.select_for_update().get(pk=provider_file.pk)
    if locked.status != ProviderFile.Status.CHECKED:
        raise DomainError("already_confirmed", "This file has already been confirmed.")
    if sha256 != locked.sha256:
        raise DomainError("stale_preview", "This is not the file you reviewed. Upload it again.")
    rows = [ProviderRow.from_json(r) for r in locked.rows]
    if reconcile.digest(reconcile.find_differences(rows, complete=locked.complete)) != locked.digest:
        raise DomainError(
            "records_changed",
            "Our records have changed since this file was checked, so the differences may be different now. "
            "Upload the file again.",
        )
    by_number = {d["n"]: d for d in locked.differences}
    unknown = set(accepted) - set(by_number)
    if unknown:
        raise DomainError("bad_decision", "Choose from the differences listed.")
    chosen = [by_number[n] for n in sorted(accepted)]
    for difference in chosen:
        if not difference["can_accept"]:
            raise DomainError("cannot_accept", f"Difference {difference['n']} cannot be accepted: {difference['note']}")
    today = timezone.localdate()
    for kind in reconcile.APPLY_ORDER:
        for difference in (d for d in chosen if d["kind"] == kind):
            _apply(difference, actor=actor, today=today)
    _link(rows)
    locked.status = ProviderFile.Status.CONFIRMED
    locked.accepted = sorted(accepted)
    locked.confirmed_at, locked.confirmed_by = timezone.now(), actor
    locked.rows = []
    locked.save(update_fields=["status", "accepted", "confirmed_at", "confirmed_by", "rows"])
    counts: dict[str, int] = {}
    for d in chosen:
        counts[d["kind"]] = counts.get(d["kind"], 0) + 1
    record(
        actor=actor,
        action="provider_file.confirmed",
        summary=f"Reconciled the lead provider's file {locked.filename}: accepted {len(chosen)} of "
        f"{len(locked.differences)} differences",
        target=locked,
        details={"accepted": locked.accepted, "by_kind": counts, "rows": locked.row_count, "sha256": locked.sha256},
    )
    return locked


# Kinds that are only noted when accepted (nothing of ours changes): they need no decision, so the
# review lists them after the ones that do.
NOTED_ONLY = ("missing_here", "missing_there")


def _lock_open(provider_file: ProviderFile, sha256: str) -> ProviderFile:
    locked = ProviderFile.objects.select_for_update().get(pk=provider_file.pk)
    if locked.status != ProviderFile.Status.CHECKED:
        raise DomainError("already_confirmed", "This file has already been confirmed.")
    if sha256 != locked.sha256:
        raise DomainError("stale_preview", "This is not the file you reviewed. Upload it again.")
    return locked


@transaction.atomic
def record_decisions(
    *, provider_file: ProviderFile, shown: Collection[int], ticked: Collection[int], sha256: str, actor: Any
) -> ProviderFile:
    """Keep the hub's decisions on the differences it was shown (a page of a long file): those ticked
    are accepted, the others shown are not; decisions on differences not shown stay as they were.
    Nothing in our records changes until `confirm_file`.

    Guarantees, with the file's row locked: only an unconfirmed file (`already_confirmed`), only the
    file reviewed (`stale_preview`), only its own differences (`bad_decision`), only ones that can be
    accepted (`cannot_accept`); one audit entry when a decision changed."""
    locked = _lock_open(provider_file, sha256)
    by_number = {d["n"]: d for d in locked.differences}
    if not set(shown) <= set(by_number) or not set(ticked) <= set(shown):
        raise DomainError("bad_decision", "Choose from the differences listed.")
    for n in ticked:
        if not by_number[n]["can_accept"]:
            raise DomainError("cannot_accept", f"Difference {n} cannot be accepted: {by_number[n]['note']}")
    before = set(locked.accepted)
    after = (before - set(shown)) | set(ticked)
    if after != before:
        locked.accepted = sorted(after)
        locked.save(update_fields=["accepted"])
        record(
            actor=actor,
            action="provider_file.decided",
            summary=f"Decided on {len(shown)} differences in the lead provider's file {locked.filename}: "
            f"{len(set(ticked))} accepted",
            target=locked,
            details={"shown": sorted(shown), "accepted": sorted(ticked)},
        )
    return locked


@transaction.atomic
def accept_group(*, provider_file: ProviderFile, kind: str, sha256: str, actor: Any) -> int:
    """Accept every difference of one kind that can be accepted, in one step; returns how many.

    The same guarantees as `record_decisions` (the file locked, unconfirmed, the one reviewed); one
    audit entry naming the kind and the count. Our records change only at `confirm_file`."""
    if kind not in reconcile.KINDS:
        raise DomainError("bad_decision", "Choose one of the kinds of difference listed.")
    locked = _lock_open(provider_file, sha256)
    group = {d["n"] for d in locked.differences if d["kind"] == kind and d["can_accept"]}
    if not group - set(locked.accepted):
        return 0
    locked.accepted = sorted(set(locked.accepted) | group)
    locked.save(update_fields=["accepted"])
    record(
        actor=actor,
        action="provider_file.group_accepted",
        summary=f"Accepted all {len(group)} “{reconcile.KINDS[kind]}” in the lead provider's file {locked.filename}",
        target=locked,
        details={"kind": kind, "accepted": sorted(group)},
    )
    return len(group)


def _apply(difference: dict[str, Any], *, actor: Any, today: Any) -> None:
    kind = difference["kind"]
    if kind in ("missing_here", "missing_there"):
        return  # seen and noted: the file's audit entry lists it; nothing of ours changes
    participant = Participant.objects.select_related("user", "school").get(pk=difference["participant"])
    try:
        if kind == "status":
            status = difference["value"]
            reason = "" if status == Participant.Status.ACTIVE else (difference["reason"] or "other")
            change_status(participant=participant, status=status, on=today, reason=reason, actor=actor, source=SOURCE)
        elif kind == "school":
            school = School.objects.get(pk=difference["value"])
            before = participant.school
            end_mentorships(participant=participant, on=today)
            Participant.objects.filter(pk=participant.pk).update(school=school)
            record(
                actor=actor,
                action="participant.school_changed",
                summary=f"{participant.user.full_name} moved from {before.name} to {school.name} "
                "(from the lead provider's file)",
                target=participant,
                details={"from": before.urn, "to": school.urn, "source": SOURCE},
            )
        elif kind == "schedule":
            before_schedule = participant.schedule_identifier
            Participant.objects.filter(pk=participant.pk).update(schedule_identifier=difference["value"])
            record(
                actor=actor,
                action="participant.schedule_changed",
                summary=f"{participant.user.full_name}'s schedule is now {difference['value']} "
                "(from the lead provider's file)",
                target=participant,
                details={"from": before_schedule, "to": difference["value"], "source": SOURCE},
            )
        elif kind == "mentor":
            mentor = Participant.objects.select_related("user").get(pk=difference["value"])
            participant.refresh_from_db()
            change_mentor(ect=participant, mentor=mentor, on=today, actor=actor)
    except DomainError as error:
        raise DomainError(
            error.code,
            f"Difference {difference['n']} ({participant.user.full_name}): {error.message} Nothing was saved.",
        ) from error


def _link(rows: list[ProviderRow]) -> None:
    links = reconcile.links(rows)
    stored = dict(Participant.objects.filter(pk__in=links).values_list("pk", "provider_participant_id"))
    changed = [(links[pk], pk) for pk, current in stored.items() if current != links[pk]]
    # One prepared UPDATE run per row: Django's bulk_update builds a CASE per row and took 30 s for a
    # first file of 10,000 people (bench/bench_provider_file.py); this takes well under one.
    table = connection.ops.quote_name(Participant._meta.db_table)
    column = connection.ops.quote_name(Participant._meta.get_field("provider_participant_id").column)
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {table} SET {column} = %s WHERE id = %s", changed)  # noqa: S608 - names from the model
