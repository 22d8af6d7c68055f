"""Read-only questions about registers and progress, shaped for pages and exports.

Every function here costs a fixed number of queries, however many people or sessions it covers
(asserted in tests/test_query_counts.py at 10 and at 500 participants)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Count, Func, IntegerField, Min, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from ecfhub.attendance.models import (
    ATTENDED,
    AttendanceChange,
    AttendanceRecord,
    CatchUpStudy,
    Mark,
    ProgressSnapshot,
    register_last_day,
)
from ecfhub.attendance.progress import (
    Engagement,
    EngagementItem,
    Facts,
    Status,
    Verdict,
    Window,
    declaration_windows,
    engagement_by_window,
    engagement_up_to,
    judge,
    window_on,
)
from ecfhub.attendance.rules import RegisterState, register_state
from ecfhub.attendance.sources import ENGAGEMENT_SOURCES, programme_places
from ecfhub.events.models import Session, SessionQuerySet, TrainingEvent
from ecfhub.people.models import Participant, ParticipantType, User
from ecfhub.programme.models import ProgrammeRequirement
from ecfhub.programme.years import cohort_start_year_for
from ecfhub.scheduling.models import Assignment, ChangeRequest
from ecfhub.terms.models import AcademicYear, HalfTerm

KINDS = (TrainingEvent.Kind.CLINIC, TrainingEvent.Kind.CONFERENCE)

# --- one register ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterRow:
    place_id: int
    participant: Participant
    mark: str | None

    @property
    def mark_label(self) -> str:
        return Mark(self.mark).label if self.mark else "Not marked yet"


def register_rows(session: Session, *, among: QuerySet[Participant]) -> list[RegisterRow]:
    """Everyone holding a place on the session (of those in `among`, what the viewer may see),
    by school and name, with their mark; one query."""
    places = (
        Assignment.objects.filter(session=session, status__in=Assignment.ON_REGISTER, participant__in=among)
        .select_related("participant__user", "participant__school", "attendance")
        .order_by("participant__school__name", "participant__user__full_name", "pk")
    )
    rows = []
    for place in places:
        record = getattr(place, "attendance", None)
        rows.append(RegisterRow(place.pk, place.participant, record.mark if record else None))
    return rows


def register_history(session: Session) -> list[dict[str, object]]:
    """Every change to the session's register, newest first, for hub admins; one query."""
    rows: list[dict[str, object]] = []
    for row in (
        AttendanceChange.objects.filter(record__session=session)
        .order_by("-at", "-pk")
        .values("at", "from_mark", "to_mark", "source", "reason", "actor_label", "record__participant__user__full_name")
    ):
        rows.append(
            {
                **row,
                "to_label": Mark(row["to_mark"]).label,
                "from_label": Mark(row["from_mark"]).label if row["from_mark"] else "",
            }
        )
    return rows


# --- a facilitator's registers --------------------------------------------------------------


@dataclass(frozen=True)
class RegisterSummary:
    session: Session
    booked: int
    marked: int
    open_until: datetime.date

    @property
    def unmarked(self) -> int:
        return max(self.booked - self.marked, 0)


def open_registers(
    *, user: User, now: datetime.datetime, open_days: int
) -> tuple[list[RegisterSummary], list[RegisterSummary]]:
    """The registers `user` facilitates that are open now: (still to take — someone unmarked,
    taken — everyone marked and still open for changes), soonest closing first; one query."""
    earliest_end = now - datetime.timedelta(days=open_days + 2)
    sessions = (
        Session.objects.scheduled()
        .filter(facilitators=user, starts_at__lte=now, ends_at__gte=earliest_end)
        .select_related("event__cohort")
        .annotate(
            booked=Count("assignments", filter=Q(assignments__status__in=Assignment.ON_REGISTER), distinct=True),
            marked=Count(
                "assignments",
                filter=Q(assignments__status__in=Assignment.ON_REGISTER, assignments__attendance__isnull=False),
                distinct=True,
            ),
        )
        .order_by("starts_at", "pk")
    )
    to_take: list[RegisterSummary] = []
    taken: list[RegisterSummary] = []
    for session in sessions:
        if register_state(session, now=now, open_days=open_days) is not RegisterState.OPEN:
            continue
        summary = RegisterSummary(
            session,
            session.booked,  # type: ignore[attr-defined]
            session.marked,  # type: ignore[attr-defined]
            register_last_day(session.ends_at, open_days),
        )
        (to_take if summary.unmarked else taken).append(summary)
    return to_take, taken


# --- catch-up self-study --------------------------------------------------------------------


def self_study_to_sign_off(studies: QuerySet[CatchUpStudy]) -> list[CatchUpStudy]:
    """Of `studies` (what the viewer may sign off: `access.studies_to_sign_off_for`), those not yet
    signed off, oldest choice first, with the person, school, clinic and missed session; one query."""
    return list(
        studies.filter(signed_off_at__isnull=True)
        .select_related("participant__user", "participant__school", "event", "assignment__session")
        .order_by("chosen_at", "pk")
    )


# --- progress -------------------------------------------------------------------------------


@dataclass(frozen=True)
class MissedEvent:
    """An event someone was marked absent from with no catch-up yet: no catch-up date booked or
    asked for, no self-study chosen. `place_id` is the missed place (the catch-up page's address)."""

    title: str
    kind: str
    on: datetime.date
    place_id: int = 0


@dataclass
class Progress:
    """One person's progress: events attended against the requirement, what they missed,
    engagement per declaration window and their status."""

    participant: Participant
    required: dict[str, int]
    attended: dict[str, int]
    missed: list[MissedEvent]
    awaiting_register: int
    next_date: tuple[str, datetime.datetime] | None
    windows: list[Engagement]
    current: Window | None
    so_far: Engagement | None
    verdict: Verdict
    absences: int = 0
    items: list[EngagementItem] = field(default_factory=list)

    @property
    def status(self) -> Status:
        return self.verdict.status

    @property
    def status_key(self) -> str:
        return self.verdict.status.name.lower()

    @property
    def attended_total(self) -> int:
        return sum(self.attended.values())

    @property
    def required_total(self) -> int:
        return sum(self.required.values())

    def line(self, kind: str) -> str:
        label = "Clinics" if kind == TrainingEvent.Kind.CLINIC else "Conferences"
        return f"{label} {self.attended.get(kind, 0)} of {self.required.get(kind, 0)}"

    @property
    def clinics(self) -> str:
        return self.line(TrainingEvent.Kind.CLINIC)

    @property
    def conferences(self) -> str:
        return self.line(TrainingEvent.Kind.CONFERENCE)

    @property
    def next_step(self) -> str:
        if self.missed:
            first = self.missed[0]
            return f"You missed {first.title} on {first.on:%-d %B %Y}: choose a catch-up date."
        if self.next_date is not None:
            title, starts = self.next_date
            return f"Go to {title} on {timezone.localtime(starts):%A %-d %B %Y at %H:%M}."
        if self.attended_total >= self.required_total > 0:
            return "You have attended every event your programme requires."
        return "The hub will give you your next date; you will get an e-mail when it does."


def progress_for(participants: QuerySet[Participant], *, now: datetime.datetime) -> dict[int, Progress]:
    """Progress for every participant in `participants`, keyed by participant id.

    A fixed number of queries however many people: the people, their requirements, their places
    with marks and catch-up self-study, their open requests for a catch-up date, and each source's
    items (training events one; modules and coaching nine: the people with cohorts,
    `learning.queries.engagement_weeks`' six, the learning settings, the pairings)."""
    people = list(participants.select_related("user", "school", "cohort").order_by("user__full_name", "pk"))
    if not people:
        return {}
    ids = participants.values("pk")
    requirements = {
        (r.cohort_id, r.participant_type): r
        for r in ProgrammeRequirement.objects.filter(cohort_id__in={p.cohort_id for p in people})
    }
    rows = programme_places(Participant.objects.filter(pk__in=ids)).values_list(
        "participant_id",
        "event_id",
        "event__kind",
        "event__title",
        "status",
        "session__starts_at",
        "session__ends_at",
        "attendance__mark",
        "pk",
        "catch_up_study__chosen_at",
        "catch_up_study__signed_off_at",
    )
    per_person: dict[int, dict[int, list[_PlaceRow]]] = defaultdict(lambda: defaultdict(list))
    for pid, event_id, kind, title, status, starts, ends, mark, place_id, chosen_at, signed_off_at in rows:
        per_person[pid][event_id].append(
            _PlaceRow(kind, title, status, starts, ends, mark, place_id, chosen_at, signed_off_at)
        )
    # Open requests for a catch-up date: asked for counts as arranged, like a date booked.
    asked = set(
        ChangeRequest.objects.filter(
            participant_id__in=ids,
            reason=ChangeRequest.Reason.MISSED,
            status__in=[ChangeRequest.Status.PENDING, ChangeRequest.Status.WAITING],
        ).values_list("participant_id", "event_id")
    )
    items: dict[int, list[EngagementItem]] = defaultdict(list)
    for source in ENGAGEMENT_SOURCES:
        for pid, found in source.items(Participant.objects.filter(pk__in=ids), now=now).items():
            items[pid].extend(found)
    today = timezone.localtime(now).date()
    windows_by_year: dict[int, list[Window]] = {}
    out: dict[int, Progress] = {}
    for person in people:
        requirement = requirements.get((person.cohort_id, person.participant_type))
        required: dict[str, int] = {
            TrainingEvent.Kind.CLINIC: requirement.clinics if requirement else 0,
            TrainingEvent.Kind.CONFERENCE: requirement.conferences if requirement else 0,
        }
        attended: dict[str, int] = dict.fromkeys(KINDS, 0)
        missed: list[MissedEvent] = []
        awaiting = absences = 0
        upcoming: list[tuple[datetime.datetime, str]] = []
        for event_id, sessions in per_person[person.pk].items():
            kind, title = sessions[0].kind, sessions[0].title
            # Came to a session of the event, or did catch-up self-study that was signed off: once per event.
            came = any(s.mark in ATTENDED or s.signed_off_at is not None for s in sessions)
            absent = [s for s in sessions if s.mark == Mark.ABSENT]
            absences += len(absent)
            booked_ahead = [s for s in sessions if s.status == Assignment.Status.ASSIGNED and s.starts > now]
            awaiting += sum(
                1 for s in sessions if s.status == Assignment.Status.ASSIGNED and s.starts <= now and s.mark is None
            )
            upcoming.extend((s.starts, s.title) for s in booked_ahead)
            arranged = booked_ahead or (person.pk, event_id) in asked or any(s.chosen_at for s in sessions)
            if came:
                attended[kind] = attended.get(kind, 0) + 1
            elif absent and not arranged:
                last = max(absent, key=lambda s: s.starts)
                missed.append(MissedEvent(title, kind, timezone.localtime(last.starts).date(), last.place_id))
        year = person.cohort.start_year
        windows = windows_by_year.setdefault(year, declaration_windows(year))
        current = window_on(windows, today)
        mine = items.get(person.pk, [])
        by_window = engagement_by_window(mine, windows)
        so_far = engagement_up_to(mine, current) if current else None
        due_now = [i for i in mine if i.due]
        horizon = current.ends_on if current else today
        to_come = sum(1 for i in mine if not i.due and i.on <= horizon)
        declaration = f"the {current.declaration} declaration ({current.ends_on:%-d %B %Y})" if current else "the end"
        verdict = judge(
            Facts(missed=len(missed), done=sum(1 for i in due_now if i.done), due=len(due_now), to_come=to_come),
            declaration=declaration,
        )
        missed.sort(key=lambda m: m.on)
        upcoming.sort()
        progress = Progress(
            participant=person,
            required=required,
            attended=attended,
            missed=missed,
            awaiting_register=awaiting,
            next_date=(upcoming[0][1], upcoming[0][0]) if upcoming else None,
            windows=by_window,
            current=current,
            so_far=so_far,
            verdict=verdict,
            absences=absences,
            items=mine,
        )
        out[person.pk] = progress
    return out


class _PlaceRow(NamedTuple):
    kind: str
    title: str
    status: str
    starts: datetime.datetime
    ends: datetime.datetime
    mark: str | None
    place_id: int
    chosen_at: datetime.datetime | None  # catch-up self-study chosen
    signed_off_at: datetime.datetime | None  # ... and signed off


# --- the hub's overview ---------------------------------------------------------------------


@dataclass(frozen=True)
class SessionAttendance:
    session: Session
    booked: int
    counts: dict[str, int]

    @property
    def marked(self) -> int:
        return sum(self.counts.values())

    @property
    def unmarked(self) -> int:
        return max(self.booked - self.marked, 0)

    @property
    def attended(self) -> int:
        return sum(n for mark, n in self.counts.items() if mark in ATTENDED)

    @property
    def fill_percent(self) -> int:
        return round(100 * self.booked / self.session.capacity) if self.session.capacity else 0

    @property
    def attendance_percent(self) -> int | None:
        return round(100 * self.attended / self.marked) if self.marked else None


@dataclass
class EventAttendance:
    event: TrainingEvent
    sessions: list[SessionAttendance]

    @property
    def booked(self) -> int:
        return sum(s.booked for s in self.sessions)

    @property
    def marked(self) -> int:
        return sum(s.marked for s in self.sessions)

    @property
    def attended(self) -> int:
        return sum(s.attended for s in self.sessions)

    @property
    def absent(self) -> int:
        return sum(s.counts.get(Mark.ABSENT, 0) for s in self.sessions)

    @property
    def attendance_percent(self) -> int | None:
        return round(100 * self.attended / self.marked) if self.marked else None


def session_attendance(sessions: SessionQuerySet) -> list[SessionAttendance]:
    """Each session in `sessions` with its bookings and marks counted; two queries."""
    # Everyone on the register, missed places replaced by a catch-up date included: what happened at
    # a session does not change when someone catches it up elsewhere.
    on_register = (
        Assignment.objects.filter(session=OuterRef("pk"), status__in=Assignment.ON_REGISTER)
        .order_by()
        .annotate(n=Func(template="COUNT(*)", output_field=IntegerField()))
        .values("n")
    )
    listed = list(
        sessions.select_related("event__cohort").annotate(booked=Subquery(on_register)).order_by("starts_at", "pk")
    )
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for session_id, mark, n in (
        AttendanceRecord.objects.filter(session__in=sessions, assignment__status__in=Assignment.ON_REGISTER)
        .values("session_id", "mark")
        .annotate(n=Count("pk"))
        .values_list("session_id", "mark", "n")
    ):
        counts[session_id][mark] = n
    return [SessionAttendance(s, s.booked, counts.get(s.pk, {})) for s in listed]  # type: ignore[attr-defined]


def attendance_by_event(*, now: datetime.datetime) -> list[EventAttendance]:
    """Every scheduled session that has started, grouped by event (programme order); two queries."""
    rows = session_attendance(Session.objects.scheduled().filter(starts_at__lte=now))
    events: dict[int, EventAttendance] = {}
    for row in rows:
        events.setdefault(row.session.event_id, EventAttendance(row.session.event, [])).sessions.append(row)
    return sorted(
        events.values(),
        key=lambda e: (-e.event.cohort.start_year, e.event.audience, e.event.programme_year, e.event.order),
    )


# --- the lead provider's evidence file -----------------------------------------------------

EVIDENCE_HEADER: list[object] = [
    "teacher_reference_number",
    "course_identifier",
    "declaration_type",
    "declaration_date",
    "evidence_held",
]
ENGAGEMENT_DECLARATIONS = {"retained-2", "completed"}


def evidence_rows(progress: list[Progress], *, today: datetime.date) -> list[list[object]]:
    """One row per declaration each person's registers support, in DfE's vocabulary, for windows
    that have ended. ECTs: `started` and `retained-1`…`retained-4` with `training-event-attended`
    when they attended an event in the window; `retained-2` and `completed` with
    `75-percent-engagement-met` when their engagement up to the window's end is 75% or more.
    Mentors: `started` (an event attended in the first window) and `completed` (every required event
    attended), with `training-event-attended`. Nothing is declared without its evidence."""
    rows: list[list[object]] = []
    for p in progress:
        person = p.participant
        is_ect = person.participant_type == "ect"
        course = "ecf-induction" if is_ect else "ecf-mentor"
        windows = [e.window for e in p.windows]
        for engagement in p.windows:
            window = engagement.window
            if window.ends_on >= today:
                break
            attended_here = any(i.source == "event" and i.due and i.done and window.holds(i.on) for i in p.items)
            if is_ect:
                if window.declaration in ENGAGEMENT_DECLARATIONS:
                    if engagement_up_to(p.items, window).met:
                        rows.append([person.trn, course, window.declaration, window.ends_on.isoformat(),
                                     "75-percent-engagement-met"])  # fmt: skip
                elif attended_here:
                    rows.append([person.trn, course, window.declaration, window.ends_on.isoformat(),
                                 "training-event-attended"])  # fmt: skip
            elif window is windows[0] and attended_here:
                rows.append([person.trn, course, "started", window.ends_on.isoformat(), "training-event-attended"])
        if not is_ect and p.required_total and p.attended_total >= p.required_total:
            done = [i.on for i in p.items if i.source == "event" and i.due and i.done]
            rows.append([person.trn, course, "completed", max(done).isoformat(), "training-event-attended"])
    return rows


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
                    timezone.localtime(starts).strftime("%Y-%m-%d %H:%M"),
                    timezone.localtime(ends).strftime("%Y-%m-%d %H:%M"),
                    round((ends - starts).total_seconds() / 3600, 2),
                    attendance,
                    attended,
                ]
            )
    return rows


# --- trends over the year --------------------------------------------------------------------


@dataclass(frozen=True)
class MonthAttendance:
    """Register marks at sessions in one calendar month."""

    month: datetime.date  # its first day
    counts: dict[str, int]

    @property
    def marked(self) -> int:
        return sum(self.counts.values())

    @property
    def attended_percent(self) -> int | None:
        attended = sum(n for mark, n in self.counts.items() if mark in ATTENDED)
        return round(100 * attended / self.marked) if self.marked else None


def academic_year_of(day: datetime.date) -> int:
    """The academic year (named by its first calendar year) `day` falls in."""
    return cohort_start_year_for(day)


def attendance_by_month(*, start_year: int) -> list[MonthAttendance]:
    """Every month of the academic year starting in September `start_year`, with the register marks
    (present, late, left early, absent) at scheduled sessions that month; one query."""
    tz = timezone.get_current_timezone()
    first = datetime.datetime(start_year, 9, 1, tzinfo=tz)
    after = datetime.datetime(start_year + 1, 9, 1, tzinfo=tz)
    counts: dict[datetime.date, dict[str, int]] = defaultdict(dict)
    for month, mark, n in (
        AttendanceRecord.objects.filter(
            assignment__status=Assignment.Status.ASSIGNED,
            session__status=Session.Status.SCHEDULED,
            session__starts_at__gte=first,
            session__starts_at__lt=after,
        )
        .annotate(month=TruncMonth("session__starts_at", tzinfo=tz))
        .values("month", "mark")
        .annotate(n=Count("pk"))
        .values_list("month", "mark", "n")
    ):
        counts[month.date() if isinstance(month, datetime.datetime) else month][mark] = n
    months = [datetime.date(start_year + (m < 9), m, 1) for m in (*range(9, 13), *range(1, 9))]
    return [MonthAttendance(month, counts.get(month, {})) for month in months]


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


def _when(moment: datetime.datetime | None) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


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
            study = f"signed off {_when(place.self_study_signed_off)}"
        elif place.self_study_chosen:
            study = f"chosen {_when(place.self_study_chosen)}"
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


@dataclass(frozen=True)
class MonthProgress:
    """People on track, at risk and behind as recorded on the last recorded day of one month (every
    cohort and participant type together); `day` is None when nothing was recorded that month."""

    month: datetime.date  # its first day
    day: datetime.date | None
    counts: dict[str, int]


PROGRESS_COUNTS = ("on_track", "at_risk", "behind")


def progress_by_month(*, start_year: int) -> list[MonthProgress]:
    """Every month of the academic year starting in September `start_year`, with the counts recorded
    (`ProgressSnapshot`) on its last recorded day: the state at the end of the month, as people saw it
    then. One query."""
    days: dict[datetime.date, dict[str, int]] = {}
    for row in (
        ProgressSnapshot.objects.filter(
            day__gte=datetime.date(start_year, 9, 1), day__lt=datetime.date(start_year + 1, 9, 1)
        )
        .values("day")
        .annotate(**{f"total_{name}": Sum(name) for name in PROGRESS_COUNTS})
        .order_by("day")
    ):
        days[row["day"]] = {name: row[f"total_{name}"] for name in PROGRESS_COUNTS}
    months = [datetime.date(start_year + (m < 9), m, 1) for m in (*range(9, 13), *range(1, 9))]
    out = []
    for month in months:
        last = max((d for d in days if (d.year, d.month) == (month.year, month.month)), default=None)
        out.append(MonthProgress(month, last, days[last] if last else {}))
    return out


def first_recorded_day() -> datetime.date | None:
    """The first day progress counts were recorded (since when the trend is known); one query."""
    return ProgressSnapshot.objects.aggregate(first=Min("day"))["first"]
