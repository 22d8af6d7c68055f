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
from ecfhub.scheduling.models import Assignment, ChangeRequest, WaitingListEntry
from ecfhub.scheduling.services import waiting
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
