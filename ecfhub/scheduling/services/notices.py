"""Telling people their dates: one notice per person per run, and reminders before each session."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from ecfhub.events.models import Session
from ecfhub.hub.settings import current_hub_settings
from ecfhub.notifications import emails
from ecfhub.notifications.models import OutboundMessage
from ecfhub.people.models import Participant
from ecfhub.scheduling.models import Assignment


def send_notices(*, participant_ids: Sequence[int], since: datetime.datetime) -> int:
    """Queue one e-mail per participant listing every date they were given at `since` (with an .ics).

    Called inside the transaction that created the assignments, so the e-mails
    exist exactly when the dates do. Returns how many e-mails were queued."""
    assignments = Assignment.objects.filter(
        participant_id__in=participant_ids, status=Assignment.Status.ASSIGNED, notified_at=since
    ).order_by("participant_id", "session__starts_at")
    # A scheduler run tells thousands of people about a few hundred sessions: each session, event,
    # participation and account is read once and shared, not joined into every place's row.
    by_person: dict[int, list[Assignment]] = defaultdict(list)
    for assignment in assignments:
        by_person[assignment.participant_id].append(assignment)
    sessions = Session.objects.filter(pk__in={a.session_id for items in by_person.values() for a in items})
    session_by_id = {s.pk: s for s in sessions.select_related("event")}
    people = Participant.objects.filter(pk__in=list(by_person)).select_related("user")
    person_by_id = {p.pk: p for p in people}
    for items in by_person.values():
        for assignment in items:
            assignment.session = session_by_id[assignment.session_id]
            assignment.participant = person_by_id[assignment.participant_id]
    emails.new_dates([(items[0].participant, items) for items in by_person.values()])
    return len(by_person)


def send_due_reminders(*, now: datetime.datetime | None = None) -> int:
    """Queue the reminders due now: HubSettings.first_reminder_days and second_reminder_days before each session.

    Decided from the *active* assignments at the moment of sending, so a
    reminder follows a move and never goes for a cancelled session or a date the
    person no longer has. Each (reminder, assignment) is sent at most once
    (the outbox's dedupe key), so running this twice, or after downtime, is
    safe: a first reminder missed by downtime still goes while the session is
    more than the second reminder's days away. Returns how many were queued."""

    now = now or timezone.now()
    today = timezone.localtime(now).date()
    hub = current_hub_settings()
    windows = sorted({hub.first_reminder_days, hub.second_reminder_days} - {0}, reverse=True)
    if not windows:
        return 0
    horizon = timezone.make_aware(
        datetime.datetime.combine(today + datetime.timedelta(days=windows[0]), datetime.time.max)
    )
    due = (
        Assignment.objects.filter(
            status=Assignment.Status.ASSIGNED,
            session__status=Session.Status.SCHEDULED,
            session__starts_at__gt=now,
            session__starts_at__lte=horizon,
        )
        .select_related("session__event", "participant__user")
        .order_by("session__starts_at", "pk")
    )
    queued = 0
    for assignment in due:
        days_left = (timezone.localtime(assignment.session.starts_at).date() - today).days
        # The tightest window the session is inside: 7-day reminder from 7 days down to
        # just above the 1-day one; the 1-day reminder in its own last window.
        fitting = [w for w in windows if days_left <= w]
        if not fitting:
            continue
        days = min(fitting)
        key = f"reminder:{days}:{assignment.pk}"
        if OutboundMessage.objects.filter(dedupe_key=key).exists():
            continue
        with transaction.atomic():
            emails.session_reminder(assignment=assignment, days=days_left, dedupe_key=key)
        queued += 1
    return queued
