"""What the files hold: mentor funding per school and term, attendance per school, cohort and person
(the lead provider's evidence file is queries/evidence.py)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from ecfhub.attendance.models import (
    ATTENDED,
)
from ecfhub.attendance.queries.progress import Progress
from ecfhub.events.models import Session, TrainingEvent
from ecfhub.lib import when
from ecfhub.people.models import Participant, ParticipantType
from ecfhub.scheduling.models import Assignment
from ecfhub.terms.models import AcademicYear, HalfTerm

# --- terms, and the mentor funding evidence file per school and term --------------------------

# A term is two half terms of the hub's calendar (terms app): autumn 1–2, spring 3–4, summer 5–6.
TERM_HALVES = {"autumn": (1, 2), "spring": (3, 4), "summer": (5, 6)}


@dataclass(frozen=True)
class Term:
    start_year: int  # the academic year's first calendar year
    slug: str  # autumn, spring or summer
    starts_on: datetime.date
    ends_on: datetime.date

    @property
    def year(self) -> int:
        """The calendar year the term starts in: autumn 2025, spring 2026, summer 2026 (one academic year)."""
        return self.starts_on.year

    @property
    def label(self) -> str:
        return f"{self.slug.capitalize()} term {self.year} ({AcademicYear(start_year=self.start_year).label})"

    @property
    def key(self) -> str:
        return f"{self.slug}-{self.year}"


def school_terms() -> list[Term]:
    """Every term of the hub's calendar with both its half terms set, in date order; one query."""
    halves = {
        (year, number): (starts, ends)
        for year, number, starts, ends in HalfTerm.objects.values_list(
            "academic_year__start_year", "number", "starts_on", "ends_on"
        )
    }
    terms = [
        Term(year, slug, halves[(year, first)][0], halves[(year, second)][1])
        for year in sorted({year for year, _ in halves})
        for slug, (first, second) in TERM_HALVES.items()
        if (year, first) in halves and (year, second) in halves
    ]
    return sorted(terms, key=lambda t: t.starts_on)


def find_term(year: int, slug: str) -> Term | None:
    """The `slug` term starting in calendar year `year` (spring 2026 is the 2025/26 academic year's)."""
    return next((t for t in school_terms() if t.year == year and t.slug == slug), None)


FUNDING_HEADER: list[object] = [
    "school_urn",
    "school_name",
    "teacher_reference_number",
    "participant_id",
    "full_name",
    "cohort",
    "training_status",
    "mentor_training",
    "term",
    "event",
    "session_start",
    "session_end",
    "session_hours",
    "attendance",
    "attended",
]
# DfE's training_status has no "completed": a mentor who completed is still `active` to DfE (the
# completion is a declaration, not a status).
DFE_TRAINING_STATUS: dict[str, str] = {
    Participant.Status.ACTIVE: "active",
    Participant.Status.DEFERRED: "deferred",
    Participant.Status.WITHDRAWN: "withdrawn",
    Participant.Status.COMPLETED: "active",
}


@dataclass
class MentorTerm:
    """One mentor in one term: their sessions, each as (event, starts, ends, mark or None)."""

    mentor: Participant
    sessions: list[tuple[str, datetime.datetime, datetime.datetime, str | None]]

    @property
    def placed(self) -> int:
        return len(self.sessions)

    @property
    def attended(self) -> int:
        return sum(1 for s in self.sessions if s[3] in ATTENDED)

    @property
    def hours_attended(self) -> float:
        return round(sum((s[2] - s[1]).total_seconds() for s in self.sessions if s[3] in ATTENDED) / 3600, 2)


def mentors_in_term(*, term: Term, mentors: QuerySet[Participant]) -> list[MentorTerm]:
    """The mentors in `mentors` who were taking part in `term` (not withdrawn, or placed on a session
    in it), by school and name, each with the sessions they held a place on in the term (scheduled
    sessions; a place released before the day is not listed, a place with a register mark always is)
    and their marks. Two queries, however many mentors or sessions."""
    tz = timezone.get_current_timezone()
    starts = datetime.datetime.combine(term.starts_on, datetime.time.min, tzinfo=tz)
    ends = datetime.datetime.combine(term.ends_on + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    mentors = mentors.filter(participant_type=ParticipantType.MENTOR)
    places = Assignment.objects.filter(
        Q(status=Assignment.Status.ASSIGNED) | Q(attendance__isnull=False),
        participant__in=mentors,
        session__status=Session.Status.SCHEDULED,
        session__starts_at__gte=starts,
        session__starts_at__lt=ends,
    )
    listed = list(
        mentors.filter(~Q(status=Participant.Status.WITHDRAWN) | Q(pk__in=places.values("participant_id")))
        .select_related("user", "school", "cohort")
        .order_by("school__name", "user__full_name", "pk")
    )
    sessions: dict[int, list[tuple[str, datetime.datetime, datetime.datetime, str | None]]] = defaultdict(list)
    for pid, title, starts_at, ends_at, mark in places.order_by("session__starts_at", "pk").values_list(
        "participant_id", "event__title", "session__starts_at", "session__ends_at", "attendance__mark"
    ):
        sessions[pid].append((title, starts_at, ends_at, mark))
    return [MentorTerm(m, sessions.get(m.pk, [])) for m in listed]


def funding_rows(mentor_terms: list[MentorTerm], *, term: Term, now: datetime.datetime) -> list[list[object]]:
    """The mentor funding evidence file: one row per mentor per session placed in the term (a mentor
    with none still has a row), in DfE's field names where DfE has them. `attendance` is the register's
    mark (present, late, left_early, absent), `not_marked` for a started session without a mark and
    `upcoming` for one still to come; `attended` is yes or no (blank while upcoming)."""
    rows: list[list[object]] = []
    for entry in mentor_terms:
        person = entry.mentor
        who: list[object] = [
            person.school.urn,
            person.school.name,
            person.trn,
            person.provider_participant_id,
            person.user.full_name,
            person.cohort.start_year,
            DFE_TRAINING_STATUS.get(person.status, person.status),
            person.mentor_training,
            term.key,
        ]
        if not entry.sessions:
            rows.append([*who, "", "", "", "", "", ""])
        for title, starts, ends, mark in entry.sessions:
            if mark:
                attendance, attended = mark, "yes" if mark in ATTENDED else "no"
            elif starts <= now:
                attendance, attended = "not_marked", "no"
            else:
                attendance, attended = "upcoming", ""
            rows.append(
                [
                    *who,
                    title,
                    starts,
                    ends,
                    round((ends - starts).total_seconds() / 3600, 2),
                    attendance,
                    attended,
                ]
            )
    return rows


# --- attendance per school and cohort, and one person's full record -----------------------------

# The DfE status, the hub's own words for the rest (DfE has no field for a status or a requirement).
PROGRESS_HEADER: list[object] = [
    "school_urn",
    "school_name",
    "teacher_reference_number",
    "full_name",
    "participant_type",
    "cohort",
    "training_status",
    "clinics_required",
    "clinics_attended",
    "conferences_required",
    "conferences_attended",
    "absences",
    "missed_without_catch_up",
    "engagement_done",
    "engagement_due",
    "status",
    "status_reason",
]


def progress_rows(progress: list[Progress]) -> list[list[object]]:
    """One row per person of `progress` (from `progress_for`), by school and name: events attended
    against the requirement per kind, absences (every absent mark, caught up or not), events missed
    with no catch-up, engagement so far (done of due, cumulative to the current declaration window)
    and the status with the rule that decided it, as on the progress pages."""
    rows: list[list[object]] = []
    for p in sorted(
        progress, key=lambda p: (p.participant.school.name, p.participant.user.full_name, p.participant.pk)
    ):
        person = p.participant
        rows.append(
            [
                person.school.urn,
                person.school.name,
                person.trn,
                person.user.full_name,
                person.participant_type,
                person.cohort.start_year,
                DFE_TRAINING_STATUS.get(person.status, person.status),
                p.required.get(TrainingEvent.Kind.CLINIC, 0),
                p.attended.get(TrainingEvent.Kind.CLINIC, 0),
                p.required.get(TrainingEvent.Kind.CONFERENCE, 0),
                p.attended.get(TrainingEvent.Kind.CONFERENCE, 0),
                p.absences,
                len(p.missed),
                p.so_far.done if p.so_far else 0,
                p.so_far.due if p.so_far else 0,
                p.status.value,
                p.verdict.reason,
            ]
        )
    return rows


RECORD_HEADER: list[object] = [
    "event",
    "kind",
    "session_start",
    "session_end",
    "place",
    "attendance",
    "attended",
    "catch_up_for",
    "self_study",
]


@dataclass(frozen=True)
class PlaceRecord:
    """One place someone held (or holds), with what the register says and how a miss was caught up."""

    event: str
    kind: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    status: str
    mark: str | None
    catch_up_for: datetime.datetime | None  # the missed session's start, when this place is its catch-up date
    self_study_chosen: datetime.datetime | None
    self_study_signed_off: datetime.datetime | None


def places_on_record(participant: Participant) -> list[PlaceRecord]:
    """Every place `participant` holds or held that is part of their record, in date order: places held
    now, missed places a catch-up date replaced, and any place with a register mark (a place released
    or moved before its day is not attendance and is left out); one query."""
    places = (
        Assignment.objects.filter(
            Q(status__in=Assignment.ON_REGISTER) | Q(attendance__isnull=False), participant=participant
        )
        .select_related("event", "session", "attendance", "catch_up_study", "replaces__session")
        .order_by("session__starts_at", "pk")
    )
    out = []
    for place in places:
        record = getattr(place, "attendance", None)
        study = getattr(place, "catch_up_study", None)
        replaced = getattr(place, "replaces", None)
        out.append(
            PlaceRecord(
                event=place.event.title,
                kind=place.event.kind,
                starts_at=place.session.starts_at,
                ends_at=place.session.ends_at,
                status=place.status,
                mark=record.mark if record else None,
                catch_up_for=replaced.session.starts_at if replaced else None,
                self_study_chosen=study.chosen_at if study else None,
                self_study_signed_off=study.signed_off_at if study else None,
            )
        )
    return out


def _when(moment: datetime.datetime | None) -> datetime.datetime | str:
    # The spreadsheet writer makes it ISO 8601 with the offset (CSV) or a real Excel date (XLSX).
    return moment if moment else ""


def record_rows(progress: Progress, places: list[PlaceRecord], *, now: datetime.datetime) -> list[list[object]]:
    """One person's full attendance record: the requirement summary first (a name and a value per
    row), a blank row, then `RECORD_HEADER` and one row per place. `attendance` is the register's mark,
    `not_marked` for a started session without one, `upcoming` for one still to come; `self_study` says
    when catch-up self-study was chosen and signed off."""
    person = progress.participant
    engagement = f"{progress.so_far.done} of {progress.so_far.due}" if progress.so_far and progress.so_far.due else ""
    summary: list[list[object]] = [
        ["full_name", person.user.full_name],
        ["teacher_reference_number", person.trn],
        ["participant_type", person.participant_type],
        ["school_urn", person.school.urn],
        ["school_name", person.school.name],
        ["cohort", person.cohort.start_year],
        ["training_status", DFE_TRAINING_STATUS.get(person.status, person.status)],
        ["clinics", f"{progress.attended.get(TrainingEvent.Kind.CLINIC, 0)} of {progress.required.get(TrainingEvent.Kind.CLINIC, 0)}"],
        ["conferences", f"{progress.attended.get(TrainingEvent.Kind.CONFERENCE, 0)} of {progress.required.get(TrainingEvent.Kind.CONFERENCE, 0)}"],
        ["absences", progress.absences],
        ["missed_without_catch_up", len(progress.missed)],
        ["engagement_so_far", engagement],
        ["status", progress.status.value],
        ["status_reason", progress.verdict.reason],
    ]  # fmt: skip
    rows: list[list[object]] = [*summary, [], RECORD_HEADER]
    for place in places:
        if place.mark:
            attendance, attended = place.mark, "yes" if place.mark in ATTENDED else "no"
        elif place.starts_at <= now:
            attendance, attended = "not_marked", "no"
        else:
            attendance, attended = "upcoming", ""
        if place.self_study_signed_off:
            study = f"signed off {when.iso(place.self_study_signed_off)}"
        elif place.self_study_chosen:
            study = f"chosen {when.iso(place.self_study_chosen)}"
        else:
            study = ""
        rows.append(
            [
                place.event,
                place.kind,
                _when(place.starts_at),
                _when(place.ends_at),
                place.status,
                attendance,
                attended,
                _when(place.catch_up_for),
                study,
            ]
        )
    return rows
