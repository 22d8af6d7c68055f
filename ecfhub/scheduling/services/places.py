"""The one writer of places (`Assignment`) and their history (`PlaceChange`).

Every other module asks here: manual placement (`assignments.place_manually`), a
participant leaving or deferring (`release`), a session cancelled
(`end_for_cancelled_session`), a session moved to another day (`displace`), the
scheduler's commit (`place_many`), and later people's own date changes and the
waiting list (`move`). `tests/test_places_owner.py` fails if any other module
writes `Assignment`.

Every function here, inside one transaction:
- locks the session rows it counts seats on (`select_for_update`, in id order so
  two writers wait rather than deadlock), then judges the place with
  `scheduling.rules` on facts read after the lock;
- never touches a place on a session that has started (what has happened is not
  rewritten: attendance will be recorded against it);
- writes one `PlaceChange` per place (who, when, from, to, why) and one audit entry;
- queues its e-mails with the outbox, which sends them only after commit;
- returns `Freed`: the seats it opened, per session, and the people whose place
  ended and who need another date. Listeners registered with `on_seats_freed`
  (the waiting list) are called with it inside the same transaction, while the
  freed sessions are still locked, so a freed seat is taken by the next person
  in line or stays free, never both.

One exception to "never touches a place on a session that has started": `catch_up` ends a place
the register marked absent as `missed` when a catch-up date replaces it. Its facts (session,
dates, notice, register mark) stay as they were; only its lifecycle says it is no longer the
active place for the event (docs/places.md, "Missed a session").

Interface for the date-change work (branch `requests`):
`place`, `move`, `release`, `displace`, `end_for_cancelled_session`, `capacity_raised`,
`place_many`, `on_seats_freed`, `Freed`, `Placed`; for catch-ups, `catch_up` and `check_missed`.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from ecfhub.audit.services import record
from ecfhub.events.models import Session
from ecfhub.lib import when
from ecfhub.lib.errors import DomainError
from ecfhub.people.models import Participant
from ecfhub.scheduling import eligibility, rules
from ecfhub.scheduling.models import Assignment, PlaceChange

Source = Assignment.Source


@dataclass(frozen=True)
class Freed:
    """What a write opened up: seats per session id, and the participations left without a date
    for an event (their session was cancelled or moved to a day they cannot take)."""

    seats: dict[int, int] = field(default_factory=dict)
    participant_ids: tuple[int, ...] = ()

    @property
    def session_ids(self) -> list[int]:
        return sorted(session_id for session_id, n in self.seats.items() if n > 0)

    def __bool__(self) -> bool:
        return bool(self.session_ids or self.participant_ids)

    def __add__(self, other: Freed) -> Freed:
        seats = Counter(self.seats)
        seats.update(other.seats)
        return Freed(
            seats=dict(seats), participant_ids=tuple(dict.fromkeys(self.participant_ids + other.participant_ids))
        )


@dataclass(frozen=True)
class Placed:
    """A new place, and the seat it left behind (a move frees the old session's seat)."""

    assignment: Assignment
    previous: Assignment | None
    freed: Freed


FreedListener = Callable[[Freed, Any], None]
_listeners: list[FreedListener] = []


def on_seats_freed(listener: FreedListener) -> FreedListener:
    """Register `listener(freed, actor)`, called inside the transaction of every write that frees a seat
    or leaves someone without a date, with the freed sessions still locked. Usable as a decorator;
    registering the same function twice has no effect."""
    if listener not in _listeners:
        _listeners.append(listener)
    return listener


def _announce(freed: Freed, actor: Any) -> Freed:
    if freed:
        for listener in list(_listeners):
            listener(freed, actor)
    return freed


def _label(actor: Any) -> str:
    if getattr(actor, "is_authenticated", False):
        return f"{actor.full_name} <{actor.email}>"
    return "system"


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _history(
    *,
    participant_id: int,
    event_id: int,
    kind: str,
    at: datetime.datetime,
    actor: Any,
    reason: str,
    from_session_id: int | None = None,
    to_session_id: int | None = None,
    assignment: Assignment | None = None,
    source: str = "",
    notice_waived: bool = False,
) -> PlaceChange:
    return PlaceChange(
        participant_id=participant_id,
        event_id=event_id,
        kind=kind,
        from_session_id=from_session_id,
        to_session_id=to_session_id,
        assignment=assignment,
        source=source,
        reason=reason[:500],
        notice_waived=notice_waived,
        at=at,
        actor=_user(actor),
        actor_label=_label(actor),
    )


def lock_sessions(session_ids: Iterable[int]) -> dict[int, Session]:
    """Lock the sessions' rows in id order (so concurrent writers queue instead of deadlocking)."""
    # of=("self",): lock the sessions only, not the events joined in for their titles.
    locked = Session.objects.select_for_update(of=("self",)).filter(pk__in=sorted(set(session_ids))).order_by("pk")
    return {s.pk: s for s in locked.select_related("event")}


_MANUAL_HINTS = {
    rules.SESSION_FULL: "Choose another date or raise its capacity.",
    rules.SHORT_NOTICE: "Waive the notice and give a reason to place them anyway.",
}


def _refuse(found: list[rules.Refusal], *, source: str) -> None:
    if not found:
        return
    message = " ".join(r.message for r in found)
    if source == Source.MANUAL:  # what a hub admin can do about it
        hints = [_MANUAL_HINTS[r.code] for r in found if r.code in _MANUAL_HINTS]
        message = " ".join([message, *hints])
    raise DomainError(found[0].code, message)


@transaction.atomic
def move(
    *,
    participant: Participant,
    session: Session,
    actor: Any,
    source: str,
    reason: str = "",
    notice_applies: bool = True,
    waive_notice: bool = False,
    waiver_reason: str = "",
    notify: bool = True,
) -> Placed:
    """Give `participant` a place on `session`, ending the place they hold on another session of the same
    event (if any) as moved. `place` is the same with no current place required.

    Guarantees, with the participation and both sessions locked: every rule in `scheduling.rules`
    holds (DomainError with the first refusal's code and every refusal's message); notice applies
    unless `notice_applies` is False (the person asked for this move, or a waiting list promoted
    them), and a hub admin may waive it only with a reason (`waiver_reason_missing`), which is kept;
    the current place is not on a session that has started (`place_fixed`), nor this very session
    (`already_on_session`); one PlaceChange, one audit entry, the person told by e-mail when
    `notify` (held until their dates stop changing: `notices.hold_dates`); returns the new place and the seat freed on the old session (listeners told)."""
    waiver_reason = waiver_reason.strip()
    # Lock order, shared with every writer here: the participation, then sessions by id, then places.
    # Holding the participation means their current place for the event cannot change under us.
    Participant.objects.select_for_update().filter(pk=participant.pk).first()
    holding = Assignment.objects.filter(
        participant_id=participant.pk, event_id=session.event_id, status=Assignment.Status.ASSIGNED
    )
    locked = lock_sessions([session.pk, *holding.values_list("session_id", flat=True)])
    current = holding.select_for_update().first()
    if current is not None and current.session_id not in locked:  # placed by a scheduler commit meanwhile
        locked.update(lock_sessions([current.session_id]))
    if session.pk not in locked:
        raise DomainError("session_missing", "This session no longer exists.")
    now = timezone.now()
    if current is not None:
        if current.session_id == session.pk:
            raise DomainError("already_on_session", "They already have this date.")
        if locked[current.session_id].starts_at <= now:
            raise DomainError(
                "place_fixed", "Their current date has already started, so it stays in their history as it is."
            )
    ctx = eligibility.context(notice_applies=notice_applies and not waive_notice, now=now)
    person = eligibility.person_facts(participant)
    facts = eligibility.session_facts([session.pk])[session.pk]
    _refuse(rules.refusals(person, facts, ctx), source=source)
    notice = ctx.school_days_between(ctx.today, facts.day)
    waived = notice_applies and notice < ctx.minimum_notice
    if waived and not waiver_reason:
        raise DomainError("waiver_reason_missing", "Enter the reason for waiving the notice.")

    if current is not None:
        current.status = Assignment.Status.MOVED
        current.ended_at = now
        current.save(update_fields=["status", "ended_at"])
    assignment = Assignment.objects.create(
        participant_id=participant.pk,
        event_id=session.event_id,
        session=locked[session.pk],
        source=source,
        created_by=_user(actor),
        notified_at=now if notify else None,
        notice_waived=waived,
        notice_waiver_reason=waiver_reason if waived else "",
    )
    if current is not None:
        current.replaced_by = assignment
        current.save(update_fields=["replaced_by"])
    why = reason.strip() or (f"Notice waived: {waiver_reason}" if waived else "")
    _history(
        participant_id=participant.pk,
        event_id=session.event_id,
        kind=PlaceChange.Kind.MOVED if current else PlaceChange.Kind.PLACED,
        at=now,
        actor=actor,
        reason=why,
        from_session_id=current.session_id if current else None,
        to_session_id=session.pk,
        assignment=assignment,
        source=source,
        notice_waived=waived,
    ).save()
    if notify:
        # Imported here: notices imports this package's models only, but keeping e-mail sending out
        # of module import keeps `places` importable from the app registry's ready().
        from ecfhub.scheduling.services.notices import hold_dates

        # Held, not sent: a date moved six times in a minute is one e-mail with the final date.
        hold_dates(assignment=assignment, left_session_id=current.session_id if current else None)
    name = person.name
    record(
        actor=actor,
        action="assignment.moved" if current else "assignment.placed",
        summary=(
            f"Moved {name} from {locked[current.session_id]} to {locked[session.pk]}"
            if current
            else f"Placed {name} on {locked[session.pk]}"
        )
        + (" (notice waived)" if waived else ""),
        target=assignment,
        details={
            "participant": participant.pk,
            "session": session.pk,
            "from_session": current.session_id if current else None,
            "source": source,
            "reason": why,
            "notice_school_days": notice,
            "notice_waived": waived,
            "waiver_reason": assignment.notice_waiver_reason,
            "replaces": current.pk if current else None,
        },
    )
    freed = Freed(seats={current.session_id: 1}) if current else Freed()
    return Placed(assignment=assignment, previous=current, freed=_announce(freed, actor))


def place(
    *,
    participant: Participant,
    session: Session,
    actor: Any,
    source: str,
    reason: str = "",
    notice_applies: bool = True,
    waive_notice: bool = False,
    waiver_reason: str = "",
    notify: bool = True,
) -> Placed:
    """Give a participant a place on a session: a first date for the event, or a move from their current
    one (see `move` for the guarantees, which are the same)."""
    return move(
        participant=participant,
        session=session,
        actor=actor,
        source=source,
        reason=reason,
        notice_applies=notice_applies,
        waive_notice=waive_notice,
        waiver_reason=waiver_reason,
        notify=notify,
    )


# The register's word for someone who did not come. Attendance builds on scheduling, so its record
# is looked up through the place's one-to-one relation (`attendance`), not imported.
_ABSENT = "absent"


def check_missed(missed: Assignment, *, now: datetime.datetime) -> None:
    """Raise DomainError unless `missed` is a place that may be caught up now: the person's active
    place for the event (`catch_up_taken` when a catch-up already replaced it, `not_missed` for any
    other ended place), on a session that has started (`not_missed`), marked absent on its register
    (`not_missed`), and with no catch-up self-study chosen for it (`self_study_chosen`). One query."""
    facts = (
        Assignment.objects.filter(pk=missed.pk)
        .values("status", "session__starts_at", "attendance__mark", "catch_up_study__pk")
        .first()
    )
    if facts is not None and facts["status"] == Assignment.Status.MISSED:
        raise DomainError("catch_up_taken", "A catch-up date has already been chosen for this session.")
    if (
        facts is None
        or facts["status"] != Assignment.Status.ASSIGNED
        or facts["session__starts_at"] > now
        or facts["attendance__mark"] != _ABSENT
    ):
        raise DomainError("not_missed", "The register does not show this session as missed.")
    if facts["catch_up_study__pk"] is not None:
        raise DomainError("self_study_chosen", "Catch-up self-study has been chosen for this session instead.")


@transaction.atomic
def catch_up(*, missed: Assignment, session: Session, actor: Any, reason: str = "", notify: bool = True) -> Placed:
    """Give the person a catch-up place on `session`, another session of the event whose session they
    missed; the missed place stays in their history.

    Guarantees, with the participation, then the missed and the new session locked (the places
    service's lock order): `missed` may be caught up (`check_missed`: their active place for the
    event, on a started session, marked absent, no self-study chosen); `session` is of the same event
    (`wrong_event`); every rule in `scheduling.rules` holds as for a move the person asked for (no
    notice: they choose the date) with their past dates not binding event order (`rules.for_catch_up`);
    so it is a session still to come with a free seat (`session_closed`, `session_full`). Then the
    missed place ends as `missed` (its session, dates and register mark untouched; `replaced_by`
    points to the catch-up), the catch-up becomes the active place, one PlaceChange (`catch_up`, from
    the missed session to the new one), one audit entry, the new-date e-mail when `notify` (held, as for `move`). No seat
    is freed: the missed session has happened."""
    Participant.objects.select_for_update().filter(pk=missed.participant_id).first()
    locked = lock_sessions([missed.session_id, session.pk])
    if session.pk not in locked:
        raise DomainError("session_missing", "This session no longer exists.")
    missed = Assignment.objects.select_for_update().select_related("participant__user").get(pk=missed.pk)
    now = timezone.now()
    check_missed(missed, now=now)
    if session.event_id != missed.event_id:
        raise DomainError("wrong_event", "A catch-up is another session of the same event.")
    ctx = eligibility.context(notice_applies=False, now=now)
    person = rules.for_catch_up(eligibility.person_facts(missed.participant), ctx.today)
    facts = eligibility.session_facts([session.pk])[session.pk]
    _refuse(rules.refusals(person, facts, ctx), source=Source.REQUEST)

    missed.status = Assignment.Status.MISSED
    missed.ended_at = now
    missed.save(update_fields=["status", "ended_at"])
    assignment = Assignment.objects.create(
        participant_id=missed.participant_id,
        event_id=missed.event_id,
        session=locked[session.pk],
        source=Source.REQUEST,
        created_by=_user(actor),
        notified_at=now if notify else None,
    )
    missed.replaced_by = assignment
    missed.save(update_fields=["replaced_by"])
    why = reason.strip() or "Catch-up after a missed session"
    _history(
        participant_id=missed.participant_id,
        event_id=missed.event_id,
        kind=PlaceChange.Kind.CATCH_UP,
        at=now,
        actor=actor,
        reason=why,
        from_session_id=missed.session_id,
        to_session_id=session.pk,
        assignment=assignment,
        source=Source.REQUEST,
    ).save()
    if notify:
        from ecfhub.scheduling.services.notices import hold_dates  # see `move`

        hold_dates(assignment=assignment, left_session_id=missed.session_id)
    record(
        actor=actor,
        action="assignment.catch_up",
        summary=f"Gave {person.name} a catch-up date: {locked[session.pk]} (missed {locked[missed.session_id]})",
        target=assignment,
        details={
            "participant": missed.participant_id,
            "session": session.pk,
            "missed_session": missed.session_id,
            "missed_place": missed.pk,
            "reason": why,
        },
    )
    return Placed(assignment=assignment, previous=missed, freed=Freed())


def _end(
    active: Sequence[Assignment],
    *,
    status: str,
    kind: str,
    actor: Any,
    reason: str,
    now: datetime.datetime,
) -> None:
    # Ends places already locked by the caller, with one history row each.
    Assignment.objects.filter(pk__in=[a.pk for a in active]).update(status=status, ended_at=now)
    PlaceChange.objects.bulk_create(
        [
            _history(
                participant_id=a.participant_id,
                event_id=a.event_id,
                kind=kind,
                at=now,
                actor=actor,
                reason=reason,
                from_session_id=a.session_id,
                assignment=a,
            )
            for a in active
        ]
    )


@transaction.atomic
def release(
    *,
    participant: Participant,
    actor: Any,
    reason: str,
    on: datetime.date | None = None,
    event_id: int | None = None,
) -> Freed:
    """End the participant's places on sessions that have not started: those on or after `on`, or the one
    for `event_id`, or (neither given) all of them — they left, deferred, or gave a date up.

    Guarantees: places on sessions that have started are never touched (they are history, even when
    `on` is in the past); each ended place is `released` with a PlaceChange; the seats reopen at once
    (returned, listeners told); one audit entry when anything was released."""
    now = timezone.now()
    query = Q(participant_id=participant.pk, status=Assignment.Status.ASSIGNED, session__starts_at__gt=now)
    if on is not None:
        query &= Q(session__starts_at__gte=timezone.make_aware(datetime.datetime.combine(on, datetime.time.min)))
    if event_id is not None:
        query &= Q(event_id=event_id)
    candidates = list(Assignment.objects.filter(query).values_list("session_id", flat=True))
    if not candidates:
        return Freed()
    lock_sessions(candidates)
    active = list(Assignment.objects.select_for_update().filter(query).order_by("pk"))
    _end(active, status=Assignment.Status.RELEASED, kind=PlaceChange.Kind.RELEASED, actor=actor, reason=reason, now=now)
    if active:
        record(
            actor=actor,
            action="assignment.released",
            summary=f"Released {len(active)} future date(s) for {participant.user}",
            target=participant,
            details={
                "from": on.isoformat() if on else None,
                "event": event_id,
                "count": len(active),
                "sessions": [a.session_id for a in active],
                "reason": reason,
            },
        )
    return _announce(Freed(seats=dict(Counter(a.session_id for a in active))), actor)


def end_for_cancelled_session(*, session: Session, actor: Any, reason: str) -> tuple[list[Assignment], Freed]:
    """End every active place on a session being cancelled; the caller (`events.services.cancel_session`)
    holds the session's lock and marks it cancelled in the same transaction.

    Guarantees: a session that has started is refused (`session_closed`: its places are history);
    each place ends as `session_cancelled` with a PlaceChange; returns the ended places and, in
    `Freed.participant_ids`, the people who now need another date of the event (listeners told)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("end_for_cancelled_session must run inside the cancelling transaction.")
    now = timezone.now()
    if session.starts_at <= now:
        raise DomainError("session_closed", "This session has already started, so it cannot be cancelled.")
    active = list(
        Assignment.objects.select_for_update(of=("self",))
        .filter(session_id=session.pk, status=Assignment.Status.ASSIGNED)
        .select_related("participant__user")
        .order_by("pk")
    )
    _end(
        active,
        status=Assignment.Status.SESSION_CANCELLED,
        kind=PlaceChange.Kind.SESSION_CANCELLED,
        actor=actor,
        reason=reason,
        now=now,
    )
    freed = Freed(participant_ids=tuple(a.participant_id for a in active))
    return active, _announce(freed, actor)


def displace(*, session: Session, participant_ids: Sequence[int], actor: Any, reason: str) -> Freed:
    """Take people off a session whose day has just changed to one they cannot take (the caller,
    `events.services.update_session`, holds the session's lock and has re-checked them with the rules).

    Guarantees: only active places on this session, which must not have started (`session_closed`),
    end — as `displaced`, with a PlaceChange giving `reason`; returns their seats and ids (listeners
    told, so they are offered other dates)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("displace must run inside the session's edit transaction.")
    now = timezone.now()
    if not participant_ids:
        return Freed()
    active = list(
        Assignment.objects.select_for_update()
        .filter(session_id=session.pk, participant_id__in=list(participant_ids), status=Assignment.Status.ASSIGNED)
        .order_by("pk")
    )
    if active and session.starts_at <= now:
        raise DomainError("session_closed", "This session has already started, so its places cannot change.")
    _end(
        active, status=Assignment.Status.DISPLACED, kind=PlaceChange.Kind.DISPLACED, actor=actor, reason=reason, now=now
    )
    return _announce(
        Freed(
            seats={session.pk: len(active)} if active else {}, participant_ids=tuple(a.participant_id for a in active)
        ),
        actor,
    )


def capacity_raised(*, session: Session, seats: int, actor: Any) -> Freed:
    """Announce `seats` new places on a session whose capacity the caller has just raised (row locked)."""
    if seats <= 0:
        return Freed()
    return _announce(Freed(seats={session.pk: seats}), actor)


def _judge_all(placements: Sequence[NewPlace], *, as_of: datetime.date) -> None:
    # The whole batch against the rules, as of the end of `as_of` (sessions on that day are past, as
    # the solver treats them); capacity was checked for the batch as a whole, so not here.
    moment = timezone.make_aware(datetime.datetime.combine(as_of, datetime.time.max))
    ctx = eligibility.context(notice_applies=True, now=moment)
    people = eligibility.people_facts(
        Participant.objects.filter(pk__in={p.participant_id for p in placements}).select_related("user", "cohort")
    )
    sessions = eligibility.session_facts({p.session_id for p in placements})
    by_person: dict[int, list[rules.SessionFacts]] = {}
    for p in placements:
        by_person.setdefault(p.participant_id, []).append(sessions[p.session_id])
    for participant_id, chosen in by_person.items():
        person = people[participant_id]
        for session in sorted(chosen, key=lambda s: s.starts_at):
            found = [r for r in rules.refusals(person, session, ctx) if r.code != rules.SESSION_FULL]
            if found:
                raise DomainError(
                    "plan_breaks_rules",
                    f"{person.name}, {session.title} on {when.plain_date(session.day)}: {found[0].message} "
                    "Run the dry run again.",
                )
            taken = rules.BookedDate(
                event_id=session.event_id,
                day=session.day,
                title=session.title,
                participant_id=participant_id,
                position=session.position,
                session_id=session.id,
            )
            person = dataclasses.replace(person, booked=(*person.booked, taken))


@dataclass(frozen=True)
class NewPlace:
    participant_id: int
    event_id: int
    session_id: int


@transaction.atomic
def place_many(
    *,
    placements: Sequence[NewPlace],
    actor: Any,
    notified_at: datetime.datetime | None,
    reason: str = "",
    source: str = Source.SCHEDULER,
    as_of: datetime.date | None = None,
) -> list[Assignment]:
    """First dates for many people at once: the scheduler's commit, whose solver has applied the rules to
    each person's whole path (see `solver`); the caller has compared the hub with its preview.

    Guarantees, with every session involved locked: no session ends over capacity (`overbooked`,
    nothing written); with `as_of` (the day people are told), every new place is judged again by
    `scheduling.rules` as of that day, each person's new dates together with the ones they hold, so
    the solver and the rules can never disagree unseen (`plan_breaks_rules`, nothing written);
    nobody gets a second active date for an event (the database's constraint); one PlaceChange per
    place. The caller writes the audit entry and sends the notices."""
    if not placements:
        return []
    session_ids = sorted({p.session_id for p in placements})
    lock_sessions(session_ids)
    booked = dict(
        Session.objects.filter(pk__in=session_ids)
        .annotate(n=Count("assignments", filter=Q(assignments__status=Assignment.Status.ASSIGNED)))
        .values_list("pk", "n")
    )
    capacity = dict(Session.objects.filter(pk__in=session_ids).values_list("pk", "capacity"))
    for session_id, n in Counter(p.session_id for p in placements).items():
        if booked.get(session_id, 0) + n > capacity.get(session_id, 0):
            raise DomainError("overbooked", "A session would go over its capacity. Run the dry run again.")
    if as_of is not None:
        _judge_all(placements, as_of=as_of)
    now = timezone.now()
    created = Assignment.objects.bulk_create(
        [
            Assignment(
                participant_id=p.participant_id,
                event_id=p.event_id,
                session_id=p.session_id,
                source=source,
                created_by=_user(actor),
                notified_at=notified_at,
            )
            for p in placements
        ],
        batch_size=2000,
    )
    PlaceChange.objects.bulk_create(
        [
            _history(
                participant_id=a.participant_id,
                event_id=a.event_id,
                kind=PlaceChange.Kind.PLACED,
                at=now,
                actor=actor,
                reason=reason,
                to_session_id=a.session_id,
                assignment=a,
                source=source,
            )
            for a in created
        ],
        batch_size=2000,
    )
    return created
