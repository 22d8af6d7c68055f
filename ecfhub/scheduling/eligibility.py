"""The place rules' facts, read from the database in a fixed number of queries.

`scheduling.rules` decides; this module only gathers what it needs to know about
a person, the sessions and the day, and hands back the rules' verdicts:

- `context(notice_applies=...)`: today, the hub's minimum notice and the term calendar (3 queries);
- `person_facts(participant)`: the participation and every date the account holds (2 queries);
- `session_facts(sessions)`: sessions with their event, cohort and seats taken (1 query);
- `check(participant, session, notice_applies=...)`: the refusals for one place (6 queries);
- `sessions_open_to(participant, event, asked_by_person=...)`: every other session still
  to come of the event, each with its seats left and refusals (6 queries, however many sessions);
- `recheck_booked(session, day=..., starts_at=...)`: everyone booked on a session, judged as if
  it moved to another day (6 queries, however many people).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from ecfhub.events.models import Session, TrainingEvent
from ecfhub.hub.settings import current_hub_settings
from ecfhub.people.models import Participant
from ecfhub.scheduling import rules
from ecfhub.scheduling.models import Assignment
from ecfhub.terms.schooldays import SchoolCalendar


def context(*, notice_applies: bool, now: datetime.datetime | None = None) -> rules.Context:
    """The moment of asking, the hub's minimum notice, and school days counted on the hub's calendar."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    calendar = SchoolCalendar.load(today)
    return rules.Context(
        now=now,
        today=today,
        minimum_notice=current_hub_settings().minimum_notice_school_days,
        notice_applies=notice_applies,
        school_days_between=calendar.school_days_between,
    )


def _local_day(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def _booked_by_user(user_ids: Iterable[int]) -> dict[int, list[rules.BookedDate]]:
    rows = Assignment.objects.filter(participant__user_id__in=list(user_ids), status=Assignment.Status.ASSIGNED).values(
        "participant_id",
        "participant__user_id",
        "event_id",
        "session_id",
        "session__starts_at",
        "event__title",
        "event__programme_year",
        "event__order",
    )
    booked: dict[int, list[rules.BookedDate]] = defaultdict(list)
    for row in rows:
        booked[row["participant__user_id"]].append(
            rules.BookedDate(
                event_id=row["event_id"],
                day=_local_day(row["session__starts_at"]),
                title=row["event__title"],
                participant_id=row["participant_id"],
                position=(row["event__programme_year"], row["event__order"]),
                session_id=row["session_id"],
            )
        )
    return booked


def _person(participant: Participant, booked: list[rules.BookedDate]) -> rules.Person:
    return rules.Person(
        participant_id=participant.pk,
        name=participant.user.full_name,
        active=participant.status == Participant.Status.ACTIVE,
        cohort_id=participant.cohort_id,
        participant_type=participant.participant_type,
        unavailable_weekdays=frozenset(participant.unavailable_weekdays or ()),
        booked=tuple(sorted(booked, key=lambda b: (b.day, b.session_id))),
    )


def people_facts(participants: Iterable[Participant]) -> dict[int, rules.Person]:
    """Facts for many participations (their `user` loaded), keyed by participant id; one query."""
    participants = list(participants)
    booked = _booked_by_user({p.user_id for p in participants})
    return {p.pk: _person(p, booked.get(p.user_id, [])) for p in participants}


def person_facts(participant: Participant) -> rules.Person:
    """Facts for one participation, read fresh (status and days off may have just changed); two queries."""
    fresh = Participant.objects.select_related("user").get(pk=participant.pk)
    return people_facts([fresh])[fresh.pk]


def _facts(session: Session, *, taken: int) -> rules.SessionFacts:
    event = session.event
    return rules.SessionFacts(
        id=session.pk,
        event_id=event.pk,
        title=event.title,
        cohort_id=event.cohort_id,
        cohort_start_year=event.cohort.start_year,
        audience=event.audience,
        programme_year=event.programme_year,
        order=event.order,
        day=session.date,
        starts_at=session.starts_at,
        cancelled=session.is_cancelled,
        capacity=session.capacity,
        taken=taken,
    )


def session_facts(sessions: Iterable[Session | int]) -> dict[int, rules.SessionFacts]:
    """Facts for the given sessions (objects or ids), read fresh with their seats taken; one query."""
    ids = [s if isinstance(s, int) else s.pk for s in sessions]
    rows = (
        Session.objects.filter(pk__in=ids)
        .select_related("event__cohort")
        .annotate(taken=Count("assignments", filter=Q(assignments__status=Assignment.Status.ASSIGNED)))
    )
    return {s.pk: _facts(s, taken=s.taken) for s in rows}  # type: ignore[attr-defined]


def check(participant: Participant, session: Session, *, notice_applies: bool) -> list[rules.Refusal]:
    """Everything that refuses this participant a place on this session now; empty when allowed."""
    person = person_facts(participant)
    facts = session_facts([session])[session.pk]
    return rules.refusals(person, facts, context(notice_applies=notice_applies))


@dataclass(frozen=True)
class Option:
    """One session of an event, as a choice for one person: seats left and what refuses it."""

    session: Session
    seats_left: int
    refusals: list[rules.Refusal]

    @property
    def allowed(self) -> bool:
        return not self.refusals

    @property
    def only_full(self) -> bool:
        """Refused only because it is full: a waiting list is the way on."""
        return bool(self.refusals) and all(r.code == rules.SESSION_FULL for r in self.refusals)


def sessions_open_to(participant: Participant, event: TrainingEvent, *, asked_by_person: bool) -> list[Option]:
    """The event's sessions still to come and not cancelled, other than the one the person holds, in date
    order, each with the rules' verdict. A move the person asks for needs no notice (`asked_by_person`)."""
    ctx = context(notice_applies=not asked_by_person)
    person = person_facts(participant)
    held = {b.session_id for b in person.booked if b.participant_id == person.participant_id}
    sessions = (
        Session.objects.filter(event_id=event.pk, starts_at__gt=ctx.now)
        .scheduled()
        .exclude(pk__in=held)
        .select_related("event__cohort")
        .annotate(taken=Count("assignments", filter=Q(assignments__status=Assignment.Status.ASSIGNED)))
        .order_by("starts_at", "pk")
    )
    options = []
    for session in sessions:
        facts = _facts(session, taken=session.taken)  # type: ignore[attr-defined]
        options.append(
            Option(session=session, seats_left=facts.seats_left, refusals=rules.refusals(person, facts, ctx))
        )
    return options


@dataclass(frozen=True)
class Recheck:
    """A person booked on a session, and what the session's new day would break for them."""

    participant: Participant
    refusals: list[rules.Refusal]


def recheck_booked(
    session: Session, *, starts_at: datetime.datetime, ctx: rules.Context | None = None
) -> list[Recheck]:
    """Everyone with an active place on `session`, judged as if it started at `starts_at` instead: the
    people for whom some rule would break (days off, same day, event order, notice, programme year).
    Capacity and the session's own state are not re-judged here (the edit form checks those)."""
    ctx = ctx or context(notice_applies=True)
    current = session_facts([session])[session.pk]
    moved = rules.SessionFacts(
        **{**current.__dict__, "day": _local_day(starts_at), "starts_at": starts_at, "cancelled": False}
    )
    booked = list(
        Participant.objects.filter(assignments__session=session, assignments__status=Assignment.Status.ASSIGNED)
        .select_related("user")
        .order_by("user__full_name", "pk")
    )
    facts = people_facts(booked)
    found = []
    for participant in booked:
        # They hold this very session, so the "session" rules (full, started) are not theirs to break.
        broken = [
            r
            for r in rules.refusals(facts[participant.pk], moved, ctx)
            if r.code not in (rules.SESSION_FULL, rules.SESSION_CLOSED)
        ]
        if broken:
            found.append(Recheck(participant=participant, refusals=broken))
    return found
