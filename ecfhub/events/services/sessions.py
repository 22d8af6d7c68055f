"""Adding and changing an event's sessions, with the rules every session obeys (school days, times, place)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from ecfhub.audit.services import record
from ecfhub.events.models import Session, TrainingEvent
from ecfhub.events.queries import explain_not_school_days
from ecfhub.lib.concurrency import lock_unchanged
from ecfhub.lib.errors import DomainError
from ecfhub.notifications import emails
from ecfhub.people.models import User
from ecfhub.scheduling.models import Assignment
from ecfhub.scheduling.services import places

# Defaults by kind: clinics are an hour after school, online; conferences all day, in person.
DEFAULT_TIMES: dict[str, tuple[datetime.time, datetime.time]] = {
    TrainingEvent.Kind.CLINIC: (datetime.time(16, 0), datetime.time(17, 0)),
    TrainingEvent.Kind.CONFERENCE: (datetime.time(9, 30), datetime.time(15, 30)),
}
DEFAULT_MODE: dict[str, str] = {
    TrainingEvent.Kind.CLINIC: Session.Mode.ONLINE,
    TrainingEvent.Kind.CONFERENCE: Session.Mode.IN_PERSON,
}
# Changes to these fields move the session in someone's calendar, so SEQUENCE goes up.
_SUBSCRIBER_FIELDS = ("starts_at", "ends_at", "mode", "joining_url", "venue")


def local_datetime(day: datetime.date, time: datetime.time) -> datetime.datetime:
    """An aware datetime for a wall-clock time on a day in the hub's time zone (Europe/London)."""
    return timezone.make_aware(datetime.datetime.combine(day, time))


def _check_place(*, mode: str, joining_url: str) -> None:
    if mode == Session.Mode.ONLINE and not joining_url:
        raise DomainError("joining_url_missing", "Enter the joining link for an online session.")


def _when_and_where(
    *,
    day: datetime.date,
    start_time: datetime.time,
    end_time: datetime.time,
    mode: str,
    joining_url: str,
    venue: str,
    capacity: int,
) -> dict[str, Any]:
    # A session's stored times and place: a joining link only online, a venue only in person.
    return {
        "starts_at": local_datetime(day, start_time),
        "ends_at": local_datetime(day, end_time),
        "mode": mode,
        "joining_url": joining_url if mode == Session.Mode.ONLINE else "",
        "venue": venue if mode == Session.Mode.IN_PERSON else "",
        "capacity": capacity,
    }


def _check_school_days(days: Iterable[datetime.date]) -> None:
    problems = explain_not_school_days(sorted(set(days)))
    if problems:
        raise DomainError("not_school_day", " ".join(problems.values()))


@transaction.atomic
def add_sessions(
    *,
    event: TrainingEvent,
    dates: Sequence[datetime.date],
    start_time: datetime.time,
    end_time: datetime.time,
    mode: str,
    capacity: int,
    joining_url: str = "",
    venue: str = "",
    facilitators: Iterable[User] = (),
    actor: Any,
) -> list[Session]:
    """Add one repeat session of `event` on each of `dates`, all with the same times and place.

    Guarantees: every date is a school day (otherwise DomainError
    `not_school_day` naming each date and why, and nothing is saved); the
    session ends after it starts; an online session has a joining link; one
    audit entry for the batch."""
    if not dates:
        raise DomainError("no_dates", "Choose at least one date.")
    if end_time <= start_time:
        raise DomainError("ends_before_start", "The end time must be after the start time.")
    if capacity < 1:
        raise DomainError("capacity", "Enter a capacity of at least 1.")
    _check_place(mode=mode, joining_url=joining_url)
    _check_school_days(dates)
    people = list(facilitators)
    sessions = []
    for day in sorted(set(dates)):
        session = Session.objects.create(
            event=event,
            **_when_and_where(
                day=day,
                start_time=start_time,
                end_time=end_time,
                mode=mode,
                joining_url=joining_url,
                venue=venue,
                capacity=capacity,
            ),
        )
        if people:
            session.facilitators.set(people)
        sessions.append(session)
    record(
        actor=actor,
        action="session.added",
        summary=f"Added {len(sessions)} session(s) of {event.title}",
        target=event,
        details={"sessions": [s.pk for s in sessions], "dates": [s.date.isoformat() for s in sessions]},
    )
    return sessions


@transaction.atomic
def update_session(
    *,
    session: Session,
    day: datetime.date,
    start_time: datetime.time,
    end_time: datetime.time,
    mode: str,
    capacity: int,
    joining_url: str = "",
    venue: str = "",
    facilitators: Iterable[User] | None = None,
    expected_version: str | None = None,
    actor: Any,
) -> Session:
    """Change a scheduled session's date, times, place, capacity or facilitators.

    Guarantees, with the session row locked: nothing is saved if someone changed
    the session since `expected_version` was read (`edit_conflict`, see
    lib/concurrency); a cancelled session is not changed (`session_cancelled`); the
    new date is a school day; capacity never drops below the people already on
    it (`capacity_below_booked`), and seats it adds go to the people on its
    waiting list, first come first served; a change of time or place bumps SEQUENCE, so
    subscribed calendars update, and e-mails everyone on the session; one audit
    entry listing what changed."""
    session = lock_unchanged(Session, session.pk, expected_version, what="session")
    if session.is_cancelled:
        raise DomainError("session_cancelled", "This session has been cancelled, so it cannot be changed.")
    if end_time <= start_time:
        raise DomainError("ends_before_start", "The end time must be after the start time.")
    _check_place(mode=mode, joining_url=joining_url)
    booked = session.assignments.filter(status=Assignment.Status.ASSIGNED).count()
    if capacity < max(1, booked):
        raise DomainError(
            "capacity_below_booked",
            f"{booked} people already have this date, so the capacity cannot be less than {booked}."
            if booked
            else "Enter a capacity of at least 1.",
        )
    new = _when_and_where(
        day=day,
        start_time=start_time,
        end_time=end_time,
        mode=mode,
        joining_url=joining_url,
        venue=venue,
        capacity=capacity,
    )
    if day != session.date:
        _check_school_days([day])
    changed = sorted(name for name, value in new.items() if getattr(session, name) != value)
    raised = capacity - session.capacity
    moved = any(name in _SUBSCRIBER_FIELDS for name in changed)
    for name, value in new.items():
        setattr(session, name, value)
    if moved:
        session.sequence += 1
    session.save()
    if facilitators is not None:
        people = list(facilitators)
        if {p.pk for p in people} != set(session.facilitators.values_list("pk", flat=True)):
            session.facilitators.set(people)
            changed.append("facilitators")
    if moved:
        for assignment in session.assignments.filter(status=Assignment.Status.ASSIGNED).select_related(
            "participant__user"
        ):
            emails.session_changed(session=session, user=assignment.participant.user)
    if raised > 0:
        # More seats: the places service tells the waiting list, with this session still locked.
        places.capacity_raised(session=session, seats=raised, actor=actor)
    if changed:
        record(
            actor=actor,
            action="session.updated",
            summary=f"Changed {session}",
            target=session,
            details={"changed": changed, "sequence": session.sequence},
        )
    return session
