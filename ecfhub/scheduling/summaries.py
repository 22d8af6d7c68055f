"""Read-only figures about one participant's dates, for their own "My programme" page."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet

from ecfhub.events.models import TrainingEvent
from ecfhub.events.queries import required_q
from ecfhub.people.models import Participant
from ecfhub.programme.models import ProgrammeRequirement
from ecfhub.programme.requirements import requirement_for
from ecfhub.scheduling.models import Assignment, PlaceChange
from ecfhub.scheduling.solver import count_staff_out
from ecfhub.scheduling.staff_out import local_day, needs_cover


@dataclass(frozen=True)
class DatesSummary:
    """Where one participant stands: their next date and how many of their events have a date.

    These are dates given, not attendance: registers are taken at the sessions."""

    participant: Participant
    next_assignment: Assignment | None
    events_in_programme: int
    events_with_a_date: int
    requirement: ProgrammeRequirement | None

    @property
    def events_without_a_date(self) -> int:
        return max(self.events_in_programme - self.events_with_a_date, 0)

    @property
    def dates_optional(self) -> bool:
        """Their requirement asks for no dates (a mentor already trained): nothing is missing, sessions are optional."""
        return self.requirement is not None and not self.requirement.requires_dates


def dates_on_days_off(participant: Participant, *, now: datetime.datetime) -> list[Assignment]:
    """Their active dates still to come that fall on a weekday they do not work, soonest first."""
    days_off = set(participant.unavailable_weekdays or [])
    if not days_off:
        return []
    upcoming = (
        Assignment.objects.filter(
            participant=participant, status=Assignment.Status.ASSIGNED, session__starts_at__gt=now
        )
        .select_related("session__event")
        .order_by("session__starts_at")
    )
    return [a for a in upcoming if a.session.date.weekday() in days_off]


def events_planned(cohort_ids: list[int]) -> dict[tuple[int, str], int]:
    """How many training events each (cohort, audience) has so far, for the given cohorts. One query."""
    rows = (
        TrainingEvent.objects.filter(required_q(), cohort_id__in=set(cohort_ids))
        .values("cohort_id", "audience")
        .annotate(n=Count("id"))
    )
    return {(row["cohort_id"], row["audience"]): row["n"] for row in rows}


def dates_summary(participant: Participant, *, now: datetime.datetime) -> DatesSummary:
    """The participant's next date (still to finish, not cancelled) and the count of their programme's
    events that have an active date, past or future. Four queries, whatever the programme's size."""
    events = TrainingEvent.objects.filter(
        required_q(), cohort_id=participant.cohort_id, audience=participant.participant_type
    )
    active = Assignment.objects.filter(participant=participant, status=Assignment.Status.ASSIGNED)
    next_assignment = (
        active.filter(session__ends_at__gte=now).select_related("session__event").order_by("session__starts_at").first()
    )
    in_programme = events.count()
    with_a_date = active.filter(event__in=events).values("event").distinct().count()
    # The most specific row for their cohort, type, mentor training and schedule (programme.requirements).
    requirement = requirement_for(participant)
    return DatesSummary(
        participant=participant,
        next_assignment=next_assignment,
        events_in_programme=in_programme,
        events_with_a_date=with_a_date,
        requirement=requirement,
    )


@dataclass(frozen=True)
class MakeUp:
    """An event of the person's programme that ran before they could take it (they joined or resumed after
    its last session), and how such an event is usually made up."""

    event: TrainingEvent

    @property
    def how(self) -> str:
        if self.event.kind == TrainingEvent.Kind.CLINIC:
            return "usually by self-study on the same topic; the hub will tell you what to read"
        return "usually at a session of the next intake; the hub will offer you a date"


def to_make_up(participant: Participant, *, now: datetime.datetime) -> list[MakeUp]:
    """Their programme's events they hold no date for and can no longer be given one: every session has
    started or been cancelled (someone joining mid-year, or resuming after a break). Programme order.
    Nothing for a person whose requirement asks for no dates. Three queries."""
    requirement = requirement_for(participant)
    if requirement is not None and not requirement.requires_dates:
        return []
    held = Assignment.objects.filter(participant=participant, status=Assignment.Status.ASSIGNED).values("event_id")
    events = (
        TrainingEvent.objects.filter(
            required_q(), cohort_id=participant.cohort_id, audience=participant.participant_type
        )
        .exclude(pk__in=held)
        .annotate(
            sessions_n=Count("sessions"),
            ahead=Count("sessions", filter=Q(sessions__starts_at__gt=now, sessions__status="scheduled")),
        )
        .filter(sessions_n__gt=0, ahead=0)
        .order_by("programme_year", "order")
    )
    return [MakeUp(event) for event in events]


@dataclass(frozen=True)
class SchoolDay:
    """One day on which some of a school's staff have training: who, and how many need cover."""

    day: datetime.date
    assignments: list[Assignment]
    needing_cover: int


def school_training_days(school_id: int, *, now: datetime.datetime) -> list[SchoolDay]:
    """A school's staff's active dates still to come, grouped by day, soonest first. One query.

    A session that starts before the end of the school day takes the person out of class
    (counted by `staff_out`, as the scheduler counts staff out per school per day)."""
    upcoming = (
        Assignment.objects.filter(
            participant__school_id=school_id, status=Assignment.Status.ASSIGNED, session__ends_at__gte=now
        )
        .select_related("session__event", "participant__user")
        .order_by("session__starts_at", "participant__user__full_name")
    )
    days: dict[datetime.date, list[Assignment]] = {}
    for assignment in upcoming:
        days.setdefault(local_day(assignment.session.starts_at), []).append(assignment)
    out = count_staff_out(
        (school_id, day, needs_cover(a.session.starts_at)) for day, items in days.items() for a in items
    )
    return [SchoolDay(day, items, out[(school_id, day)]) for day, items in days.items()]


def with_dates_given(participants: QuerySet[Participant]) -> QuerySet[Participant]:
    """Annotate `dates`: how many of their own programme's events (cohort and type) each person has a date for.

    Counted in the same query, so a school's list costs one query however many people."""
    return participants.annotate(
        dates=Count(
            "assignments",
            filter=Q(
                assignments__status=Assignment.Status.ASSIGNED,
                assignments__event__cohort_id=F("cohort_id"),
                assignments__event__audience=F("participant_type"),
            ),
        )
    )


def booked_count(session_id: int) -> int:
    """How many people hold a place on the session now; one query."""
    return Assignment.objects.filter(session_id=session_id, status=Assignment.Status.ASSIGNED).count()


def people_booked(session_id: int, *, among: QuerySet[Participant]) -> list[Participant]:
    """The people holding a place on the session, of those in `among` (what the viewer may see:
    people.access), by school and name, with their account and school; one query."""
    places = (
        Assignment.objects.filter(session_id=session_id, status=Assignment.Status.ASSIGNED, participant__in=among)
        .select_related("participant__user", "participant__school")
        .order_by("participant__school__name", "participant__user__full_name")
    )
    return [place.participant for place in places]


@dataclass(frozen=True)
class MyPlaces:
    """A person's own dates for "My events": held now (upcoming, past) and cancelled ones still relevant."""

    upcoming: list[Assignment]
    past: list[Assignment]
    cancelled: list[Assignment]


def my_places(user_id: int, *, now: datetime.datetime) -> MyPlaces:
    """The person's places, with sessions and events; one query.

    A date lost to a cancelled session (or one moved to a day they cannot take) matters until the person has a new one for that event, and
    only while it is ahead."""
    places = list(
        Assignment.objects.filter(participant__user_id=user_id)
        .filter(
            status__in=[Assignment.Status.ASSIGNED, Assignment.Status.SESSION_CANCELLED, Assignment.Status.DISPLACED]
        )
        .select_related("session__event", "session__venue_place", "participant__school")
        .order_by("session__starts_at")
    )
    active = [a for a in places if a.is_active]
    active_events = {a.event_id for a in active}
    return MyPlaces(
        upcoming=[a for a in active if a.session.ends_at >= now],
        past=[a for a in active if a.session.ends_at < now][::-1],
        cancelled=[
            a
            for a in places
            if a.status in (Assignment.Status.SESSION_CANCELLED, Assignment.Status.DISPLACED)
            and a.event_id not in active_events
            and a.session.ends_at >= now
        ],
    )


def place_history(participant: Participant) -> list[PlaceChange]:
    """Every change to the participant's places, oldest first: who, when, from, to, why. One query."""
    return list(
        PlaceChange.objects.filter(participant=participant)
        .select_related("event", "from_session", "to_session", "actor")
        .order_by("at", "pk")
    )
