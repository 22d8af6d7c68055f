"""Fifty people ask at once for a session with five seats: five move, the rest queue in arrival order.

PostgreSQL only (SQLite's test database refuses a second writer rather than making it wait). The
control run switches the session lock off and shows that the same checks catch what goes wrong."""

from __future__ import annotations

import datetime
import threading
import time

import pytest
import time_machine
from django.db import OperationalError, connection, connections

from ecfhub.conftest import make_participant
from ecfhub.lib.errors import DomainError
from ecfhub.people.models import Participant
from ecfhub.scheduling.models import Assignment, ChangeRequest, WaitingListEntry
from ecfhub.scheduling.services import places, waiting
from ecfhub.scheduling.services.requests import ask_for_date

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's row locks"),
]

PEOPLE = 50
SEATS = 5


def fifty_ask_at_once(sessions, school, cohort) -> tuple[list, list[str]]:  # type: ignore[no-untyped-def]
    wanted, current = sessions["1b"], sessions["1a"]
    wanted.capacity, current.capacity = SEATS, PEOPLE
    wanted.save()
    current.save()
    people = [
        make_participant(
            email=f"p{n}@riverside.test",
            name=f"Person {n}",
            school=school,
            cohort=cohort,
            kind="ect",
            trn=f"{3000000 + n}",
        )
        for n in range(PEOPLE)
    ]
    Assignment.objects.bulk_create(Assignment(participant=p, event=current.event, session=current) for p in people)
    barrier = threading.Barrier(PEOPLE)
    outcomes: list[str] = []

    def ask(person) -> None:  # type: ignore[no-untyped-def]
        try:
            barrier.wait()
            outcomes.append(
                ask_for_date(
                    participant=person, to_session=wanted, reason="school", details="", actor=person.user
                ).status
            )
        except DomainError as error:
            outcomes.append(error.code)
        except OperationalError as error:
            outcomes.append(f"database: {error}")
        finally:
            connections.close_all()

    with time_machine.travel(datetime.datetime(2025, 9, 3, 9, 0), tick=True):
        threads = [threading.Thread(target=ask, args=(person,)) for person in people]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    return people, outcomes


def problems(sessions, people, outcomes) -> list[str]:  # type: ignore[no-untyped-def]
    """Everything that should hold after the race, as a list of what does not."""
    wanted, current = sessions["1b"], sessions["1a"]
    found = []
    requests = list(ChangeRequest.objects.filter(to_session=wanted).order_by("pk"))  # the order they arrived
    if len(requests) != PEOPLE:
        found.append(f"{PEOPLE - len(requests)} requests lost: {sorted(set(outcomes))}")
    booked = Assignment.objects.filter(session=wanted, status="assigned").count()
    if booked != SEATS:
        found.append(f"{booked} people on a session with {SEATS} seats")
    moved = [r.pk for r in requests if r.status == ChangeRequest.Status.DONE]
    if moved != [r.pk for r in requests[:SEATS]]:
        found.append("the people moved are not the first five to arrive")
    queue = list(
        WaitingListEntry.objects.filter(session=wanted, left_at__isnull=True)
        .order_by("pk")
        .values_list("request_id", flat=True)
    )
    if queue != [r.pk for r in requests[SEATS:]]:
        found.append("the waiting list is not in arrival order")
    if Assignment.objects.filter(session=current, status="assigned").count() != PEOPLE - booked:
        found.append("the counts of the two sessions do not add up")
    active = Assignment.objects.filter(participant__in=people, status="assigned")
    if active.count() != PEOPLE or active.values("participant").distinct().count() != PEOPLE:
        found.append("someone has no date, or two")
    return found


def test_fifty_people_asking_at_once_for_five_seats(sessions, school, cohort) -> None:
    people, outcomes = fifty_ask_at_once(sessions, school, cohort)
    assert problems(sessions, people, outcomes) == []
    assert sorted(outcomes) == ["done"] * SEATS + ["waiting"] * (PEOPLE - SEATS)


def test_the_checks_catch_the_race_when_the_lock_is_switched_off(sessions, school, cohort, monkeypatch) -> None:
    monkeypatch.setattr(waiting, "LOCK_SESSIONS", False)
    counted = waiting.seats_left

    def slow_count(session):  # type: ignore[no-untyped-def]
        # Widen the gap between counting the seats and taking one, as a loaded server would.
        seats = counted(session)
        time.sleep(0.05)
        return seats

    monkeypatch.setattr(waiting, "seats_left", slow_count)
    people, outcomes = fifty_ask_at_once(sessions, school, cohort)
    found = problems(sessions, people, outcomes)
    print("Without the lock:", found)  # shown with -rP: which checks caught it
    assert found != []


def ask_once(person, session, barrier: threading.Barrier, outcomes: list[str]) -> None:  # type: ignore[no-untyped-def]
    try:
        barrier.wait()
        outcomes.append(
            ask_for_date(participant=person, to_session=session, reason="school", details="", actor=person.user).status
        )
    except (DomainError, OperationalError) as error:
        outcomes.append(f"{type(error).__name__}: {error}")
    finally:
        connections.close_all()


def test_two_people_swapping_dates_at_once_both_move_without_a_deadlock(sessions, school, cohort) -> None:
    # Each asks for the other's session at the same moment. Every writer takes its locks in one
    # order (the participation, then sessions by id), so one waits for the other; before, each held
    # the session it wanted and waited for the one it held, and PostgreSQL killed one as a deadlock.
    one, two = sessions["1a"], sessions["1b"]
    failures: list[str] = []
    for round_ in range(6):
        a = make_participant(
            email=f"a{round_}@riverside.test",
            name=f"A {round_}",
            school=school,
            cohort=cohort,
            kind="ect",
            trn=f"{4000000 + round_}",
        )
        b = make_participant(
            email=f"b{round_}@riverside.test",
            name=f"B {round_}",
            school=school,
            cohort=cohort,
            kind="ect",
            trn=f"{4100000 + round_}",
        )
        Assignment.objects.create(participant=a, event=one.event, session=one)
        Assignment.objects.create(participant=b, event=two.event, session=two)
        barrier = threading.Barrier(2)
        outcomes: list[str] = []

        with time_machine.travel(datetime.datetime(2025, 9, 3, 9, 0), tick=True):
            threads = [
                threading.Thread(target=ask_once, args=(a, two, barrier, outcomes)),
                threading.Thread(target=ask_once, args=(b, one, barrier, outcomes)),
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        failures += [o for o in outcomes if o != "done"]
        assert Assignment.objects.get(participant=a, status="assigned").session == (two if "done" in outcomes else one)
    assert failures == []


def test_a_seat_freed_while_the_first_in_the_queue_is_busy_waits_for_the_sweep(sessions, school, cohort) -> None:
    # Promotion runs inside the transaction that freed the seat, holding that session. If the person
    # first in the queue is being changed by someone else at that moment, waiting for them could
    # deadlock; the seat is left (not given to the second in the queue) and the sweep serves it.
    wanted, current = sessions["1b"], sessions["1a"]
    wanted.capacity = 1
    wanted.save()
    holder = make_participant(
        email="holder@riverside.test", name="Holder", school=school, cohort=cohort, kind="ect", trn="4200000"
    )
    first = make_participant(
        email="first@riverside.test", name="First", school=school, cohort=cohort, kind="ect", trn="4200001"
    )
    second = make_participant(
        email="second@riverside.test", name="Second", school=school, cohort=cohort, kind="ect", trn="4200002"
    )
    Assignment.objects.create(participant=holder, event=wanted.event, session=wanted)
    for person in (first, second):
        Assignment.objects.create(participant=person, event=current.event, session=current)
    locked, release_lock = threading.Event(), threading.Event()

    def busy_with_first() -> None:
        from django.db import transaction

        with transaction.atomic():
            Participant.objects.select_for_update().get(pk=first.pk)
            locked.set()
            release_lock.wait(timeout=30)
        connections.close_all()

    with time_machine.travel(datetime.datetime(2025, 9, 3, 9, 0), tick=True):
        for person in (first, second):
            assert (
                ask_for_date(
                    participant=person, to_session=wanted, reason="school", details="", actor=person.user
                ).status
                == "waiting"
            )
        thread = threading.Thread(target=busy_with_first)
        thread.start()
        assert locked.wait(timeout=30)
        try:
            places.release(participant=holder, actor=None, reason="Left the school", event_id=wanted.event_id)
        finally:
            release_lock.set()
            thread.join()
        assert not Assignment.objects.filter(session=wanted, status="assigned").exists()  # nobody jumped the queue
        assert waiting.promote_all_waiting() == 1
    assert Assignment.objects.get(session=wanted, status="assigned").participant == first
    assert WaitingListEntry.objects.get(participant=second, left_at__isnull=True)
