"""Small builders for events tests (also used by the calendar app's tests)."""

from __future__ import annotations

import datetime

from ecfhub.events.models import Session, TrainingEvent, Venue
from ecfhub.events.services import local_datetime
from ecfhub.people.models import Participant
from ecfhub.programme.models import Cohort
from ecfhub.scheduling.models import Assignment


def make_event(
    cohort: Cohort,
    *,
    kind: str = "clinic",
    audience: str = "ect",
    year: int = 1,
    order: int = 1,
    title: str = "Routines that work",
) -> TrainingEvent:
    return TrainingEvent.objects.create(
        cohort=cohort, kind=kind, audience=audience, programme_year=year, order=order, title=title,
        focus=["managing-behaviour"],
    )  # fmt: skip


def make_session(
    event: TrainingEvent,
    day: datetime.date = datetime.date(2026, 1, 14),
    *,
    start: tuple[int, int] = (16, 0),
    end: tuple[int, int] = (17, 0),
    capacity: int = 20,
    mode: str = "online",
    venue: str = "",
    venue_place: Venue | None = None,
) -> Session:
    return Session.objects.create(
        event=event,
        starts_at=local_datetime(day, datetime.time(*start)),
        ends_at=local_datetime(day, datetime.time(*end)),
        mode=mode,
        joining_url="https://meet.example.com/secret-room" if mode == "online" else "",
        venue=venue,
        venue_place=venue_place,
        capacity=capacity,
    )


def assign(participant: Participant, session: Session) -> Assignment:
    return Assignment.objects.create(participant=participant, event=session.event, session=session)
