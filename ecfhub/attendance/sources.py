"""Engagement sources: each kind of activity that counts towards a person's engagement figure.

Training events (from the registers), and self-study modules and coaching (observations, meetings)
from the learning app. Each source is a class with a `label` and an `items()` method answering, for
many people at once and in a fixed number of queries, what each was expected to do and whether they
did it. The rules are written for hub staff in docs/progress.md; change both together."""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Protocol

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from ecfhub.attendance.models import ATTENDED, Mark
from ecfhub.attendance.progress import EngagementItem
from ecfhub.learning.models import LearningSettings
from ecfhub.learning.queries import WeekEngagement, engagement_weeks
from ecfhub.learning.weeks import monday_of
from ecfhub.people.models import Mentorship, Participant, ParticipantType
from ecfhub.scheduling.models import Assignment

WEEK = datetime.timedelta(days=7)
# Mentors whose modules count: those doing mentor training (it is done once in a career since 2025).
MENTORS_IN_TRAINING = (Participant.MentorTraining.NEW, Participant.MentorTraining.IN_TRAINING)
# Weeks read past the end of the current window, so that a coaching stretch crossing a holiday is
# read whole before it is judged (the longest break inside a window is two weeks; summer ends a window).
_READ_PAST_WINDOW = 8


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


def window_end(day: datetime.date) -> datetime.date:
    """The last day of the declaration window `day` is in (31 December, 30 April or 31 August):
    every cohort's windows follow the same months (progress.declaration_windows)."""
    if day.month >= 9:
        return datetime.date(day.year, 12, 31)
    if day.month <= 4:
        return datetime.date(day.year, 4, 30)
    return datetime.date(day.year, 8, 31)


class ModulesAndCoaching:
    """Self-study modules and coaching, from `learning.queries.engagement_weeks` (counts and dates only).

    - Modules: one item per teaching week with a module for the person (ECTs; mentors only while in
      mentor training), due once the week is over, done when that week's module is completed, on any
      day (catching up counts).
    - Coaching (ECTs): one item per stretch of the hub's meeting cadence (Learning settings: every
      teaching week in year 1, every two in year 2), counted only when they had a mentor on the
      stretch's first day; due once the stretch is over, done when a meeting or observation was held
      in it.

    None of it counts when the hub's learning settings say modules and coaching are recorded elsewhere
    (`LearningSettings.count_learning_in_engagement` off): engagement is then training events only."""

    label = "Modules and coaching"

    def items(self, participants: QuerySet[Participant], *, now: datetime.datetime) -> dict[int, list[EngagementItem]]:
        settings = LearningSettings.load()
        # A hub whose coaching is recorded on another platform would otherwise see every ECT behind.
        if not settings.count_learning_in_engagement:
            return {}
        people = list(participants.select_related("cohort"))
        if not people:
            return {}
        today = timezone.localtime(now).date()
        first = monday_of(datetime.date(min(p.cohort.start_year for p in people), 9, 1))
        last = window_end(today) + WEEK * _READ_PAST_WINDOW
        if first > last:
            return {}
        weeks = [first + WEEK * n for n in range((last - first).days // 7 + 1)]
        by_person = engagement_weeks(people, weeks=weeks)
        ects = [p.pk for p in people if p.participant_type == ParticipantType.ECT]
        pairings: dict[int, list[tuple[datetime.date, datetime.date | None]]] = defaultdict(list)
        for ect_id, started, ended in Mentorship.objects.filter(ect_id__in=ects).values_list(
            "ect_id", "started_on", "ended_on"
        ):
            pairings[ect_id].append((started, ended))
        out: dict[int, list[EngagementItem]] = {}
        for person in people:
            rows = by_person.get(person.pk, [])
            found: list[EngagementItem] = []
            if person.participant_type == ParticipantType.ECT or person.mentor_training in MENTORS_IN_TRAINING:
                found += [
                    EngagementItem(on=w.week_of, due=w.week_of + WEEK <= today, done=w.module_done, source="module")
                    for w in rows
                    if w.module_due
                ]
            if person.participant_type == ParticipantType.ECT:
                found += _coaching_items(person, rows, pairings[person.pk], settings=settings, today=today)
            out[person.pk] = found
        return out


def _coaching_items(
    person: Participant,
    rows: list[WeekEngagement],
    pairings: list[tuple[datetime.date, datetime.date | None]],
    *,
    settings: LearningSettings,
    today: datetime.date,
) -> list[EngagementItem]:
    stretches: dict[tuple[int, int], list[WeekEngagement]] = defaultdict(list)
    for w in rows:
        year = person.cohort.programme_year_on(w.week_of)
        if w.teaching_week is None or year is None:
            continue
        stretches[(year, (w.teaching_week - 1) // settings.meeting_every_weeks(year))].append(w)
    items = []
    for weeks in stretches.values():
        starts = weeks[0].week_of
        if not any(Mentorship.holds(s, e, starts) for s, e in pairings):
            continue
        items.append(
            EngagementItem(
                on=starts,
                due=weeks[-1].week_of + WEEK <= today,
                done=any(w.coaching_held for w in weeks),
                source="coaching",
            )
        )
    return items


ENGAGEMENT_SOURCES: tuple[EngagementSource, ...] = (TrainingEvents(), ModulesAndCoaching())
