"""Read-only look-ups for changing a date (the pages of other apps read them too): the sessions a person may ask for, their open requests.

The rules themselves are `scheduling.rules` (asked through `eligibility`); these only gather what the pages list."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from ecfhub.events.models import Session, TrainingEvent
from ecfhub.people.models import Participant
from ecfhub.scheduling import eligibility, rules
from ecfhub.scheduling.models import Assignment, ChangeRequest, WaitingListEntry


@dataclass(frozen=True)
class DateChoice:
    """Another session of the event, with its seats left and, when the rules refuse it, why."""

    session: Session
    seats_left: int
    refusal: str = ""

    @property
    def is_full(self) -> bool:
        return self.seats_left <= 0


def date_choices(
    participant: Participant, event: TrainingEvent, *, current: Session | None, catching_up: bool = False
) -> list[DateChoice]:
    """The event's scheduled sessions still to come other than `current` (and the one the person
    holds), nearest their school first (whole kilometres, straight line: `Session.distance_km`) and
    soonest first among equally near ones (online sessions, or venues not located, after the located
    ones), each with seats left and the first place rule other than a full session that keeps the
    person off it (`eligibility.sessions_open_to`: the rules, with no notice, as for a move the person
    asks for; for a catch-up, `rules.for_catch_up`). Seven queries, however many sessions."""
    choices = []
    for option in eligibility.sessions_open_to(participant, event, asked_by_person=True, catching_up=catching_up):
        if current is not None and option.session.pk == current.pk:
            continue
        refusal = next((r.message for r in option.refusals if r.code != rules.SESSION_FULL), "")
        choices.append(DateChoice(session=option.session, seats_left=option.seats_left, refusal=refusal))
    school = participant.school
    distance = {c.session.pk: c.session.distance_km(school) for c in choices}

    def nearest(choice: DateChoice) -> tuple[bool, int]:
        km = distance[choice.session.pk]
        return (km is None, 0 if km is None else round(km))

    return sorted(choices, key=nearest)  # stable: soonest first within each distance


def open_requests(participant_ids: list[int]) -> QuerySet[ChangeRequest]:
    """Pending and waiting requests of these people, with their sessions; one query."""
    return (
        ChangeRequest.objects.filter(
            participant_id__in=participant_ids,
            status__in=[ChangeRequest.Status.PENDING, ChangeRequest.Status.WAITING],
        )
        .select_related("event", "to_session", "from_session", "participant__user", "asked_by")
        .order_by("asked_at", "pk")
    )


SETTLED_SHOWN_FOR = datetime.timedelta(days=120)


def settled_requests(participant_ids: list[int], *, now: datetime.datetime) -> QuerySet[ChangeRequest]:
    """These people's requests the hub declined or closed in the last 120 days, newest first, with their
    sessions; one query. They stay on My events with the hub's reason, not only in an e-mail."""
    since = now - SETTLED_SHOWN_FOR
    return (
        ChangeRequest.objects.filter(
            participant_id__in=participant_ids,
            status__in=[ChangeRequest.Status.DECLINED, ChangeRequest.Status.CLOSED],
        )
        .filter(Q(decided_at__gte=since) | Q(decided_at__isnull=True, asked_at__gte=since))
        .select_related("event", "to_session", "from_session")
        .order_by("-asked_at", "-pk")
    )


def waiting_positions(requests: list[ChangeRequest]) -> dict[int, int]:
    """request id → place in its session's queue (1 is next), for the waiting ones; one query."""
    sessions = {r.to_session_id for r in requests if r.status == ChangeRequest.Status.WAITING}
    positions: dict[int, int] = {}
    counters: dict[int, int] = {}
    for entry in WaitingListEntry.objects.filter(session_id__in=sessions, left_at__isnull=True).order_by("pk"):
        counters[entry.session_id] = counters.get(entry.session_id, 0) + 1
        positions[entry.request_id] = counters[entry.session_id]
    return positions


def changeable_dates(participant: Participant, *, now: datetime.datetime) -> list[Assignment]:
    """The person's dates that have not started yet, soonest first, which they (or their tutor) may ask to change; one query."""
    return list(
        Assignment.objects.filter(
            participant=participant, status=Assignment.Status.ASSIGNED, session__starts_at__gt=now
        )
        .select_related("session__event")
        .order_by("session__starts_at", "pk")
    )


def catch_ups_to_choose(participant_ids: list[int], *, now: datetime.datetime) -> list[Assignment]:
    """These people's missed places still waiting for a catch-up, most recent first: their active
    place for the event, on a session that has started, marked absent on its register, with no
    catch-up date asked for and no self-study chosen; one query."""
    asked = ChangeRequest.objects.filter(
        participant_id=OuterRef("participant_id"),
        event_id=OuterRef("event_id"),
        reason=ChangeRequest.Reason.MISSED,
        status__in=[ChangeRequest.Status.PENDING, ChangeRequest.Status.WAITING],
    )
    return list(
        Assignment.objects.filter(
            participant_id__in=participant_ids,
            status=Assignment.Status.ASSIGNED,
            session__starts_at__lte=now,
            # The register's word, looked up through the place (attendance builds on scheduling).
            attendance__mark="absent",
            catch_up_study__isnull=True,
        )
        .exclude(Exists(asked))
        .select_related("session__event", "participant__user")
        .order_by("-session__starts_at", "pk")
    )


@dataclass(frozen=True)
class OptionalEvent:
    """One of a trained mentor's events with no date of theirs, and the sessions they could choose."""

    event: TrainingEvent
    choices: list[DateChoice]


def booked_optional(participant: Participant) -> list[Assignment]:
    """The dates still to come that a mentor already trained has booked, soonest first; one query."""
    return list(
        Assignment.objects.filter(
            participant=participant, status=Assignment.Status.ASSIGNED, session__starts_at__gt=timezone.now()
        )
        .select_related("session", "event")
        .order_by("session__starts_at")
    )


def optional_events(participant: Participant) -> list[OptionalEvent]:
    """Their programme's events they hold no date for, in programme order, each with its sessions still to come
    and the rules' verdict on each (`date_choices`). One query for the events, then six per event."""
    held = Assignment.objects.filter(participant=participant, status=Assignment.Status.ASSIGNED).values("event_id")
    events = (
        TrainingEvent.objects.filter(cohort_id=participant.cohort_id, audience=participant.participant_type)
        .exclude(pk__in=held)
        .order_by("programme_year", "order")
    )
    found = [OptionalEvent(event, date_choices(participant, event, current=None)) for event in events]
    return [item for item in found if item.choices]
