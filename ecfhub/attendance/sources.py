"""Engagement sources: each kind of activity that counts towards a person's engagement figure.

Today only training events count. Modules (self-study) and coaching (observations, meetings) join
by adding a source here: a class with a `label` and an `items()` method answering, for many people
at once and in a fixed number of queries, what each was expected to do and whether they did it."""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Protocol

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from ecfhub.attendance.models import ATTENDED, Mark
from ecfhub.attendance.progress import EngagementItem
from ecfhub.people.models import Participant
from ecfhub.scheduling.models import Assignment


class EngagementSource(Protocol):
    label: str

    def items(
        self, participants: QuerySet[Participant], *, now: datetime.datetime
    ) -> dict[int, list[EngagementItem]]: ...


def programme_places(participants: QuerySet[Participant]) -> QuerySet[Assignment]:
    """The places that count for people's programmes: held now, or ended with a register mark
    (a missed place that a catch-up date replaced), on their own cohort's events for their role."""
    return Assignment.objects.filter(
        Q(status=Assignment.Status.ASSIGNED) | Q(attendance__isnull=False),
        participant__in=participants,
        event__cohort_id=F("participant__cohort_id"),
        event__audience=F("participant__participant_type"),
    )


class TrainingEvents:
    """One item per event in the person's programme that they hold (or held) a place for.

    Due once a register has marked them; done when they came (present, late or left early) at any
    session of the event, or their catch-up self-study for it was signed off, so a missed session
    caught up counts once, as done."""

    label = "Training events"

    def items(self, participants: QuerySet[Participant], *, now: datetime.datetime) -> dict[int, list[EngagementItem]]:
        rows = programme_places(participants).values_list(
            "participant_id", "event_id", "session__starts_at", "attendance__mark", "catch_up_study__signed_off_at"
        )
        by_event: dict[tuple[int, int], list[tuple[datetime.datetime, str | None]]] = defaultdict(list)
        for participant_id, event_id, starts_at, mark, signed_off in rows:
            # Signed-off catch-up self-study stands for attending, on the missed session's day.
            by_event[(participant_id, event_id)].append((starts_at, Mark.PRESENT if signed_off else mark))
        out: dict[int, list[EngagementItem]] = defaultdict(list)
        for (participant_id, _), sessions in by_event.items():
            done = any(mark in ATTENDED for _, mark in sessions)
            marked = [s for s in sessions if s[1] is not None]
            # Missed and not caught up yet: it is due again at the catch-up's date, if one is booked.
            upcoming = [s for s in sessions if s[1] is None]
            if done or not upcoming:
                when = max(s[0] for s in (marked or sessions))
                item = EngagementItem(on=timezone.localtime(when).date(), due=bool(marked), done=done)
            else:
                when = min(s[0] for s in upcoming)
                item = EngagementItem(on=timezone.localtime(when).date(), due=False, done=False)
            out[participant_id].append(item)
        return out


ENGAGEMENT_SOURCES: tuple[EngagementSource, ...] = (TrainingEvents(),)
