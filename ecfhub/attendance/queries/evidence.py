"""The lead provider's evidence file: each person's facts from the database, judged by attendance/evidence.py.

A fixed number of queries however many people (asserted in tests/test_evidence.py): `progress_for`'s
(the people, requirements, places, requests and engagement items), then the sessions attended and
self-study signed off, the modules completed, and what was already sent."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from ecfhub.attendance import evidence
from ecfhub.attendance.evidence import (
    COURSE_IDENTIFIERS,
    SELF_STUDY_MATERIAL_COMPLETED,
    TRAINING_EVENT_ATTENDED,
    Facts,
    Line,
    Piece,
    Sent,
)
from ecfhub.attendance.models import ATTENDED, SentDeclaration
from ecfhub.attendance.queries.progress import Progress, progress_for
from ecfhub.attendance.sources import programme_places
from ecfhub.learning.models import LearningSettings, ModuleCompletion
from ecfhub.lib.concurrency import version_of_values
from ecfhub.people.models import Participant
from ecfhub.privacy.queries import is_anonymised

# The file's columns, in DfE's field names (Lead Provider API v3) where DfE has one.
EVIDENCE_HEADER: list[object] = [
    "participant_id",
    "teacher_reference_number",
    "full_name",
    "school_urn",
    "cohort",
    "course_identifier",
    "schedule_identifier",
    "declaration_type",
    "declaration_date",
    "evidence_held",
    "evidence_sessions",
    "state",
    "sent_on",
]

# What each column means: the XLSX's second sheet (docs/evidence.md says the same at length).
EVIDENCE_NOTES: list[tuple[str, str]] = [
    ("participant_id", "DfE's participant ID, from the lead provider's participant file once it is reconciled; blank until then."),
    ("teacher_reference_number", "The person's 7-digit TRN. Blank for someone anonymised after the retention period."),
    ("full_name", "The person's name. Blank for someone anonymised after the retention period."),
    ("school_urn", "The 6-digit URN of the person's school."),
    ("cohort", "The cohort's start year, as DfE numbers cohorts (2025 for 2025/26)."),
    ("course_identifier", "ecf-induction for an ECT, ecf-mentor for a mentor."),
    ("schedule_identifier", "DfE's schedule, for example ecf-standard-september or ecf-extended-january."),
    ("declaration_type", "started, retained-1 to retained-4, completed, extended-1 to extended-3 (mentors from the 2025 cohort: started and completed only)."),
    ("declaration_date", "The day the evidence was met: the session, self-study or module that completed it. Never in the future, always inside the declaration's window."),
    ("evidence_held", "DfE's evidence value: training-event-attended, self-study-material-completed, or 75-percent-engagement-met (-reduced-induction) where DfE asks for 75% engagement. Blank for started before the 2025 cohort."),
    ("evidence_sessions", "What is behind it: the sessions, self-study and modules with their dates, and the engagement figure for a 75% declaration."),
    ("state", "submitted: declare it (or it was declared). voided: it was sent, but a register correction has since removed its evidence, so void it."),
    ("sent_on", "The day the hub recorded this row as sent to you. Blank: new since the last file recorded as sent."),
]  # fmt: skip


@dataclass(frozen=True)
class Row:
    """One row of the file: the person and one of their lines."""

    participant: Participant
    line: Line
    anonymised: bool

    def cells(self) -> list[object]:
        person, line = self.participant, self.line
        return [
            person.provider_participant_id,
            "" if self.anonymised else person.trn,
            "" if self.anonymised else person.user.full_name,
            person.school.urn,
            person.cohort.start_year,
            COURSE_IDENTIFIERS.get(person.participant_type, person.participant_type),
            person.schedule_identifier,
            line.declaration_type,
            line.declaration_date,
            line.evidence_held,
            line.evidence_sessions,
            line.state,
            line.sent_on or "",
        ]


@dataclass(frozen=True)
class NotYetDeclarable:
    """Someone whose evidence has a gap: what is held back, and why."""

    participant: Participant
    held_back: tuple[str, ...]
    reason: str
    declarations: tuple[evidence.Declaration, ...] = ()


@dataclass(frozen=True)
class EvidenceFile:
    rows: list[Row]
    not_yet: list[NotYetDeclarable]

    def table(self) -> list[list[object]]:
        return [EVIDENCE_HEADER, *(row.cells() for row in self.rows)]

    @property
    def to_record(self) -> list[Row]:
        """The rows not yet recorded as sent: new declarations, and voids of ones sent."""
        return [row for row in self.rows if row.line.sent_on is None]


def _pieces(people: QuerySet[Participant], *, learning: bool) -> dict[int, list[Piece]]:
    pieces: dict[int, list[Piece]] = defaultdict(list)
    places = programme_places(people).filter(
        Q(attendance__mark__in=ATTENDED) | Q(catch_up_study__signed_off_at__isnull=False)
    )
    for pid, event_id, title, starts_at, mark, signed_off_at in places.values_list(
        "participant_id",
        "event_id",
        "event__title",
        "session__starts_at",
        "attendance__mark",
        "catch_up_study__signed_off_at",
    ):
        if mark in ATTENDED:
            pieces[pid].append(Piece(timezone.localtime(starts_at).date(), TRAINING_EVENT_ATTENDED, title, event_id))
        else:
            on = timezone.localtime(signed_off_at).date()
            pieces[pid].append(Piece(on, SELF_STUDY_MATERIAL_COMPLETED, f"{title} (catch-up self-study)", event_id))
    if learning:
        for pid, title, completed_at in ModuleCompletion.objects.filter(participant__in=people).values_list(
            "participant_id", "module__title", "completed_at"
        ):
            pieces[pid].append(
                Piece(timezone.localtime(completed_at).date(), SELF_STUDY_MATERIAL_COMPLETED, f"Module: {title}")
            )
    return pieces


def _sent(people: QuerySet[Participant]) -> dict[int, dict[str, Sent]]:
    latest: dict[int, dict[str, Sent]] = defaultdict(dict)
    rows = SentDeclaration.objects.filter(participant__in=people).order_by("recorded_at", "pk")
    for pid, kind, on, held, sessions, state, at in rows.values_list(
        "participant_id",
        "declaration_type",
        "declaration_date",
        "evidence_held",
        "evidence_sessions",
        "state",
        "recorded_at",
    ):
        latest[pid][kind] = Sent(kind, on, held, sessions, state, timezone.localtime(at).date())
    return latest


def facts_of(progress: Progress, pieces: list[Piece]) -> Facts:
    person = progress.participant
    withdrawn = person.status == Participant.Status.WITHDRAWN
    return Facts(
        participant_type=person.participant_type,
        cohort_start_year=person.cohort.start_year,
        schedule_identifier=person.schedule_identifier,
        mentor_training=person.mentor_training,
        pieces=tuple(pieces),
        engagement=tuple(progress.items),
        events_required=progress.required_total,
        # Withdrawn with no date: nothing new can be dated before the withdrawal, so nothing new is declared.
        last_day=(person.status_changed_on or datetime.date.min) if withdrawn else None,
    )


def evidence_file(people: QuerySet[Participant], *, now: datetime.datetime) -> EvidenceFile:
    """The evidence file for `people` (withdrawn and anonymised people included: their sent declarations
    stay, and voids reach them): one row per declaration, by cohort, school and name, each person's in
    DfE's order; and the people with a gap in their evidence, with the reason."""
    today = timezone.localtime(now).date()
    progress = progress_for(people, now=now)
    pieces = _pieces(people, learning=LearningSettings.load().count_learning_in_engagement)
    sent = _sent(people)
    rows: list[Row] = []
    not_yet: list[NotYetDeclarable] = []
    ordered = sorted(
        progress.values(),
        key=lambda p: (
            p.participant.cohort.start_year,
            p.participant.school.urn,
            p.participant.user.full_name,
            p.participant.pk,
        ),
    )
    for p in ordered:
        person = p.participant
        anonymised = is_anonymised(person.user)
        assessment = evidence.assess(facts_of(p, pieces.get(person.pk, [])), today=today)
        for line in evidence.lines(assessment, sent.get(person.pk, {}), new_allowed=not anonymised):
            rows.append(Row(person, line, anonymised))
        if assessment.held_back and not anonymised:
            not_yet.append(
                NotYetDeclarable(
                    person,
                    tuple(d.declaration_type for d in assessment.held_back),
                    assessment.reason,
                    assessment.held_back,
                )
            )
    return EvidenceFile(rows, not_yet)


def evidence_people(cohort: int | None) -> QuerySet[Participant]:
    """Who the file is about: everyone in `cohort` (a start year), or in every cohort — withdrawn and
    anonymised people too, whose sent declarations stay in it."""
    people = Participant.objects.all()
    return people.filter(cohort__start_year=cohort) if cohort is not None else people


def evidence_version(file: EvidenceFile) -> str:
    """A fingerprint of the file as shown: recording it as sent is refused if it has changed since."""
    return version_of_values({"rows": file.table()})
