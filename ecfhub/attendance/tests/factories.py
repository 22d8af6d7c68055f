"""Builders for registers and progress tests: sessions in the past, places on them, marks."""

from __future__ import annotations

import datetime

from ecfhub.attendance.models import AttendanceRecord
from ecfhub.events.models import Session
from ecfhub.scheduling.models import Assignment

NOW = datetime.datetime(2026, 3, 10, 12, 0, tzinfo=datetime.UTC)


def set_mark(place: Assignment, mark: str, *, at: datetime.datetime = NOW) -> AttendanceRecord:
    """A mark written straight to the table: for building a world, not for testing the service."""
    return AttendanceRecord.objects.create(
        assignment=place, session_id=place.session_id, participant_id=place.participant_id, mark=mark, marked_at=at
    )


def facilitate(session: Session, user: object) -> Session:
    session.facilitators.add(user)  # type: ignore[arg-type]
    return session
