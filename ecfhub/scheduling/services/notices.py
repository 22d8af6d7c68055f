"""Telling people their dates: one notice per person per run, one e-mail once a person's date changes
stop (held: notifications/pace.py), and reminders before each session."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from ecfhub.events.models import Session
from ecfhub.hub.settings import current_hub_settings
from ecfhub.notifications import emails, pace
from ecfhub.notifications.models import HeldMessage, OutboundMessage
from ecfhub.people.models import Participant
from ecfhub.scheduling.models import Assignment, ChangeRequest

# The held e-mail about one person's dates (notifications/pace.py): about "participant:<id>".
HELD_DATES = "dates"


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
    session_by_id = {s.pk: s for s in sessions.select_related("event", "venue_place")}
    people = Participant.objects.filter(pk__in=list(by_person)).select_related("user", "school")
    person_by_id = {p.pk: p for p in people}
    for items in by_person.values():
        for assignment in items:
            assignment.session = session_by_id[assignment.session_id]
            assignment.participant = person_by_id[assignment.participant_id]
    emails.new_dates([(items[0].participant, items) for items in by_person.values()])
    return len(by_person)


def hold_dates(
    *,
    assignment: Assignment,
    left_session_id: int | None,
    request: ChangeRequest | None = None,
    from_waiting_list: bool = False,
) -> HeldMessage:
    """Tell the person about their new place `assignment` (replacing one on `left_session_id`, if any)
    once their date changes stop: one held e-mail per person (notifications/pace.hold), sent by
    `send_held_dates` after the quiet period.

    Guarantees: for each event, what the person was told is the place they held before the first
    change of the quiet period, and the e-mail describes the newest place this path made; a move
    asked for (`request`) is told as a date change (the old date cancelled in their calendar), any
    other as new dates. Written in the caller's transaction."""
    event = str(assignment.event_id)
    participant = Participant.objects.select_related("user", "school").get(pk=assignment.participant_id)
    return pace.hold(
        # A date close at hand is told at least a quiet period before it starts, changes or not.
        send_by=assignment.session.starts_at - pace.quiet_period(),
        user=participant.user,
        kind=HELD_DATES,
        about=f"participant:{participant.pk}",
        told={event: left_session_id},
        context={
            event: {
                "place": assignment.pk,
                "request": request.pk if request is not None else None,
                "from_waiting_list": from_waiting_list,
            }
        },
    )


def send_held_dates(held: HeldMessage) -> bool:
    """The held e-mail about a person's dates, from their places as they are now (pace's composer).

    For each event changed while it was held, the person's active place counts only if it is the
    newest one a held change made (a scheduler run tells its own places) and it is on another session
    than the one they were told of: moved and moved back sends nothing. Dates moved at their (or their
    tutor's) request each get the date-changed e-mail, cancelling the date they were told of when it
    is still to come; the rest go in one new-dates e-mail. False when there is nothing to tell."""
    participant_id = int(held.about.removeprefix("participant:"))
    participant = Participant.objects.select_related("user", "school").filter(pk=participant_id).first()
    if participant is None:
        return False
    current = Assignment.objects.filter(
        participant=participant, event_id__in=[int(e) for e in held.told], status=Assignment.Status.ASSIGNED
    ).select_related("session__event", "session__venue_place")
    changed = [
        a
        for a in current
        if held.context.get(str(a.event_id), {}).get("place") == a.pk and a.session_id != held.told[str(a.event_id)]
    ]
    if not changed:
        return False
    changed.sort(key=lambda a: (a.session.starts_at, a.pk))
    told_sessions = Session.objects.select_related("event", "venue_place").in_bulk(
        [held.told[str(a.event_id)] for a in changed if held.told[str(a.event_id)]]
    )
    requests = ChangeRequest.objects.select_related("decided_by").in_bulk(
        [held.context[str(a.event_id)]["request"] for a in changed if held.context[str(a.event_id)]["request"]]
    )
    now = timezone.now()
    given = []
    for assignment in changed:
        assignment.participant = participant
        facts = held.context[str(assignment.event_id)]
        request = requests.get(facts["request"]) if facts["request"] else None
        if request is None:
            given.append(assignment)
            continue
        left = told_sessions.get(held.told[str(assignment.event_id)] or 0)
        emails.date_changed(
            participant=participant,
            new_session=assignment.session,
            # A date they were told of that has passed (a session they missed) is history, not a
            # date to cancel in their calendar.
            old_session=left if left is not None and left.starts_at > now else None,
            request=request,
            from_waiting_list=facts["from_waiting_list"],
        )
    if given:
        emails.new_dates([(participant, given)])
    return True


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
        .select_related("session__event", "session__venue_place", "participant__user", "participant__school")
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
