"""The places service: each write keeps a history, frees seats it says it freed, and leaves the past alone."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from ecfhub.audit.models import AuditEntry
from ecfhub.events.models import Session
from ecfhub.events.services import cancel_session
from ecfhub.lib.errors import DomainError
from ecfhub.notifications.models import OutboundMessage
from ecfhub.notifications.testing import send_held
from ecfhub.onboarding.services import change_status
from ecfhub.people.models import Participant
from ecfhub.scheduling import eligibility
from ecfhub.scheduling.models import Assignment, PlaceChange
from ecfhub.scheduling.services import places
from ecfhub.scheduling.tests.conftest import make_session

pytestmark = pytest.mark.django_db

EARLY = datetime.datetime(2025, 9, 3, 9, 0)  # more than 30 school days before every session
NOVEMBER_5 = datetime.datetime(2025, 11, 5, 17, 30)  # after both November sessions
# place_many: its savepoint, the locks, seats and capacity, the rules' facts (people, their dates,
# sessions), one insert of places and one of their history per 2,000.
NUM_QUERIES_PLACE_MANY = 13


@pytest.fixture
def heard() -> list[places.Freed]:
    """Every Freed the service announces during the test, as the waiting list would hear it."""
    calls: list[places.Freed] = []

    def listener(freed: places.Freed, actor: object) -> None:
        calls.append(freed)

    places.on_seats_freed(listener)
    yield calls
    places._listeners.remove(listener)


def put(participant, session, actor, **kwargs) -> places.Placed:  # type: ignore[no-untyped-def]
    return places.place(participant=participant, session=session, actor=actor, source="manual", **kwargs)


@time_machine.travel(EARLY, tick=False)
def test_a_first_date_is_written_with_its_history_audit_and_email(sessions, ect, hub_admin) -> None:
    placed = put(ect, sessions["1a"], hub_admin, reason="Joined late")
    assert placed.previous is None and not placed.freed
    (change,) = PlaceChange.objects.all()
    assert (change.kind, change.from_session, change.to_session) == ("placed", None, sessions["1a"])
    assert change.actor == hub_admin and change.reason == "Joined late" and change.assignment == placed.assignment
    assert AuditEntry.objects.filter(action="assignment.placed").count() == 1
    send_held()
    assert OutboundMessage.objects.filter(kind="new_dates", to="erin@riverside.test").count() == 1


@time_machine.travel(EARLY, tick=False)
def test_a_move_frees_the_old_seat_and_says_so(sessions, ect, hub_admin, heard) -> None:
    first = put(ect, sessions["1a"], hub_admin).assignment
    moved = places.move(
        participant=ect, session=sessions["1b"], actor=ect.user, source="request", reason="Parents' evening"
    )
    assert moved.freed.seats == {sessions["1a"].pk: 1} and moved.freed.session_ids == [sessions["1a"].pk]
    assert heard == [moved.freed]
    first.refresh_from_db()
    assert first.status == "moved" and first.replaced_by == moved.assignment
    change = PlaceChange.objects.get(kind="moved")
    assert (change.from_session, change.to_session, change.reason) == (
        sessions["1a"],
        sessions["1b"],
        "Parents' evening",
    )
    assert change.actor == ect.user


@time_machine.travel(datetime.datetime(2025, 10, 21, 9, 0), tick=False)
def test_a_move_the_person_asked_for_needs_no_notice_but_the_hubs_does(sessions, ect, hub_admin) -> None:
    with time_machine.travel(EARLY, tick=False):
        put(ect, sessions["1a"], hub_admin)
    with pytest.raises(DomainError) as refused:
        places.move(participant=ect, session=sessions["1b"], actor=hub_admin, source="manual")
    assert refused.value.code == "short_notice"
    moved = places.move(participant=ect, session=sessions["1b"], actor=ect.user, source="request", notice_applies=False)
    assert moved.assignment.notice_waived is False


def test_nobody_is_moved_off_a_session_that_has_started(sessions, ect, hub_admin) -> None:
    with time_machine.travel(EARLY, tick=False):
        put(ect, sessions["1a"], hub_admin)
        later = make_session(sessions["1a"].event, datetime.date(2025, 11, 25))
    with time_machine.travel(sessions["1a"].starts_at, tick=False), pytest.raises(DomainError) as refused:
        places.move(
            participant=ect, session=later, actor=hub_admin, source="manual", waive_notice=True, waiver_reason="x"
        )
    assert refused.value.code == "place_fixed"
    assert Assignment.objects.get(participant=ect).status == "assigned"
    assert PlaceChange.objects.filter(kind="moved").count() == 0


@time_machine.travel(NOVEMBER_5, tick=False)
def test_nobody_is_placed_on_a_session_that_has_started(sessions, ect, hub_admin) -> None:
    with pytest.raises(DomainError) as refused:
        put(ect, sessions["1a"], hub_admin, waive_notice=True, waiver_reason="Catching up")
    assert refused.value.code == "session_closed"


def test_releasing_from_a_past_day_keeps_the_dates_already_held(sessions, ect, hub_admin, heard) -> None:
    with time_machine.travel(EARLY, tick=False):
        held = put(ect, sessions["1a"], hub_admin).assignment
        ahead = put(ect, sessions["2a"], hub_admin).assignment
    with time_machine.travel(NOVEMBER_5, tick=False):
        freed = places.release(participant=ect, on=datetime.date(2025, 10, 1), actor=hub_admin, reason="Left")
    held.refresh_from_db()
    ahead.refresh_from_db()
    assert held.status == "assigned" and ahead.status == "released"
    assert freed.seats == {sessions["2a"].pk: 1} and heard == [freed]
    change = PlaceChange.objects.get(kind="released")
    assert (change.from_session, change.to_session, change.reason) == (sessions["2a"], None, "Left")


def test_a_leaver_keeps_their_history_and_frees_their_future_seats(sessions, ect, hub_admin, heard) -> None:
    with time_machine.travel(EARLY, tick=False):
        put(ect, sessions["1a"], hub_admin)
        put(ect, sessions["2a"], hub_admin)
    with time_machine.travel(NOVEMBER_5, tick=False):
        change_status(
            participant=ect, status=Participant.Status.WITHDRAWN, on=datetime.date(2025, 11, 1), reason="moved-school",
            actor=hub_admin,
        )  # fmt: skip
    assert dict(Assignment.objects.values_list("session_id", "status")) == {
        sessions["1a"].pk: "assigned",
        sessions["2a"].pk: "released",
    }
    assert heard[-1].seats == {sessions["2a"].pk: 1}


@time_machine.travel(EARLY, tick=False)
def test_a_cancelled_session_ends_each_place_with_its_history_and_names_who_needs_a_date(
    sessions, ect, other_ect, hub_admin, heard
) -> None:
    put(ect, sessions["1a"], hub_admin)
    put(other_ect, sessions["1a"], hub_admin)
    cancel_session(session=sessions["1a"], reason="Snow", actor=hub_admin)
    changes = PlaceChange.objects.filter(kind="session_cancelled")
    assert {c.participant_id for c in changes} == {ect.pk, other_ect.pk}
    assert all(c.reason == "Session cancelled: Snow" and c.from_session == sessions["1a"] for c in changes)
    assert set(heard[-1].participant_ids) == {ect.pk, other_ect.pk} and heard[-1].seats == {}


@time_machine.travel(EARLY, tick=False)
def test_history_cannot_be_changed_or_deleted(sessions, ect, hub_admin) -> None:
    put(ect, sessions["1a"], hub_admin)
    change = PlaceChange.objects.get()
    change.reason = "rewritten"
    for attempt in (change.save, change.delete, PlaceChange.objects.all().delete):
        with pytest.raises(PermissionDenied):
            attempt()
    with pytest.raises(PermissionDenied):
        PlaceChange.objects.update(reason="rewritten")
    assert PlaceChange.objects.get().reason == ""


@time_machine.travel(EARLY, tick=False)
def test_the_options_for_an_event_cost_the_same_queries_however_many_sessions(
    sessions, ect, hub_admin, clinic_1, django_assert_num_queries
) -> None:
    put(ect, sessions["1a"], hub_admin)
    with django_assert_num_queries(6):
        few = eligibility.sessions_open_to(ect, clinic_1, asked_by_person=True)
    for day in (10, 11, 12, 13):
        make_session(clinic_1, datetime.date(2025, 11, day))
    with django_assert_num_queries(6):
        many = eligibility.sessions_open_to(ect, clinic_1, asked_by_person=True)
    assert [o.session for o in few] == [sessions["1b"]]  # not the one they hold
    assert len(many) == 5 and all(o.allowed and o.seats_left == 10 for o in many)


@time_machine.travel(EARLY, tick=False)
def test_the_options_show_each_refusal_and_a_full_session_offers_a_waiting_list(
    sessions, ect, other_ect, hub_admin, clinic_1
) -> None:
    ect.unavailable_weekdays = [2]  # Wednesdays
    ect.save()
    sessions["1a"].capacity = 1
    sessions["1a"].save()
    put(other_ect, sessions["1a"], hub_admin)
    (full, wednesday) = eligibility.sessions_open_to(ect, clinic_1, asked_by_person=True)
    assert full.only_full and full.seats_left == 0
    assert [r.code for r in wednesday.refusals] == ["not_working_day"] and not wednesday.only_full


@time_machine.travel(EARLY, tick=False)
def test_many_places_at_once_are_judged_by_the_same_rules(
    sessions, ect, other_ect, hub_admin, clinic_1, clinic_2
) -> None:
    ect.unavailable_weekdays = [1]  # Tuesdays
    ect.save()
    day_off = places.NewPlace(participant_id=ect.pk, event_id=clinic_1.pk, session_id=sessions["1a"].pk)
    with pytest.raises(DomainError) as refused:
        places.place_many(placements=[day_off], actor=None, notified_at=None, as_of=EARLY.date())
    assert refused.value.code == "plan_breaks_rules" and "does not work on Tuesdays" in refused.value.message
    # Two new dates for one person are judged together: the first clinic after the second is out of order.
    late_clinic_1 = make_session(clinic_1, datetime.date(2026, 1, 20))
    backwards = [
        places.NewPlace(participant_id=other_ect.pk, event_id=clinic_2.pk, session_id=sessions["2a"].pk),
        places.NewPlace(participant_id=other_ect.pk, event_id=clinic_1.pk, session_id=late_clinic_1.pk),
    ]
    with pytest.raises(DomainError) as refused:
        places.place_many(placements=backwards, actor=None, notified_at=None, as_of=EARLY.date())
    assert refused.value.code == "plan_breaks_rules" and "out of order" in refused.value.message
    created = places.place_many(placements=backwards[:1], actor=None, notified_at=None, as_of=EARLY.date())
    assert len(created) == 1 and PlaceChange.objects.filter(kind="placed").count() == 1
    assert not Assignment.objects.filter(participant=ect).exists()


def _ects(school, cohort, n: int, first: int = 0) -> list[Participant]:  # type: ignore[no-untyped-def]
    from ecfhub.conftest import make_participant

    return [
        make_participant(
            email=f"bulk{i}@riverside.test",
            name=f"Bulk Ect {i}",
            school=school,
            cohort=cohort,
            kind="ect",
            trn=f"77{i:05d}",
        )
        for i in range(first, first + n)
    ]


def _written(participant_ids: list[int]) -> list[tuple[object, ...]]:
    """What a place leaves behind, without ids, times or who: the place and its history row."""
    return sorted(
        (a.participant_id, a.event_id, a.session_id, a.status, c.kind, c.from_session_id, c.to_session_id)
        for a in Assignment.objects.filter(participant_id__in=participant_ids)
        for c in PlaceChange.objects.filter(assignment=a)
    )


@time_machine.travel(EARLY, tick=False)
def test_many_places_at_once_write_what_placing_each_alone_writes(sessions, school, cohort, hub_admin) -> None:
    one_by_one, at_once = _ects(school, cohort, 3), _ects(school, cohort, 3, first=3)
    for person in one_by_one:
        put(person, sessions["1b"], hub_admin, notify=False)
        put(person, sessions["2b"], hub_admin, notify=False)
    places.place_many(
        placements=[
            places.NewPlace(participant_id=p.pk, event_id=s.event_id, session_id=s.pk)
            for p in at_once
            for s in (sessions["1b"], sessions["2b"])
        ],
        actor=hub_admin,
        notified_at=None,
        as_of=EARLY.date(),
    )
    renumber = {b.pk: a.pk for a, b in zip(one_by_one, at_once, strict=True)}
    assert [(renumber[row[0]], *row[1:]) for row in _written([p.pk for p in at_once])] == _written(
        [p.pk for p in one_by_one]
    )
    assert PlaceChange.objects.filter(assignment__participant__in=at_once, actor=hub_admin).count() == 6


@time_machine.travel(EARLY, tick=False)
def test_many_places_at_once_cost_the_same_queries_for_2_or_40_people(
    sessions, school, cohort, django_assert_num_queries
) -> None:
    people = _ects(school, cohort, 43)
    # Room for everyone: capacity is not what this test is about.
    Session.objects.filter(pk__in=[s.pk for s in sessions.values()]).update(capacity=100)

    def placements(batch: list[Participant]) -> list[places.NewPlace]:
        return [
            places.NewPlace(participant_id=p.pk, event_id=s.event_id, session_id=s.pk)
            for p in batch
            for s in (sessions["1b"], sessions["2b"])
        ]

    # The first call reads the hub's settings and calendar, which are then cached.
    places.place_many(placements=placements(people[:1]), actor=None, notified_at=None, as_of=EARLY.date())
    for batch in (people[1:3], people[3:]):
        with django_assert_num_queries(NUM_QUERIES_PLACE_MANY):
            places.place_many(placements=placements(batch), actor=None, notified_at=None, as_of=EARLY.date())
    assert Assignment.objects.count() == 86 and PlaceChange.objects.count() == 86


@time_machine.travel(EARLY, tick=False)
def test_many_places_at_once_never_overbook_a_session(sessions, school, cohort) -> None:
    people = _ects(school, cohort, 11)  # the sessions seat 10
    with pytest.raises(DomainError) as refused:
        places.place_many(
            placements=[
                places.NewPlace(participant_id=p.pk, event_id=sessions["1b"].event_id, session_id=sessions["1b"].pk)
                for p in people
            ],
            actor=None,
            notified_at=None,
            as_of=EARLY.date(),
        )
    assert refused.value.code == "overbooked"
    assert not Assignment.objects.exists() and not PlaceChange.objects.exists()


@time_machine.travel(EARLY, tick=False)
def test_each_session_keeps_its_seats_taken_through_placing_moving_releasing_and_cancelling(
    sessions, ect, other_ect, hub_admin
) -> None:
    def kept_and_counted() -> tuple[dict[int, int], dict[int, int]]:
        kept = dict(Session.objects.values_list("pk", "seats_taken"))
        counted = dict.fromkeys(kept, 0)
        for session_id in Assignment.objects.filter(status="assigned").values_list("session_id", flat=True):
            counted[session_id] += 1
        return kept, counted

    put(ect, sessions["1a"], hub_admin)
    put(other_ect, sessions["1a"], hub_admin)
    put(ect, sessions["2a"], hub_admin)
    places.move(participant=ect, session=sessions["1b"], actor=ect.user, source="request", reason="Parents' evening")
    kept, counted = kept_and_counted()
    assert kept == counted and (kept[sessions["1a"].pk], kept[sessions["1b"].pk], kept[sessions["2a"].pk]) == (1, 1, 1)
    cancel_session(session=sessions["1a"], actor=hub_admin, reason="Facilitator ill")
    places.release(participant=ect, actor=hub_admin, reason="Left the school")
    kept, counted = kept_and_counted()
    assert kept == counted == dict.fromkeys(kept, 0)
