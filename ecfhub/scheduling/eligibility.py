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
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from ecfhub.events.models import Session, TrainingEvent
from ecfhub.events.queries import required_q
from ecfhub.hub.settings import current_hub_settings
from ecfhub.people import schedules
from ecfhub.people.models import Participant
from ecfhub.scheduling import rules
from ecfhub.scheduling.models import Assignment
from ecfhub.scheduling.staff_out import local_day
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
                day=local_day(row["session__starts_at"]),
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
        year_one_starts=schedules.year_one_starts(participant.schedule_identifier, participant.cohort.start_year),
        starts_on=participant.induction_start_date,
    )


def people_facts(participants: Iterable[Participant]) -> dict[int, rules.Person]:
    """Facts for many participations (their `user` and `cohort` loaded), keyed by participant id; one query."""
    participants = list(participants)
    booked = _booked_by_user({p.user_id for p in participants})
    return {p.pk: _person(p, booked.get(p.user_id, [])) for p in participants}


def person_facts(participant: Participant) -> rules.Person:
    """Facts for one participation, read fresh (status and days off may have just changed); two queries."""
    fresh = Participant.objects.select_related("user", "cohort").get(pk=participant.pk)
    return people_facts([fresh])[fresh.pk]


# The columns the place rules need of a session, its event and cohort, in `_facts_from_row`'s order.
_FACT_COLUMNS = (
    "pk",
    "event_id",
    "event__title",
    "event__cohort_id",
    "event__cohort__start_year",
    "event__audience",
    "event__programme_year",
    "event__order",
    "starts_at",
    "status",
    "capacity",
    "seats_taken",
)


def _facts_from_row(row: tuple[Any, ...]) -> rules.SessionFacts:
    """The rules' facts from one row of `_FACT_COLUMNS` values (the one place they are mapped)."""
    pk, event_id, title, cohort_id, start_year, audience, year, order, starts_at, status, capacity, taken = row
    return rules.SessionFacts(
        id=pk,
        event_id=event_id,
        title=title,
        cohort_id=cohort_id,
        cohort_start_year=start_year,
        audience=audience,
        programme_year=year,
        order=order,
        day=local_day(starts_at),
        starts_at=starts_at,
        cancelled=status == Session.Status.CANCELLED,
        capacity=capacity,
        taken=taken,
    )


def _facts(session: Session, *, taken: int) -> rules.SessionFacts:
    """The facts of a session already loaded with its event and cohort (pages that also show the session)."""
    event = session.event
    return _facts_from_row(
        (
            session.pk,
            event.pk,
            event.title,
            event.cohort_id,
            event.cohort.start_year,
            event.audience,
            event.programme_year,
            event.order,
            session.starts_at,
            session.status,
            session.capacity,
            taken,
        )
    )


def _facts_of(sessions: QuerySet[Session]) -> list[rules.SessionFacts]:
    """The same facts read as plain values: a person's or a school's page judges every session of their
    events, and building a Session, its event and cohort for each cost most of it."""
    return [_facts_from_row(row) for row in sessions.values_list(*_FACT_COLUMNS)]


def session_facts(sessions: Iterable[Session | int]) -> dict[int, rules.SessionFacts]:
    """Facts for the given sessions (objects or ids), read fresh with their seats taken; one query."""
    ids = [s if isinstance(s, int) else s.pk for s in sessions]
    return {facts.id: facts for facts in _facts_of(Session.objects.filter(pk__in=ids))}


def check(
    participant: Participant, session: Session, *, notice_applies: bool, catching_up: bool = False
) -> list[rules.Refusal]:
    """Everything that refuses this participant a place on this session now; empty when allowed. A
    catch-up after a missed session is judged as `rules.for_catch_up` says (`catching_up`)."""
    ctx = context(notice_applies=notice_applies)
    person = person_facts(participant)
    if catching_up:
        person = rules.for_catch_up(person, ctx.today)
    facts = session_facts([session])[session.pk]
    return rules.refusals(person, facts, ctx)


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


def sessions_open_to(
    participant: Participant, event: TrainingEvent, *, asked_by_person: bool, catching_up: bool = False
) -> list[Option]:
    """The event's sessions still to come and not cancelled, other than the one the person holds, in date
    order, each with the rules' verdict. A move the person asks for needs no notice (`asked_by_person`);
    a catch-up after a missed session is judged as `rules.for_catch_up` says (`catching_up`)."""
    ctx = context(notice_applies=not asked_by_person)
    person = person_facts(participant)
    held = {b.session_id for b in person.booked if b.participant_id == person.participant_id}
    if catching_up:
        person = rules.for_catch_up(person, ctx.today)
    sessions = (
        Session.objects.filter(event_id=event.pk, starts_at__gt=ctx.now)
        .scheduled()
        .exclude(pk__in=held)
        .select_related("event__cohort", "venue_place")
        .with_booked()
        .order_by("starts_at", "pk")
    )
    options = []
    for session in sessions:
        facts = _facts(session, taken=session.booked)  # type: ignore[attr-defined]
        options.append(
            Option(session=session, seats_left=facts.seats_left, refusals=rules.refusals(person, facts, ctx))
        )
    return options


@dataclass(frozen=True)
class Recheck:
    """A person booked on a session, and what the session's new day would break for them."""

    participant: Participant
    refusals: list[rules.Refusal]

    @property
    def blocking(self) -> bool:
        """A rule other than notice breaks: they cannot keep the place. Short notice alone is the hub's
        to accept (moving the day is the hub's decision), so they keep it and are told."""
        return any(r.code != rules.SHORT_NOTICE for r in self.refusals)


def recheck_booked(
    session: Session, *, starts_at: datetime.datetime, ctx: rules.Context | None = None
) -> list[Recheck]:
    """Everyone with an active place on `session`, judged as if it started at `starts_at` instead: the
    people for whom some rule would break (days off, same day, event order, notice, programme year).
    Capacity and the session's own state are not re-judged here (the edit form checks those)."""
    ctx = ctx or context(notice_applies=True)
    current = session_facts([session])[session.pk]
    moved = rules.SessionFacts(
        **{**current.__dict__, "day": local_day(starts_at), "starts_at": starts_at, "cancelled": False}
    )
    booked = list(
        Participant.objects.filter(assignments__session=session, assignments__status=Assignment.Status.ASSIGNED)
        .select_related("user", "cohort")
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


@dataclass(frozen=True)
class WithoutDate:
    """A participant with no date for one of their programme's events, and no session the rules allow."""

    participant: Participant
    event: TrainingEvent
    gap: rules.Gap


def without_dates(participants: QuerySet[Participant], *, now: datetime.datetime | None = None) -> list[WithoutDate]:
    """Everyone in `participants` (active ones) whom the rules cannot give a date for an event of their
    programme that has sessions: late joiners after the last session, part-timers whose days never
    come up, people whose event order leaves no session. Events with no sessions at all are the
    hub's plan still to make, not a person's problem, and are left out. Eight queries, whatever the
    number of people, events and sessions."""
    ctx = context(notice_applies=True, now=now)
    people = list(participants.filter(status=Participant.Status.ACTIVE).select_related("user", "school", "cohort"))
    if not people:
        return []
    facts = people_facts(people)
    blocks = {(p.cohort_id, p.participant_type) for p in people}
    events = list(
        TrainingEvent.objects.filter(
            required_q(), cohort_id__in={b[0] for b in blocks}, audience__in={b[1] for b in blocks}
        ).select_related("cohort")
    )
    sessions_by_event: dict[int, list[rules.SessionFacts]] = defaultdict(list)
    for facts_row in _facts_of(Session.objects.filter(event__in=events).order_by("starts_at", "pk")):
        sessions_by_event[facts_row.event_id].append(facts_row)
    earliest_with_notice = _earliest_with_notice(ctx)
    found = []
    for participant in people:
        person = facts[participant.pk]
        mine = [
            e
            for e in events
            if (e.cohort_id, e.audience) == (participant.cohort_id, participant.participant_type)
            and sessions_by_event.get(e.pk)
        ]
        for event in sorted(mine, key=lambda e: (e.programme_year, e.order)):
            code = rules.gap(person, sessions_by_event[event.pk], ctx)
            if code is None:
                continue
            earliest, latest = rules.fitting_window(
                person,
                event_id=event.pk,
                position=(event.programme_year, event.order),
                cohort_start_year=event.cohort.start_year,
                programme_year=event.programme_year,
                earliest_with_notice=earliest_with_notice,
            )
            found.append(WithoutDate(participant, event, rules.Gap(code, earliest, latest)))
    return found


def _earliest_with_notice(ctx: rules.Context) -> datetime.date | None:
    # The first day at least the hub's notice away, walking the calendar ctx counts with (at most a year).
    day = ctx.today
    for _ in range(400):
        day += datetime.timedelta(days=1)
        if ctx.school_days_between(ctx.today, day) >= ctx.minimum_notice:
            return day
    return None


@dataclass(frozen=True)
class NewDatesCheck:
    """How many people still needing an event could take at least one of some proposed new dates."""

    needing: int  # active people of the event's programme with no date for it
    able: int  # of them, those the rules would allow at least one new date (capacity aside)
    out_of_order: int  # of the others, those refused every new date by event order
    example: str  # one such refusal, in the rules' words

    @property
    def unusable_by_order(self) -> bool:
        """Event order alone leaves the new dates to nobody who needs them: worth a warning."""
        return self.needing > 0 and self.able == 0 and self.out_of_order > 0


def check_new_dates(event: TrainingEvent, starts: list[datetime.datetime]) -> NewDatesCheck:
    """Judge sessions of `event` not yet added (starting at `starts`) for everyone who still needs the
    event, as the scheduler would (notice counted). Five queries, whatever the number of people."""
    ctx = context(notice_applies=True)
    people = list(
        Participant.objects.filter(
            status=Participant.Status.ACTIVE, cohort_id=event.cohort_id, participant_type=event.audience
        )
        .exclude(assignments__event=event, assignments__status=Assignment.Status.ASSIGNED)
        .select_related("user", "cohort")
    )
    facts = people_facts(people)
    proposed = [_proposed(event, moment) for moment in starts]
    able = by_order = 0
    example = ""
    for participant in people:
        verdicts = [rules.refusals(facts[participant.pk], session, ctx) for session in proposed]
        if any(not found for found in verdicts):
            able += 1
        elif all(any(r.code == rules.OUT_OF_ORDER for r in found) for found in verdicts):
            by_order += 1
            example = example or next(r.message for r in verdicts[0] if r.code == rules.OUT_OF_ORDER)
    return NewDatesCheck(needing=len(people), able=able, out_of_order=by_order, example=example)


def _proposed(event: TrainingEvent, starts_at: datetime.datetime) -> rules.SessionFacts:
    # A session not yet saved, as the rules would see it: open, empty.
    return rules.SessionFacts(
        id=0,
        event_id=event.pk,
        title=event.title,
        cohort_id=event.cohort_id,
        cohort_start_year=event.cohort.start_year,
        audience=event.audience,
        programme_year=event.programme_year,
        order=event.order,
        day=local_day(starts_at),
        starts_at=starts_at,
        cancelled=False,
        capacity=1,
        taken=0,
    )
