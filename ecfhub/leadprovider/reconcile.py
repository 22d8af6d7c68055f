"""The differences between the lead provider's participant file and our records, read in a fixed number of queries.

A provider's row is matched to our participant by the provider's `participant_id` once a file
has linked them, otherwise by TRN and participant type (unique here). The kinds of difference:

- `missing_here`: the provider has someone we have no record of (their school registers them);
- `missing_there`: we have someone active or deferred, in a cohort the file covers, the provider has not;
- `status`: the training status differs (active, deferred, withdrawn);
- `school`: the school (URN) differs;
- `schedule`: the DfE schedule differs;
- `mentor`: an ECT's mentor differs.

Each difference is plain data (JSON-ready), numbered, with what accepting it would do and
whether it can be accepted here at all (`can_accept`, and a `note` saying why not)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

from ecfhub.leadprovider.reading import ProviderRow
from ecfhub.people.models import Mentorship, Participant, ParticipantType, School

KINDS = {
    "missing_here": "Missing here",
    "missing_there": "Missing from the provider's file",
    "status": "Training status differs",
    "school": "School differs",
    "schedule": "Schedule differs",
    "mentor": "Mentor differs",
}
# The order accepted changes are made in: a school move before a pairing at the new school,
# a resumption before a pairing that needs them active.
APPLY_ORDER = ("school", "status", "schedule", "mentor", "missing_here", "missing_there")


def _ours() -> list[dict[str, Any]]:
    rows: Any = Participant.objects.values(
        "pk",
        "trn",
        "participant_type",
        "status",
        "school_id",
        "school__urn",
        "cohort__start_year",
        "schedule_identifier",
        "provider_participant_id",
        "user__full_name",
    ).order_by("pk")
    return list(rows)


def find_differences(rows: Sequence[ProviderRow], *, complete: bool = True) -> list[dict[str, Any]]:
    """Every difference between `rows` and our records, numbered from 1 in file order (then ours). Four queries.

    `complete` is False for a part of the provider's list (a page sent through the API): then nobody
    is `missing_there` for being absent from it."""
    ours = _ours()
    by_pid = {p["provider_participant_id"]: p for p in ours if p["provider_participant_id"]}
    by_trn = {(p["trn"], p["participant_type"]): p for p in ours}
    schools = dict(School.objects.values_list("urn", "pk"))
    current_mentor = dict(Mentorship.objects.filter(ended_on__isnull=True).values_list("ect_id", "mentor_id"))
    names = {p["pk"]: p["user__full_name"] for p in ours}

    matched: dict[int, tuple[ProviderRow, dict[str, Any]]] = {}
    pid_to_ours: dict[str, int] = {pid: p["pk"] for pid, p in by_pid.items()}
    found: list[dict[str, Any]] = []

    def add(kind: str, row: ProviderRow | None, person: dict[str, Any] | None, **fields: Any) -> None:
        found.append(
            {
                "n": len(found) + 1,
                "kind": kind,
                "row": row.row if row else None,
                "participant": person["pk"] if person else None,
                "provider_id": row.participant_id if row else (person or {}).get("provider_participant_id", ""),
                "name": (person or {}).get("user__full_name") or (row.full_name if row else ""),
                "trn": row.teacher_reference_number if row else (person or {}).get("trn", ""),
                "type": row.participant_type if row else (person or {}).get("participant_type", ""),
                "ours": "",
                "theirs": "",
                "value": "",
                "reason": "",
                "can_accept": True,
                "note": "",
                **fields,
            }
        )

    for row in rows:
        person = by_pid.get(row.participant_id) or by_trn.get((row.teacher_reference_number, row.participant_type))
        # A second row for someone already matched (the same TRN under another ID) is the provider's to explain.
        if person is None or person["pk"] in matched:
            add(
                "missing_here",
                row,
                None,
                theirs=f"{ParticipantType(row.participant_type).label} at URN {row.school_urn}, {row.cohort} cohort",
                note="Ask the school to register them; accepting records that you have seen it.",
            )
            continue
        matched[person["pk"]] = (row, person)
        pid_to_ours[row.participant_id] = person["pk"]

    for row, person in matched.values():
        if person["status"] != row.training_status and person["status"] != Participant.Status.COMPLETED:
            withdrawn = person["status"] == Participant.Status.WITHDRAWN
            add(
                "status",
                row,
                person,
                ours=Participant.Status(person["status"]).label,
                theirs=Participant.Status(row.training_status).label + (f" ({row.reason})" if row.reason else ""),
                value=row.training_status,
                reason=row.reason,
                can_accept=not withdrawn,
                note="They have left the programme here; the school registers them again if they are back."
                if withdrawn
                else "",
            )
        if person["school__urn"] != row.school_urn:
            here = row.school_urn in schools
            add(
                "school",
                row,
                person,
                ours=f"URN {person['school__urn']}",
                theirs=f"URN {row.school_urn}",
                value=schools.get(row.school_urn, ""),
                can_accept=here,
                note="" if here else "No school with this URN is registered here: add the school first.",
            )
        if person["schedule_identifier"] != row.schedule_identifier:
            add(
                "schedule",
                row,
                person,
                ours=person["schedule_identifier"] or "none",
                theirs=row.schedule_identifier,
                value=row.schedule_identifier,
            )
        if row.participant_type == ParticipantType.ECT and row.mentor_id:
            theirs = pid_to_ours.get(row.mentor_id)
            mine = current_mentor.get(person["pk"])
            if theirs != mine:
                add(
                    "mentor",
                    row,
                    person,
                    ours=names.get(mine, "") if mine else "none",
                    theirs=names[theirs] if theirs else f"participant {row.mentor_id}",
                    value=theirs or "",
                    can_accept=theirs is not None,
                    note="" if theirs else "The provider's mentor is not in our records.",
                )

    cohorts = {row.cohort for row in rows} if complete else set()
    for person in ours:
        if (
            person["pk"] not in matched
            and person["cohort__start_year"] in cohorts
            and person["status"] in (Participant.Status.ACTIVE, Participant.Status.DEFERRED)
        ):
            add(
                "missing_there",
                None,
                person,
                ours=f"{ParticipantType(person['participant_type']).label} at URN {person['school__urn']}, "
                f"{person['cohort__start_year']} cohort, {Participant.Status(person['status']).label.lower()}",
                note="Tell the lead provider; accepting records that you have seen it.",
            )
    return found


def links(rows: Sequence[ProviderRow]) -> dict[int, str]:
    """Our participant id → the provider's participant_id, for every row matched (to remember the link)."""
    ours = _ours()
    by_pid = {p["provider_participant_id"]: p for p in ours if p["provider_participant_id"]}
    by_trn = {(p["trn"], p["participant_type"]): p for p in ours}
    out: dict[int, str] = {}
    for row in rows:
        person = by_pid.get(row.participant_id) or by_trn.get((row.teacher_reference_number, row.participant_type))
        if person is not None and person["pk"] not in out:
            out[person["pk"]] = row.participant_id
    return out


def digest(differences: Sequence[dict[str, Any]]) -> str:
    """A fingerprint of the differences: the confirm refuses if our records have moved on since."""
    return hashlib.sha256(json.dumps(list(differences), sort_keys=True, default=str).encode()).hexdigest()
