"""Two commits racing for the same places: one wins, the other is refused, nobody is overbooked."""

from __future__ import annotations

import datetime
import threading

import pytest
import time_machine
from django.db import OperationalError, connection, connections
from django.db.models import Count, Q

from ecfhub.attendance.tests.factories import set_mark
from ecfhub.conftest import make_participant
from ecfhub.events.models import Session
from ecfhub.hub.models import HubSettings
from ecfhub.lib.errors import DomainError
from ecfhub.scheduling.models import Assignment
from ecfhub.scheduling.services import commit_schedule, places, plan_schedule
from ecfhub.scheduling.tests.conftest import AS_OF


@pytest.mark.django_db(transaction=True)
def test_two_commits_racing_never_overbook(sessions, ect, other_ect, hub_admin) -> None:
    Session.objects.update(capacity=1)
    plans = [plan_schedule(as_of=AS_OF), plan_schedule(as_of=AS_OF)]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def commit(plan) -> None:  # type: ignore[no-untyped-def]
        try:
            barrier.wait()
            commit_schedule(plan=plan, actor=None, notify=False)
            outcomes.append("committed")
        except DomainError as error:
            outcomes.append(error.code)
        except OperationalError:
            # SQLite's shared in-memory test database refuses the second writer outright
            # instead of making it wait; either way it is refused.
            outcomes.append("locked")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=commit, args=(plan,)) for plan in plans]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert outcomes.count("committed") <= 1
    if connection.vendor == "postgresql":
        assert sorted(outcomes) == ["committed", "plan_stale"]
    over = Session.objects.annotate(n=Count("assignments", filter=Q(assignments__status="assigned"))).filter(n__gt=1)
    assert not over.exists()


@pytest.mark.django_db(transaction=True)
def test_two_admins_placing_people_on_the_last_seat_at_once_never_overbook(sessions, ect, other_ect, hub_admin) -> None:
    from ecfhub.scheduling.services import place_manually

    # As in a running hub. Without the row, the first thread creates it inside its transaction and
    # holds the second back on that insert, so the test would pass even without the session's lock.
    HubSettings.load()
    last_seat = sessions["1a"]
    Session.objects.filter(pk=last_seat.pk).update(capacity=1)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def place(person) -> None:  # type: ignore[no-untyped-def]
        try:
            barrier.wait()
            place_manually(
                participant=person, session=last_seat, actor=hub_admin, waive_notice=True, waiver_reason="Joined late"
            )
            outcomes.append("placed")
        except DomainError as error:
            outcomes.append(error.code)
        except OperationalError:
            outcomes.append("locked")  # SQLite: the second writer is refused outright
        finally:
            connections.close_all()

    with time_machine.travel(datetime.datetime(2025, 10, 1, 9, 0, tzinfo=datetime.UTC), tick=True):
        threads = [threading.Thread(target=place, args=(person,)) for person in (ect, other_ect)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    # PostgreSQL makes the second admin wait for the row lock, then tells them the session is full.
    # SQLite's shared in-memory test database refuses a second writer outright ("locked").
    if connection.vendor == "postgresql":
        assert sorted(outcomes) == ["placed", "session_full"]
    assert outcomes.count("placed") <= 1, outcomes
    assert last_seat.assignments.filter(status="assigned").count() == outcomes.count("placed")


@pytest.mark.django_db(transaction=True)
def test_people_catching_up_on_the_last_seat_at_once_never_overbook(sessions, school, cohort) -> None:
    HubSettings.load()  # as in a running hub: otherwise the first to create it holds everyone else back
    last_seat = sessions["1b"]
    Session.objects.filter(pk=last_seat.pk).update(capacity=1)
    missed = []
    for n in range(8):  # eight at once: two alone might rarely overlap, and the test would prove little
        person = make_participant(
            email=f"p{n}@riverside.test",
            name=f"Person {n}",
            school=school,
            cohort=cohort,
            kind="ect",
            trn=f"{4000000 + n}",
        )
        place = Assignment.objects.create(participant=person, event=last_seat.event, session=sessions["1a"])
        set_mark(place, "absent")
        missed.append(place)
    barrier = threading.Barrier(len(missed))
    outcomes: list[str] = []

    def catch_up(place) -> None:  # type: ignore[no-untyped-def]
        try:
            barrier.wait()
            places.catch_up(missed=place, session=last_seat, actor=None, notify=False)
            outcomes.append("caught up")
        except DomainError as error:
            outcomes.append(error.code)
        except OperationalError:
            outcomes.append("locked")  # SQLite: a second writer is refused outright
        finally:
            connections.close_all()

    with time_machine.travel(datetime.datetime(2025, 11, 4, 18, 0, tzinfo=datetime.UTC), tick=True):
        threads = [threading.Thread(target=catch_up, args=(place,)) for place in missed]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert outcomes.count("caught up") <= 1
    if connection.vendor == "postgresql":
        assert sorted(outcomes) == ["caught up"] + ["session_full"] * (len(missed) - 1)
    assert Assignment.objects.filter(session=last_seat, status="assigned").count() <= 1
    # Those refused keep their missed place as their active one, to choose again.
    assert Assignment.objects.filter(status="missed").count() == outcomes.count("caught up")
