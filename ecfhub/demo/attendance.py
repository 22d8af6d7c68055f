"""Registers for the sessions already held: mostly present, some late, left early or absent.

Taken through the register service as on the day each session ended (so every register was open
when it was taken), by the session's facilitator or else the hub admin. A few people miss more
than others, so the dashboards show someone at risk or behind."""

from __future__ import annotations

import datetime

from django.utils import timezone

from ecfhub.attendance.services import take_register
from ecfhub.demo.context import DemoContext
from ecfhub.events.models import Session
from ecfhub.people.models import User
from ecfhub.scheduling.models import Assignment


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
    for session_id, place_id, participant_id in Assignment.objects.filter(
        session__in=held, status=Assignment.Status.ASSIGNED
    ).values_list("session_id", "pk", "participant_id"):
        places.setdefault(session_id, []).append((place_id, participant_id))
    # One person in twenty-five misses often: they are the ones at risk or behind.
    participant_ids = sorted({pid for rows in places.values() for _, pid in rows})
    often_away = (
        set(ctx.rng.sample(participant_ids, k=max(1, len(participant_ids) // 25))) if participant_ids else set()
    )
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
        facilitators = list(session.facilitators.all())
        actor = facilitators[0] if facilitators else admin
        marked += take_register(session=session, marks=marks, actor=actor, now=session.ends_at)
    ctx.log(f"Registers: {marked} marks on {sum(1 for s in held if places.get(s.pk))} sessions already held")
