"""Learning fixtures: a few modules for each sequence, on the shared hub of named people."""

from __future__ import annotations

import pytest

from ecfhub.learning.models import Module
from ecfhub.notifications.tests.fixtures import smtp_server  # noqa: F401
from ecfhub.people.models import ParticipantType


def make_module(kind: str, year: int, week: int, title: str | None = None, **extra: object) -> Module:
    return Module.objects.create(
        participant_type=kind,
        programme_year=year,
        week=week,
        title=title or f"{kind} year {year} week {week}",
        content=f"Read about week {week}.",
        areas=["how-pupils-learn"],
        **extra,
    )


@pytest.fixture
def ect_modules(db) -> list[Module]:  # type: ignore[no-untyped-def]
    """ECT year 1 weeks 1–20 and year 2 weeks 1–3."""
    return [make_module(ParticipantType.ECT, 1, w) for w in range(1, 21)] + [
        make_module(ParticipantType.ECT, 2, w) for w in range(1, 4)
    ]


@pytest.fixture
def mentor_modules(db) -> list[Module]:  # type: ignore[no-untyped-def]
    return [make_module(ParticipantType.MENTOR, 1, w) for w in range(1, 21)]
