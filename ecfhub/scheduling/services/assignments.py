"""Operations on assignments shared by onboarding, events and the scheduler."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from ecfhub.audit.services import record
from ecfhub.people.models import Participant
from ecfhub.scheduling.models import Assignment


@transaction.atomic
def release_future_assignments(*, participant: Participant, on: datetime.date, actor: Any) -> int:
    """End the participant's active assignments to sessions starting on or after `on`.

    Guarantees: their places reopen at once for the scheduler and for others'
    requests; past assignments (and attendance) are untouched; returns how many
    were released and writes one audit entry."""
    start = timezone.make_aware(datetime.datetime.combine(on, datetime.time.min))
    released = Assignment.objects.filter(
        participant=participant, status=Assignment.Status.ASSIGNED, session__starts_at__gte=start
    ).update(status=Assignment.Status.RELEASED, ended_at=timezone.now())
    if released:
        record(
            actor=actor,
            action="assignment.released",
            summary=f"Released {released} future date(s) for {participant.user}",
            target=participant,
            details={"from": on.isoformat(), "count": released},
        )
    return released
