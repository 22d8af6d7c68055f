"""The hub's attendance overview: per session and per event."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Func, IntegerField, OuterRef, Subquery

from ecfhub.attendance.models import (
    ATTENDED,
    AttendanceRecord,
    Mark,
)
from ecfhub.events.models import Session, SessionQuerySet, TrainingEvent
from ecfhub.scheduling.models import Assignment

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
