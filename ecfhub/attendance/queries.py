"""Read-only questions about registers and progress, shaped for pages and exports.

Every function here costs a fixed number of queries, however many people or sessions it covers
(asserted in tests/test_query_counts.py at 10 and at 500 participants)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from ecfhub.attendance.models import ATTENDED, AttendanceChange, AttendanceRecord, Mark, register_last_day
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
from ecfhub.scheduling.models import Assignment
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
        Assignment.objects.filter(session=session, status=Assignment.Status.ASSIGNED, participant__in=among)
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
            booked=Count("assignments", filter=Q(assignments__status=Assignment.Status.ASSIGNED), distinct=True),
            marked=Count(
                "assignments",
                filter=Q(assignments__status=Assignment.Status.ASSIGNED, assignments__attendance__isnull=False),
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


# --- progress -------------------------------------------------------------------------------


@dataclass(frozen=True)
class MissedEvent:
    title: str
    kind: str
    on: datetime.date


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
            return (
                f"Catch up on {first.title}, which you missed on {first.on:%-d %B %Y}: "
                "your induction tutor or the hub will arrange another date with you."
            )
        if self.next_date is not None:
            title, starts = self.next_date
            return f"Go to {title} on {timezone.localtime(starts):%A %-d %B %Y at %H:%M}."
        if self.attended_total >= self.required_total > 0:
            return "You have attended every event your programme requires."
        return "The hub will give you your next date; you will get an e-mail when it does."


def progress_for(participants: QuerySet[Participant], *, now: datetime.datetime) -> dict[int, Progress]:
    """Progress for every participant in `participants`, keyed by participant id.

    A fixed number of queries however many people: the people, their requirements, their places
    with marks, and each source's items (training events one; modules and coaching nine: the people
    with cohorts, `learning.queries.engagement_weeks`' six, the learning settings, the pairings)."""
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
    )
    per_person: dict[int, dict[int, list[tuple[str, str, str, datetime.datetime, datetime.datetime, str | None]]]]
    per_person = defaultdict(lambda: defaultdict(list))
    for pid, event_id, kind, title, status, starts, ends, mark in rows:
        per_person[pid][event_id].append((kind, title, status, starts, ends, mark))
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
        for sessions in per_person[person.pk].values():
            kind, title = sessions[0][0], sessions[0][1]
            came = any(s[5] in ATTENDED for s in sessions)
            absent = [s for s in sessions if s[5] == Mark.ABSENT]
            absences += len(absent)
            booked_ahead = [s for s in sessions if s[2] == Assignment.Status.ASSIGNED and s[3] > now]
            awaiting += sum(1 for s in sessions if s[2] == Assignment.Status.ASSIGNED and s[3] <= now and s[5] is None)
            upcoming.extend((s[3], s[1]) for s in booked_ahead)
            if came:
                attended[kind] = attended.get(kind, 0) + 1
            elif absent and not booked_ahead:
                missed.append(MissedEvent(title, kind, timezone.localtime(max(s[3] for s in absent)).date()))
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
    listed = list(sessions.select_related("event__cohort").with_booked().order_by("starts_at", "pk"))
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for session_id, mark, n in (
        AttendanceRecord.objects.filter(session__in=sessions, assignment__status=Assignment.Status.ASSIGNED)
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
