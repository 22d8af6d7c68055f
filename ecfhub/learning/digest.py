"""The weekly learning digest: one e-mail per person per teaching week, instead of one per task.

Run by the periodic job (learning/apps.py) every hour; on the first run of a teaching week it queues,
for each active ECT or mentor who has not turned it off, this week's module(s), the action steps due
by next week, and their next training date. Holidays send nothing. The outbox's dedupe key makes a
second run in the same week (or two runs at once) queue nothing more."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from ecfhub.learning import access
from ecfhub.learning.models import ActionStep, DigestChoice, Module
from ecfhub.learning.weeks import calendar_for, monday_of, teaching_week_of
from ecfhub.notifications import emails
from ecfhub.people.models import Participant
from ecfhub.scheduling.models import Assignment

BATCH = 500


def send_weekly_digests(*, today: datetime.date | None = None) -> int:
    """Queue this week's digests; returns how many were queued now (0 when all were queued before)."""
    today = today or timezone.localdate()
    week_of = monday_of(today)
    people = list(
        Participant.objects.filter(status=Participant.Status.ACTIVE, user__is_active=True)
        .exclude(user__in=DigestChoice.objects.filter(weekly_digest=False).values("user"))
        .select_related("user", "cohort")
        .order_by("user_id", "participant_type")
    )
    if not people:
        return 0
    calendar = calendar_for(people)
    modules_by_key: dict[tuple[str, int, int], list[Module]] = defaultdict(list)
    for module in Module.objects.only(
        "pk", "title", "expected_minutes", "participant_type", "programme_year", "week", "phase", "subject"
    ):
        modules_by_key[(module.participant_type, module.programme_year, module.week)].append(module)
    by_user: dict[int, list[Participant]] = defaultdict(list)
    modules_for_user: dict[int, list[Module]] = defaultdict(list)
    for person in people:
        found = teaching_week_of(calendar, person, today)  # their own programme year's week
        if found is not None:
            year, week = found
            modules = modules_by_key.get((person.participant_type, year, week), [])
            modules_for_user[person.user_id] += [m for m in modules if m.suits(person)]
            by_user[person.user_id].append(person)
    if not by_user:
        return 0  # a holiday week for everyone
    ids = [p.pk for group in by_user.values() for p in group]
    steps: dict[int, list[ActionStep]] = defaultdict(list)
    # Each person's e-mail lists their own steps as an ECT: the access rule's row for the ECT themselves.
    ects = [p for group in by_user.values() for p in group]
    due = (
        access.steps_for_their_ects(ects)
        .filter(status=ActionStep.Status.OPEN, check_back_on__lte=today + datetime.timedelta(days=7))
        .select_related("ect")
    )
    for step in due:
        steps[step.ect.user_id].append(step)
    now = timezone.now()
    next_by_user: dict[int, Assignment] = {}
    upcoming = (
        Assignment.objects.filter(participant_id__in=ids, status=Assignment.Status.ASSIGNED, session__ends_at__gte=now)
        .select_related("session__event", "participant")
        .order_by("session__starts_at")
    )
    for assignment in upcoming:
        next_by_user.setdefault(assignment.participant.user_id, assignment)
    queued = 0
    user_ids = sorted(by_user)
    for start in range(0, len(user_ids), BATCH):
        with transaction.atomic():
            for user_id in user_ids[start : start + BATCH]:
                user = by_user[user_id][0].user
                message = emails.learning_digest(
                    user=user,
                    week_of=week_of,
                    modules=modules_for_user[user_id],
                    steps_due=steps[user_id],
                    next_session=next_by_user[user_id].session if user_id in next_by_user else None,
                )
                if message.created_at >= now:
                    queued += 1
    return queued
