"""A small programme to schedule: two ECT events of the 2025 cohort, each with two sessions."""

from __future__ import annotations

import datetime

import pytest

from ecfhub.events.models import Session, TrainingEvent
from ecfhub.events.services import local_datetime
from ecfhub.notifications.tests.fixtures import smtp_server  # noqa: F401
from ecfhub.programme.models import Cohort

# People are told on Wednesday 3 September 2025; 30 school days later is Thursday 16 October.
AS_OF = datetime.date(2025, 9, 3)


def make_session(event: TrainingEvent, day: datetime.date, capacity: int = 10) -> Session:
    return Session.objects.create(
        event=event,
        starts_at=local_datetime(day, datetime.time(16, 0)),
        ends_at=local_datetime(day, datetime.time(17, 0)),
        mode=Session.Mode.ONLINE,
        joining_url="https://meet.example.test/clinic",
        capacity=capacity,
    )


@pytest.fixture
def clinic_1(cohort: Cohort, calendar_2025: None) -> TrainingEvent:
    return TrainingEvent.objects.create(
        cohort=cohort, kind="clinic", audience="ect", programme_year=1, order=1, title="Routines that work"
    )


@pytest.fixture
def clinic_2(cohort: Cohort, calendar_2025: None) -> TrainingEvent:
    return TrainingEvent.objects.create(
        cohort=cohort, kind="clinic", audience="ect", programme_year=1, order=2, title="Checking for understanding"
    )


@pytest.fixture
def sessions(clinic_1: TrainingEvent, clinic_2: TrainingEvent) -> dict[str, Session]:
    return {
        "1a": make_session(clinic_1, datetime.date(2025, 11, 4)),  # Tuesday
        "1b": make_session(clinic_1, datetime.date(2025, 11, 5)),  # Wednesday
        "2a": make_session(clinic_2, datetime.date(2026, 1, 13)),  # Tuesday
        "2b": make_session(clinic_2, datetime.date(2026, 1, 14)),  # Wednesday
    }
