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


def crowd(*, n: int, school: object, cohort: object, session: Session, start_trn: int = 3000000) -> list[Assignment]:
    """`n` ECTs at `school`, each placed on `session`; built in bulk (a world for query counts)."""
    from ecfhub.people.models import Participant, User

    users = User.objects.bulk_create(
        [User(email=f"ect{start_trn + i}@crowd.test", full_name=f"Crowd Ect {start_trn + i}") for i in range(n)]
    )
    people = Participant.objects.bulk_create(
        [
            Participant(
                user=user,
                school=school,
                cohort=cohort,
                participant_type="ect",
                trn=str(start_trn + i),
                induction_start_date=datetime.date(2025, 9, 3),
            )
            for i, user in enumerate(users)
        ]
    )
    return Assignment.objects.bulk_create(
        [Assignment(participant=p, event=session.event, session=session) for p in people]
    )


def module(kind: str, year: int, week: int) -> object:
    """A self-study module of teaching week `week` (the learning source's due items)."""
    from ecfhub.learning.models import Module

    return Module.objects.create(
        participant_type=kind, programme_year=year, week=week, title=f"{kind} {year}.{week}", content="Read."
    )


def complete(participant: object, done: object, on: datetime.date) -> None:
    from ecfhub.learning.models import ModuleCompletion

    at = datetime.datetime.combine(on, datetime.time(12, 0), tzinfo=datetime.UTC)
    ModuleCompletion.objects.create(participant=participant, module=done, completed_at=at)


def meetings(ect: object, mentor: object, days: list[datetime.date]) -> None:
    """Coaching meetings held on `days` (only their dates count towards engagement)."""
    from ecfhub.learning.models import Meeting

    Meeting.objects.bulk_create([Meeting(ect=ect, mentor=mentor, met_on=day, notes="Met.") for day in days])
