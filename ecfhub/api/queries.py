"""What the API shows, as plain data in DfE's shapes, read in a fixed number of queries per page.

Every read starts from `api.access` (who a token may see). Participants: the page's rows with their
school, cohort, account and current mentor in one query, then `attendance.queries.progress_for` for
ECF Hub's additions. Declarations: the evidence file's lines (`attendance.queries.evidence_file`), the
same rows the hub's download carries, with `state` ready, not-yet-declarable or voided."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from ecfhub.api import access
from ecfhub.api.models import ApiToken
from ecfhub.api.query import Page
from ecfhub.attendance.evidence import COURSE_IDENTIFIERS, VOIDED
from ecfhub.attendance.models import AttendanceRecord
from ecfhub.attendance.queries.evidence import evidence_file
from ecfhub.attendance.queries.progress import progress_for
from ecfhub.lib.when import hub_zone
from ecfhub.people.models import Mentorship, Participant

# The hub's own ids for someone the provider's file has not linked yet: a UUID that carries our row's id,
# so the API can find them by it (`hub_id`, `row_of`), and can never collide with DfE's random (v4) ids.
_HUB_PREFIX = "00000000-ecf0-4000-8000-"
_RECORD_PREFIX = "00000000-ecf1-4000-8000-"
_DECLARATIONS = uuid.UUID("5a0a3b32-4a8b-4f3c-9a43-ecf0ecf0ecf0")


def hub_id(pk: int) -> str:
    return f"{_HUB_PREFIX}{pk:012x}"


def row_of(api_id: str) -> int | None:
    """Our row id in a hub id, or None for anyone else's UUID."""
    if api_id.startswith(_HUB_PREFIX):
        try:
            return int(api_id[len(_HUB_PREFIX) :], 16)
        except ValueError:
            return None
    return None


def api_id(pk: int, provider_participant_id: str) -> str:
    return provider_participant_id or hub_id(pk)


@dataclass(frozen=True)
class Filters:
    cohorts: Sequence[int] | None = None
    updated_since: datetime.datetime | None = None
    training_status: str | None = None
    participant_ids: Sequence[str] | None = None
    sort: str | None = None


def _by_ids(ids: Sequence[str]) -> Q:
    rows = [pk for pk in map(row_of, ids) if pk is not None]
    return Q(provider_participant_id__in=list(ids)) | Q(pk__in=rows)


def participants(token: ApiToken, filters: Filters) -> QuerySet[Participant]:
    """The participants `token` may see, filtered (DfE's filters) and ordered (DfE's sorts; default created_at)."""
    people = access.participants_for(token)
    if filters.cohorts is not None:
        people = people.filter(cohort__start_year__in=filters.cohorts)
    if filters.updated_since is not None:
        people = people.filter(updated_at__gte=filters.updated_since)
    if filters.training_status is not None:
        # DfE's training status has no "completed": someone who completed trained to the end, active.
        statuses = ["active", "completed"] if filters.training_status == "active" else [filters.training_status]
        people = people.filter(status__in=statuses)
    if filters.participant_ids is not None:
        people = people.filter(_by_ids(filters.participant_ids))
    sort = filters.sort or "created_at"
    field = sort.lstrip("-")
    return people.order_by(sort, "-pk" if sort.startswith("-") else "pk") if field else people


def _page_rows(people: QuerySet[Participant], page: Page, today: datetime.date) -> list[Participant]:
    """The page's participants with their account, school, cohort and current mentor, in three queries:
    the page's ids first (the sort's index alone, so a late page does not build the rows it skips),
    then those rows, then their mentors."""
    ids = list(people.values_list("pk", flat=True)[page.offset : page.offset + page.size])
    if not ids:
        return []
    by_pk = Participant.objects.select_related("user", "school", "cohort").in_bulk(ids)
    mentors = {
        ect_id: (mentor_id, provider_id)
        for ect_id, mentor_id, provider_id in Mentorship.objects.filter(Mentorship.current_q(today), ect_id__in=ids)
        .order_by("started_on", "pk")
        .values_list("ect_id", "mentor_id", "mentor__provider_participant_id")
    }
    rows = []
    for pk in ids:
        person = by_pk[pk]
        person.mentor_pk, person.mentor_provider_id = mentors.get(pk, (None, ""))  # type: ignore[attr-defined]
        rows.append(person)
    return rows


def _moment(day: datetime.date | None) -> datetime.datetime | None:
    return datetime.datetime.combine(day, datetime.time(), tzinfo=hub_zone()) if day else None


def _reason_date(person: Participant, status: str) -> dict[str, Any] | None:
    if person.status != status:
        return None
    return {"reason": person.status_reason or "other", "date": _moment(person.status_changed_on) or person.updated_at}


def participant_body(person: Any, progress: Any, *, ecf_hub: bool) -> dict[str, Any]:
    """One participant in DfE's shape, from a row of `_page_rows`, with ECF Hub's additions from its
    progress when `ecf_hub`."""
    status = person.status
    training_status = "active" if status == Participant.Status.COMPLETED else status
    mentor = api_id(person.mentor_pk, person.mentor_provider_id or "") if person.mentor_pk else None
    verdict = progress.status_key if progress is not None and progress.required_total else "none"
    return {
        "id": api_id(person.pk, person.provider_participant_id),
        "type": "participant",
        "attributes": {
            "full_name": person.user.full_name,
            "teacher_reference_number": person.trn or None,
            "ecf_enrolments": [
                {
                    "training_record_id": f"{_RECORD_PREFIX}{person.pk:012x}",
                    "email": person.user.email,
                    "mentor_id": mentor,
                    "school_urn": person.school.urn,
                    "participant_type": person.participant_type,
                    "working_pattern": "part_time" if person.unavailable_weekdays else "full_time",
                    "cohort": str(person.cohort.start_year),
                    "training_status": training_status,
                    "participant_status": "left" if status == Participant.Status.WITHDRAWN else "active",
                    "schedule_identifier": person.schedule_identifier,
                    "withdrawal": _reason_date(person, Participant.Status.WITHDRAWN),
                    "deferral": _reason_date(person, Participant.Status.DEFERRED),
                    "created_at": person.created_at,
                    "induction_end_date": None,
                    "overall_induction_start_date": person.induction_start_date,
                    "mentor_funding_end_date": None,
                }
            ],
            "participant_id_changes": [],
            "updated_at": person.updated_at,
            **(
                {
                    "ecf_hub": {
                        "progress": verdict,
                        "sessions_attended": progress.attended_total if progress is not None else 0,
                        "sessions_required": progress.required_total if progress is not None else 0,
                    }
                }
                if ecf_hub
                else {}
            ),
        },
    }


def participant_page(
    token: ApiToken, filters: Filters, page: Page, *, now: datetime.datetime, ecf_hub: bool = False
) -> list[dict[str, Any]]:
    """One page of participants in DfE's shape. A fixed number of queries whatever the page size.
    `ecf_hub`: with ECF Hub's additions (progress against the requirement: `progress_for`, about
    2.5 ms a person, so only when asked for; a full sync in DfE's shape does not pay for it)."""
    people = participants(token, filters)
    rows = _page_rows(people, page, timezone.localtime(now).date())
    if not rows:
        return []
    progress = progress_for(Participant.objects.filter(pk__in=[p.pk for p in rows]), now=now) if ecf_hub else {}
    return [participant_body(p, progress.get(p.pk), ecf_hub=ecf_hub) for p in rows]


def one_participant(
    token: ApiToken, given_id: str, *, now: datetime.datetime, ecf_hub: bool = False
) -> dict[str, Any] | None:
    page = participant_page(token, Filters(participant_ids=[given_id]), Page(1, 1), now=now, ecf_hub=ecf_hub)
    return page[0] if page else None


def participant_row(token: ApiToken, given_id: str) -> Participant | None:
    """The participant a provider's id (or the hub's) names, if the token may see them."""
    return access.participants_for(token).filter(_by_ids([given_id])).select_related("user", "school").first()


# --- declarations -------------------------------------------------------------------------------


def _declaration(
    person: Participant, kind: str, on: datetime.date | None, held: str, state: str, **extra: Any
) -> dict[str, Any]:
    pid = api_id(person.pk, person.provider_participant_id)
    return {
        "id": str(uuid.uuid5(_DECLARATIONS, f"{person.pk}:{kind}:{state}")),
        "type": "participant-declaration",
        "attributes": {
            "participant_id": pid,
            "declaration_type": kind,
            "declaration_date": _moment(on),
            "course_identifier": COURSE_IDENTIFIERS.get(person.participant_type, person.participant_type),
            "evidence_held": held or None,
            "state": state,
            "created_at": extra.pop("created_at", person.updated_at),
            "updated_at": person.updated_at,
            "ecf_hub": {"reason": "", "evidence_sessions": "", "sent_on": None, **extra},
        },
    }


def declarations(token: ApiToken, filters: Filters, *, now: datetime.datetime) -> list[dict[str, Any]]:
    """The evidence the hub holds for the people `token` may see, each in the body a provider POSTs to
    DfE: the evidence file's rows (ready, or voided) and the declarations held back (not yet declarable,
    with the reason), by cohort, school and name, each person's in DfE's order."""
    people = participants(token, Filters(filters.cohorts, filters.updated_since, None, filters.participant_ids))
    found = evidence_file(people.order_by(), now=now)
    out: list[dict[str, Any]] = []
    for row in found.rows:
        line = row.line
        sent_at = _moment(line.sent_on)
        out.append(
            _declaration(
                row.participant,
                line.declaration_type,
                line.declaration_date,
                line.evidence_held,
                "voided" if line.state == VOIDED else "ready",
                evidence_sessions=line.evidence_sessions,
                sent_on=line.sent_on,
                **({"created_at": sent_at} if sent_at else {}),
            )
        )
    for gap in found.not_yet:
        for d in gap.declarations:
            out.append(
                _declaration(
                    gap.participant,
                    d.declaration_type,
                    d.declaration_date,
                    d.evidence_held,
                    "not-yet-declarable",
                    reason=gap.reason,
                    evidence_sessions=d.evidence_sessions,
                )
            )
    return out


# --- sessions and attendance (ECF Hub's additions) -----------------------------------------------


def sessions_page(token: ApiToken, filters: Filters, page: Page) -> list[dict[str, Any]]:
    sessions = access.sessions_for(token).select_related("event")
    if filters.updated_since is not None:
        sessions = sessions.filter(updated_at__gte=filters.updated_since)
    if filters.cohorts is not None:
        sessions = sessions.filter(event__cohort__start_year__in=filters.cohorts)
    rows = sessions.order_by("starts_at", "pk")[page.offset : page.offset + page.size]
    return [
        {
            "id": str(s.pk),
            "type": "session",
            "attributes": {
                "event_title": s.event.title,
                "event_kind": s.event.kind,
                "starts_at": s.starts_at,
                "ends_at": s.ends_at,
                "mode": s.mode,
                "status": s.status,
                "capacity": s.capacity,
                "seats_taken": s.seats_taken,
                "updated_at": s.updated_at,
            },
        }
        for s in rows
    ]


def attendance_page(token: ApiToken, filters: Filters, page: Page) -> list[dict[str, Any]]:
    people = participants(token, Filters(filters.cohorts, None, None, filters.participant_ids))
    records: QuerySet[AttendanceRecord] = AttendanceRecord.objects.filter(
        participant__in=people.order_by().values("pk")
    )
    if filters.updated_since is not None:
        records = records.filter(marked_at__gte=filters.updated_since)
    rows = records.annotate(pid=F("participant__provider_participant_id")).order_by("marked_at", "pk")
    return [
        {
            "id": str(r.pk),
            "type": "attendance",
            "attributes": {
                "participant_id": api_id(r.participant_id, r.pid),  # type: ignore[attr-defined]
                "session_id": str(r.session_id),
                "mark": r.mark,
                "updated_at": r.marked_at,
            },
        }
        for r in rows[page.offset : page.offset + page.size]
    ]
