"""Adding and changing an event's sessions, with the rules every session obeys (school days, times, place)."""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterable, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from ecfhub.audit.services import record
from ecfhub.events.models import Session, TrainingEvent, Venue
from ecfhub.events.queries import explain_not_school_days
from ecfhub.lib import when
from ecfhub.lib.concurrency import lock_unchanged
from ecfhub.lib.errors import DomainError
from ecfhub.notifications import emails, pace
from ecfhub.notifications.models import HeldMessage
from ecfhub.people.models import User
from ecfhub.scheduling import eligibility, rules
from ecfhub.scheduling.models import Assignment
from ecfhub.scheduling.services import places

# Defaults by kind: clinics are an hour after school, online; conferences all day, in person.
DEFAULT_TIMES: dict[str, tuple[datetime.time, datetime.time]] = {
    TrainingEvent.Kind.CLINIC: (datetime.time(16, 0), datetime.time(17, 0)),
    TrainingEvent.Kind.CONFERENCE: (datetime.time(9, 30), datetime.time(15, 30)),
}
DEFAULT_MODE: dict[str, str] = {
    TrainingEvent.Kind.CLINIC: Session.Mode.ONLINE,
    TrainingEvent.Kind.CONFERENCE: Session.Mode.IN_PERSON,
}
# Changes to these fields move the session in someone's calendar, so SEQUENCE goes up.
_SUBSCRIBER_FIELDS = ("starts_at", "ends_at", "mode", "joining_url", "venue", "venue_place_id")
# The held e-mail telling the people on a session of its new time or place (notifications/pace.py).
HELD_CHANGE = "session_changed"


def _shown(session: Session) -> dict[str, str]:
    """What the session-changed e-mail tells about a session, to compare what was told with what is now."""
    return {
        name: value.astimezone(datetime.UTC).isoformat() if isinstance(value, datetime.datetime) else str(value)
        for name, value in ((name, getattr(session, name)) for name in _SUBSCRIBER_FIELDS)
    }


def local_datetime(day: datetime.date, time: datetime.time) -> datetime.datetime:
    """An aware datetime for a wall-clock time on a day in the hub's time zone (Europe/London)."""
    return timezone.make_aware(datetime.datetime.combine(day, time))


def _check_place(*, mode: str, joining_url: str) -> None:
    if mode == Session.Mode.ONLINE and not joining_url:
        raise DomainError("joining_url_missing", "Enter the joining link for an online session.")


def _when_and_where(
    *,
    day: datetime.date,
    start_time: datetime.time,
    end_time: datetime.time,
    mode: str,
    joining_url: str,
    venue: str,
    capacity: int,
    venue_place: Venue | None = None,
) -> dict[str, Any]:
    # A session's stored times and place: a joining link only online, a venue only in person.
    return {
        "starts_at": local_datetime(day, start_time),
        "ends_at": local_datetime(day, end_time),
        "mode": mode,
        "joining_url": joining_url if mode == Session.Mode.ONLINE else "",
        "venue": venue if mode == Session.Mode.IN_PERSON else "",
        "venue_place_id": venue_place.pk if venue_place is not None and mode == Session.Mode.IN_PERSON else None,
        "capacity": capacity,
    }


def _check_school_days(days: Iterable[datetime.date]) -> None:
    problems = explain_not_school_days(sorted(set(days)))
    if problems:
        raise DomainError("not_school_day", " ".join(problems.values()))


def day_problems(
    event: TrainingEvent, starts_at: datetime.datetime, *, now: datetime.datetime | None = None
) -> list[rules.Refusal]:
    """What refuses a session of `event` starting then: in the past, or outside the event's programme year."""
    return rules.session_day_refusals(
        starts_at=starts_at,
        day=timezone.localtime(starts_at).date(),
        now=now or timezone.now(),
        cohort_start_year=event.cohort.start_year,
        programme_year=event.programme_year,
    )


def _check_days(
    event: TrainingEvent, starts: Iterable[datetime.datetime], *, now: datetime.datetime | None = None
) -> None:
    found = [r for moment in sorted(starts) for r in day_problems(event, moment, now=now)]
    if found:
        raise DomainError(found[0].code, " ".join(r.message for r in found))


@transaction.atomic
def add_sessions(
    *,
    event: TrainingEvent,
    dates: Sequence[datetime.date],
    start_time: datetime.time,
    end_time: datetime.time,
    mode: str,
    capacity: int,
    joining_url: str = "",
    venue: str = "",
    venue_place: Venue | None = None,
    facilitators: Iterable[User] = (),
    added_at: datetime.datetime | None = None,
    actor: Any,
) -> list[Session]:
    """Add one repeat session of `event` on each of `dates`, all with the same times and place.

    Guarantees: every date is a school day (otherwise DomainError
    `not_school_day` naming each date and why, and nothing is saved), still to
    come (`session_in_past`) and inside the event's programme year for its
    cohort (`outside_programme_year`); the session ends after it starts; an
    online session has a joining link; one audit entry for the batch.
    `added_at` (default now) is the moment "still to come" is judged from: only
    the demo passes it, to build a hub's past as it would have been set up."""
    if not dates:
        raise DomainError("no_dates", "Choose at least one date.")
    if end_time <= start_time:
        raise DomainError("ends_before_start", "The end time must be after the start time.")
    if capacity < 1:
        raise DomainError("capacity", "Enter a capacity of at least 1.")
    _check_place(mode=mode, joining_url=joining_url)
    _check_days(event, [local_datetime(day, start_time) for day in dates], now=added_at)
    _check_school_days(dates)
    people = list(facilitators)
    sessions = []
    for day in sorted(set(dates)):
        session = Session.objects.create(
            event=event,
            **_when_and_where(
                day=day,
                start_time=start_time,
                end_time=end_time,
                mode=mode,
                joining_url=joining_url,
                venue=venue,
                venue_place=venue_place,
                capacity=capacity,
            ),
        )
        if people:
            session.facilitators.set(people)
        sessions.append(session)
    record(
        actor=actor,
        action="session.added",
        summary=f"Added {len(sessions)} session(s) of {event.title}",
        target=event,
        details={"sessions": [s.pk for s in sessions], "dates": [s.date.isoformat() for s in sessions]},
    )
    return sessions


class DayChangeNeedsConfirming(DomainError):
    """Moving the session's day would break a rule for some of the people on it: `affected` says who
    and which rules. Saving again with `displace` naming exactly those people takes them off."""

    def __init__(self, affected: list[eligibility.Recheck]) -> None:
        count = len(affected)
        super().__init__(
            "day_change_breaks_rules",
            f"The new day breaks a rule for {count} {'person' if count == 1 else 'people'} on this session.",
        )
        self.affected = affected


@transaction.atomic
def update_session(
    *,
    session: Session,
    day: datetime.date,
    start_time: datetime.time,
    end_time: datetime.time,
    mode: str,
    capacity: int,
    joining_url: str = "",
    venue: str = "",
    venue_place: Venue | None = None,
    facilitators: Iterable[User] | None = None,
    expected_version: str | None = None,
    displace: Collection[int] | None = None,
    actor: Any,
) -> Session:
    """Change a scheduled session's date, times, place, capacity or facilitators.

    Guarantees, with the session row locked: nothing is saved if someone changed
    the session since `expected_version` was read (`edit_conflict`, see
    lib/concurrency); a cancelled session is not changed (`session_cancelled`);
    once it has started its day and times are fixed (`session_closed`: it is in
    people's history); a new start is still to come (`session_in_past`), inside
    the event's programme year (`outside_programme_year`) and on a school day;
    capacity never drops below the people already on it (`capacity_below_booked`).
    A new day is re-checked for everyone on the session with the place rules
    (days off, same day, event order, notice): if it breaks any, nothing is saved
    and `DayChangeNeedsConfirming` lists who and why, unless `displace` names
    exactly the people a rule other than notice blocks (ids; an empty set when
    only notice is short), who are then taken off (`places.displace`, told by
    e-mail, offered other dates) while those with short notice keep their place
    (the hub's move waives it; the audit entry names them); a change of time or place bumps SEQUENCE, so
    subscribed calendars update, and e-mails everyone still on it; seats it
    adds go to the people on its waiting list, first come first served; one audit entry listing what changed."""
    session = lock_unchanged(Session, session.pk, expected_version, what="session")
    if session.is_cancelled:
        raise DomainError("session_cancelled", "This session has been cancelled, so it cannot be changed.")
    if end_time <= start_time:
        raise DomainError("ends_before_start", "The end time must be after the start time.")
    _check_place(mode=mode, joining_url=joining_url)
    booked = session.assignments.filter(status=Assignment.Status.ASSIGNED).count()
    new = _when_and_where(
        day=day,
        start_time=start_time,
        end_time=end_time,
        mode=mode,
        joining_url=joining_url,
        venue=venue,
        venue_place=venue_place,
        capacity=capacity,
    )
    now = timezone.now()
    retimed = new["starts_at"] != session.starts_at or new["ends_at"] != session.ends_at
    if retimed and session.starts_at <= now:
        raise DomainError("session_closed", "This session has already started, so its day and times stay as they were.")
    affected: list[eligibility.Recheck] = []
    if retimed:
        _check_days(session.event, [new["starts_at"]])
    if day != session.date:
        _check_school_days([day])
        affected = eligibility.recheck_booked(session, starts_at=new["starts_at"])
        blocked = {a.participant.pk for a in affected if a.blocking}
        if affected and (displace is None or set(displace) != blocked):
            raise DayChangeNeedsConfirming(affected)
    leaving = [a for a in affected if a.blocking]
    staying = booked - len(leaving)
    if capacity < max(1, staying):
        raise DomainError(
            "capacity_below_booked",
            f"{staying} people already have this date, so the capacity cannot be less than {staying}."
            if staying
            else "Enter a capacity of at least 1.",
        )
    changed = sorted(name for name, value in new.items() if getattr(session, name) != value)
    raised = capacity - session.capacity
    moved = any(name in _SUBSCRIBER_FIELDS for name in changed)
    shown_before, starts_before = _shown(session), session.starts_at
    for name, value in new.items():
        setattr(session, name, value)
    if moved:
        session.sequence += 1
    session.save()
    if facilitators is not None:
        people = list(facilitators)
        if {p.pk for p in people} != set(session.facilitators.values_list("pk", flat=True)):
            session.facilitators.set(people)
            changed.append("facilitators")
    if leaving:
        places.displace(
            session=session,
            participant_ids=[a.participant.pk for a in leaving],
            actor=actor,
            reason=f"The session moved to {when.day(day)}, which breaks a rule for them.",
        )
        for item in leaving:
            emails.place_displaced(
                session=session,
                user=item.participant.user,
                why=" ".join(r.message for r in item.refusals),
            )
    if moved:
        # Held: a hub admin correcting the time twice in a minute sends each person one e-mail, and
        # none when the session ends up as it was.
        for assignment in session.assignments.filter(status=Assignment.Status.ASSIGNED).select_related(
            "participant__user"
        ):
            pace.hold(
                user=assignment.participant.user,
                kind=HELD_CHANGE,
                about=f"session:{session.pk}",
                told={"shown": shown_before},
                # Before the old time or the new, whichever comes first, they must know.
                send_by=min(session.starts_at, starts_before) - pace.quiet_period(),
            )
    if raised > 0:
        # More seats: the places service tells the waiting list, with this session still locked.
        places.capacity_raised(session=session, seats=raised, actor=actor)
    if changed:
        record(
            actor=actor,
            action="session.updated",
            summary=f"Changed {session}",
            target=session,
            details={
                "changed": changed,
                "sequence": session.sequence,
                "displaced": [a.participant.pk for a in leaving],
                "short_notice_kept": [a.participant.pk for a in affected if not a.blocking],
            },
        )
    return session


def send_held_change(held: HeldMessage) -> bool:
    """The held session-changed e-mail, from the session as it is now (pace's composer): sent only to
    someone still on a session that is still to come, when its time or place differs from what they
    were told. False when there is nothing to tell."""
    session = Session.objects.select_related("event").filter(pk=int(held.about.removeprefix("session:"))).first()
    if session is None or session.is_cancelled or session.starts_at <= timezone.now():
        return False
    if not session.assignments.filter(status=Assignment.Status.ASSIGNED, participant__user=held.user).exists():
        return False
    if _shown(session) == held.told.get("shown"):
        return False
    emails.session_changed(session=session, user=held.user)
    return True
