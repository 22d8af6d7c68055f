"""Optional dates: a mentor already trained is never given dates, but may choose one when the hub allows it.

Mentor training is once in a career (since 2025): the requirement rows ask nothing of a mentor already
trained, so the scheduler and registration never place them. With the hub's setting *mentors already
trained may book sessions themselves* on (off by default), such a mentor may take a seat on a session of
their cohort's mentor events. The place is written by the places service, judged by the same rules as a
date the person chooses themselves (`scheduling.rules`, no notice needed as for a move they ask for), and
later changed through the usual date-change pages, or given up (`give_up_optional_date`)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from ecfhub.events.models import Session
from ecfhub.hub.settings import current_hub_settings
from ecfhub.lib.errors import DomainError
from ecfhub.people.models import Participant
from ecfhub.programme.requirements import requirement_for
from ecfhub.scheduling.models import Assignment
from ecfhub.scheduling.services import places


def may_book_optional(participant: Participant) -> bool:
    """Is this an active participation whose requirement asks for no dates, in a hub that lets them book?
    (Two queries at most: the hub's settings are read once per request.)"""
    if not current_hub_settings().trained_mentors_may_book or participant.status != Participant.Status.ACTIVE:
        return False
    requirement = requirement_for(participant)
    return requirement is not None and not requirement.requires_dates


@transaction.atomic
def book_optional_date(*, participant: Participant, session: Session, actor: Any) -> Assignment:
    """Give a mentor already trained (anyone whose requirement asks for no dates) the date they chose.

    Guarantees: the hub allows it and their requirement asks for no dates (`booking_not_offered`: everyone
    else is given dates by the scheduler and changes them through a date change); they hold no date for
    the event yet (`already_booked`); then `places.place` as a date the person chose (every place rule but
    notice, the session row locked so a seat is never given twice, one PlaceChange, one audit entry, one
    e-mail with the date)."""
    fresh = Participant.objects.select_related("user", "cohort").get(pk=participant.pk)
    if not may_book_optional(fresh):
        raise DomainError(
            "booking_not_offered", "Your dates are given by the hub, with notice. You cannot book one yourself."
        )
    if Assignment.objects.filter(
        participant=fresh, event_id=session.event_id, status=Assignment.Status.ASSIGNED
    ).exists():
        raise DomainError("already_booked", "You already have a date for this event. Change it from My events.")
    return places.place(
        participant=fresh,
        session=session,
        actor=actor,
        source=Assignment.Source.REQUEST,
        reason="Booked an optional date",
        notice_applies=False,
    ).assignment


@transaction.atomic
def give_up_optional_date(*, participant: Participant, place_id: int, actor: Any) -> places.Freed:
    """A mentor already trained gives up an optional date they booked, so the seat goes to someone else.

    Guarantees: only while the hub lets them book and their requirement asks for no dates
    (`booking_not_offered`: a required date is changed, not dropped); only their own place on a
    session that has not started (`not_found` otherwise, saying nothing of anyone else's); then
    `places.release` for that event (the place ends as released with a PlaceChange, one audit entry,
    the seat reopens at once and the waiting list is served)."""
    fresh = Participant.objects.select_related("user", "cohort").get(pk=participant.pk)
    if not may_book_optional(fresh):
        raise DomainError("booking_not_offered", "Your dates are given by the hub. Ask the hub to change one.")
    place = Assignment.objects.filter(
        pk=place_id, participant=fresh, status=Assignment.Status.ASSIGNED, session__starts_at__gt=timezone.now()
    ).first()
    if place is None:
        raise DomainError("not_found", "That date is not one of yours still to come.")
    return places.release(participant=fresh, actor=actor, reason="Gave up an optional date", event_id=place.event_id)
