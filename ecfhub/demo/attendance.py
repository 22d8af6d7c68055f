"""Registers for the sessions already held: mostly present, some late, left early or absent.

Taken through the register service as on the day each session ended (so every register was open
when it was taken), by the session's facilitator or else the hub admin. A few people miss more
than others, so the dashboards show someone at risk or behind; one of those who missed a session
has already chosen a catch-up date, the others still have to."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from ecfhub.attendance.services import take_register
from ecfhub.demo.context import DemoContext
from ecfhub.events.models import Session
from ecfhub.lib.errors import DomainError
from ecfhub.people.models import User
from ecfhub.scheduling import eligibility
from ecfhub.scheduling.models import Assignment
from ecfhub.scheduling.services import places as place_service


def seed(ctx: DemoContext) -> None:
    admin = User.objects.filter(is_hub_admin=True).order_by("pk").first()
    if admin is None:
        return
    today_start = timezone.make_aware(datetime.datetime.combine(ctx.today, datetime.time.min))
    held = list(
        Session.objects.scheduled()
        .filter(ends_at__lt=today_start)
        .prefetch_related("facilitators")
        .order_by("starts_at", "pk")
    )
    places: dict[int, list[tuple[int, int]]] = {}
    for session_id, place_id, participant_id in (
        Assignment.objects.filter(session__in=held, status=Assignment.Status.ASSIGNED)
        .order_by("session_id", "pk")
        .values_list("session_id", "pk", "participant_id")
    ):
        places.setdefault(session_id, []).append((place_id, participant_id))
    # One person in twenty-five misses often: they are the ones at risk or behind.
    participant_ids = sorted({pid for rows in places.values() for _, pid in rows})
    often_away = (
        set(ctx.rng.sample(participant_ids, k=max(1, len(participant_ids) // 25))) if participant_ids else set()
    )
    # Someone missed the latest held session of an event that still has dates ahead, so the demo
    # always has a person who can choose a catch-up (whatever the random marks elsewhere).
    ahead = set(
        Session.objects.scheduled()
        .filter(starts_at__gt=max(today_start, timezone.now()) + datetime.timedelta(days=2))
        .values_list("event_id", flat=True)
    )
    catchable = [s for s in held if s.event_id in ahead and places.get(s.pk)]
    missed_lately = catchable[-1].pk if catchable else None
    marked = 0
    for session in held:
        rows = places.get(session.pk, [])
        if not rows:
            continue
        marks = {}
        for place_id, participant_id in rows:
            roll = ctx.rng.random()
            if participant_id in often_away:
                marks[place_id] = "absent" if roll < 0.6 else "present"
            else:
                marks[place_id] = (
                    "present" if roll < 0.84 else "late" if roll < 0.92 else "left_early" if roll < 0.96 else "absent"
                )
        if session.pk == missed_lately and "absent" not in marks.values():
            marks[rows[-1][0]] = "absent"
        facilitators = list(session.facilitators.all())
        actor = facilitators[0] if facilitators else admin
        marked += take_register(session=session, marks=marks, actor=actor, now=session.ends_at)
    ctx.log(f"Registers: {marked} marks on {sum(1 for s in held if places.get(s.pk))} sessions already held")
    _one_catch_up(today_start, ctx)


def _one_catch_up(today_start: datetime.datetime, ctx: DemoContext) -> None:
    # The first person marked absent who can take a later session of the same event chooses one
    # themselves, as they would on the catch-up page (the places service judges it, as of now).
    missed = (
        Assignment.objects.filter(
            status=Assignment.Status.ASSIGNED, attendance__mark="absent", session__ends_at__lt=today_start
        )
        .select_related("participant__user", "event")
        .order_by("pk")
    )
    for place in missed[:40]:
        options = eligibility.sessions_open_to(place.participant, place.event, asked_by_person=True, catching_up=True)
        for option in [o for o in options if o.allowed][:1]:
            try:
                with transaction.atomic():  # a savepoint: a refusal leaves nothing behind
                    place_service.catch_up(
                        missed=place, session=option.session, actor=place.participant.user, notify=False
                    )
            except DomainError:
                continue
            ctx.log(f"Catch-up: {place.participant.user.full_name} chose {option.session} after missing {place.event}")
            return
