"""Operations on assignments shared by onboarding, events and the scheduler."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from ecfhub.audit.services import record
from ecfhub.events.models import Session
from ecfhub.lib.errors import DomainError
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


@transaction.atomic
def place_manually(
    *,
    participant: Participant,
    session: Session,
    actor: Any,
    waive_notice: bool = False,
    waiver_reason: str = "",
) -> Assignment:
    """A hub admin gives one participant a date on one session, and the participant is told at once.

    Guarantees, with the session row locked (so concurrent placements never
    overbook): the participant is active and the event is one of their
    programme's (`wrong_event`); the session is scheduled and still to come
    (`session_closed`), has a free place (`session_full`), is not on a weekday
    they do not work (`not_working_day`) nor on a day they already have training
    (`same_day`), and keeps their events in programme order (`out_of_order`);
    it is at least the hub's notice away (`short_notice`) unless the notice is
    waived with a reason (`waiver_reason_missing`), which is recorded. An active
    date for the same event is ended as moved and linked to the new one. One
    notice e-mail and one audit entry."""
    from ecfhub.hub.models import HubSettings
    from ecfhub.scheduling.services.notices import send_notices
    from ecfhub.terms.schooldays import SchoolCalendar

    session = Session.objects.select_for_update().select_related("event").get(pk=session.pk)
    participant = Participant.objects.select_related("user").get(pk=participant.pk)
    event = session.event
    waiver_reason = waiver_reason.strip()
    today = timezone.localdate()
    day = session.date
    if participant.status != Participant.Status.ACTIVE:
        raise DomainError("participant_inactive", f"{participant.user} is not active in the programme.")
    if event.cohort_id != participant.cohort_id or event.audience != participant.participant_type:
        raise DomainError("wrong_event", f"{event.title} is not part of {participant.user}'s programme.")
    if session.is_cancelled or session.starts_at <= timezone.now():
        raise DomainError("session_closed", "This session has been cancelled or has already started.")
    if day.weekday() in (participant.unavailable_weekdays or []):
        raise DomainError("not_working_day", f"{participant.user} does not work on {day:%A}s.")
    booked = Assignment.objects.filter(session=session, status=Assignment.Status.ASSIGNED)
    if booked.count() >= session.capacity:
        raise DomainError("session_full", "This session is full. Choose another date or raise its capacity.")
    others = list(
        Assignment.objects.filter(participant__user_id=participant.user_id, status=Assignment.Status.ASSIGNED)
        .exclude(participant=participant, event=event)
        .select_related("session__event")
    )
    for other in others:
        if other.session.date == day:
            raise DomainError(
                "same_day", f"{participant.user} already has {other.session.event.title} on {day:%A %-d %B}."
            )
        other_event = other.session.event
        if (
            other.participant_id == participant.pk
            and other_event.audience == event.audience
            and other_event.cohort_id == event.cohort_id
        ):
            mine, theirs = (event.programme_year, event.order), (other_event.programme_year, other_event.order)
            if (mine < theirs) != (day < other.session.date):
                raise DomainError(
                    "out_of_order",
                    f"This date would put {event.title} out of order with {other_event.title} on {other.session.date:%-d %B}.",
                )
    hub = HubSettings.load()
    notice = SchoolCalendar.load(today, day).school_days_between(today, day)
    if notice < hub.minimum_notice_school_days:
        if not waive_notice:
            raise DomainError(
                "short_notice",
                f"This date is {notice} school days away; the hub gives at least {hub.minimum_notice_school_days}. "
                "Waive the notice and give a reason to place them anyway.",
            )
        if not waiver_reason:
            raise DomainError("waiver_reason_missing", "Enter the reason for waiving the notice.")

    now = timezone.now()
    previous = (
        Assignment.objects.select_for_update()
        .filter(participant=participant, event=event, status=Assignment.Status.ASSIGNED)
        .first()
    )
    if previous is not None:
        previous.status = Assignment.Status.MOVED
        previous.ended_at = now
        previous.save(update_fields=["status", "ended_at"])
    assignment = Assignment.objects.create(
        participant=participant,
        event=event,
        session=session,
        source=Assignment.Source.MANUAL,
        created_by=actor if getattr(actor, "pk", None) else None,
        notified_at=now,
        notice_waived=notice < hub.minimum_notice_school_days,
        notice_waiver_reason=waiver_reason if notice < hub.minimum_notice_school_days else "",
    )
    if previous is not None:
        previous.replaced_by = assignment
        previous.save(update_fields=["replaced_by"])
    send_notices(participant_ids=[participant.pk], since=now)
    record(
        actor=actor,
        action="assignment.placed",
        summary=f"Placed {participant.user} on {session}" + (" (notice waived)" if assignment.notice_waived else ""),
        target=assignment,
        details={
            "participant": participant.pk,
            "session": session.pk,
            "notice_school_days": notice,
            "notice_waived": assignment.notice_waived,
            "waiver_reason": assignment.notice_waiver_reason,
            "replaces": previous.pk if previous else None,
        },
    )
    return assignment
