"""Optional dates: a mentor already trained is never assigned, but may book a date when the hub allows it."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from ecfhub.audit.models import AuditEntry
from ecfhub.events.models import TrainingEvent
from ecfhub.hub.models import HubSettings
from ecfhub.lib.errors import DomainError
from ecfhub.notifications.models import OutboundMessage
from ecfhub.notifications.testing import send_held
from ecfhub.people.models import Participant
from ecfhub.scheduling.models import Assignment, PlaceChange
from ecfhub.scheduling.services import commit_schedule, plan_schedule
from ecfhub.scheduling.services.booking import book_optional_date
from ecfhub.scheduling.tests.conftest import AS_OF, make_session

pytestmark = pytest.mark.django_db
URL = "/events/optional-dates/"


@pytest.fixture
def mentor_sessions(cohort, calendar_2025):  # type: ignore[no-untyped-def]
    event = TrainingEvent.objects.create(
        cohort=cohort, kind="conference", audience="mentor", programme_year=1, order=1, title="Mentoring that works"
    )
    return {
        "a": make_session(event, datetime.date(2025, 11, 4), capacity=1),
        "b": make_session(event, datetime.date(2025, 11, 5)),
    }


@pytest.fixture
def trained(mentor):  # type: ignore[no-untyped-def]
    Participant.objects.filter(pk=mentor.pk).update(mentor_training="trained")
    mentor.refresh_from_db()
    return mentor


def allow(on: bool = True) -> None:
    HubSettings.load()  # the one row, made on first use
    HubSettings.objects.update(trained_mentors_may_book=on)


def at(day: datetime.date):  # type: ignore[no-untyped-def]
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(9, 0)), tick=False)


def test_the_scheduler_never_gives_a_trained_mentor_a_date_even_when_booking_is_allowed(
    mentor_sessions, trained, hub_admin
):
    allow()
    with at(AS_OF):
        commit_schedule(plan=plan_schedule(as_of=AS_OF), actor=hub_admin)
    assert not Assignment.objects.filter(participant=trained).exists()


def test_booking_is_off_by_default_and_the_page_is_not_there(client, mentor_sessions, trained):
    assert HubSettings.load().trained_mentors_may_book is False
    with at(AS_OF), pytest.raises(DomainError) as refused:
        book_optional_date(participant=trained, session=mentor_sessions["a"], actor=trained.user)
    assert refused.value.code == "booking_not_offered"
    client.force_login(trained.user)
    assert client.get(URL).status_code == 404


def test_a_mentor_still_to_train_cannot_book_for_themselves(mentor_sessions, mentor):
    allow()
    with at(AS_OF), pytest.raises(DomainError) as refused:
        book_optional_date(participant=mentor, session=mentor_sessions["a"], actor=mentor.user)
    assert refused.value.code == "booking_not_offered"


def test_a_trained_mentor_books_a_date_through_the_page_and_is_told(client, mentor_sessions, trained):
    allow()
    client.force_login(trained.user)
    with at(datetime.date(2025, 10, 30)):  # a few days before: a date the person chooses needs no notice
        page = client.get(URL).content.decode()
        assert "Mentoring that works" in page and "Book this date" in page
        response = client.post(URL, {"session": mentor_sessions["a"].pk})
    assert response.status_code == 302
    place = Assignment.objects.get(participant=trained, status="assigned")
    assert (place.session_id, place.source) == (mentor_sessions["a"].pk, "request")
    assert PlaceChange.objects.filter(participant=trained, kind="placed").count() == 1
    assert AuditEntry.objects.filter(action="assignment.placed").count() == 1
    send_held()
    assert OutboundMessage.objects.filter(kind="new_dates", to=trained.user.email).exists()
    with at(datetime.date(2025, 10, 30)), pytest.raises(DomainError) as twice:
        book_optional_date(participant=trained, session=mentor_sessions["b"], actor=trained.user)
    assert twice.value.code == "already_booked"


def test_a_full_session_or_a_day_they_do_not_work_is_refused_by_the_place_rules(mentor_sessions, trained, other_mentor):
    allow()
    Participant.objects.filter(pk=other_mentor.pk).update(mentor_training="trained")
    Participant.objects.filter(pk=trained.pk).update(unavailable_weekdays=[2])  # Wednesdays
    with at(datetime.date(2025, 10, 30)):
        book_optional_date(participant=other_mentor, session=mentor_sessions["a"], actor=other_mentor.user)
        with pytest.raises(DomainError) as full:
            book_optional_date(participant=trained, session=mentor_sessions["a"], actor=trained.user)
        with pytest.raises(DomainError) as day_off:
            book_optional_date(participant=trained, session=mentor_sessions["b"], actor=trained.user)
    assert full.value.code == "session_full"
    assert day_off.value.code == "not_working_day"


def test_a_trained_mentor_gives_up_an_optional_date_and_the_seat_is_free_again(client, mentor_sessions, trained):
    allow()
    client.force_login(trained.user)
    with at(datetime.date(2025, 10, 30)):
        client.post(URL, {"session": mentor_sessions["a"].pk})
        place = Assignment.objects.get(participant=trained, status="assigned")
        page = client.get(URL).content.decode()
        assert "Your optional dates" in page and "Give up this date" in page
        response = client.post(URL, {"give_up": place.pk})
    assert response.status_code == 302
    place.refresh_from_db()
    assert place.status == "released"
    assert PlaceChange.objects.filter(participant=trained, kind="released").count() == 1
    assert AuditEntry.objects.filter(action="assignment.released").count() == 1
    assert mentor_sessions["a"].assignments.filter(status="assigned").count() == 0  # capacity 1: free again


def test_only_their_own_optional_date_still_to_come_can_be_given_up(mentor_sessions, trained, other_mentor):
    from ecfhub.scheduling.services.booking import give_up_optional_date
    from ecfhub.scheduling.services.places import place

    allow()
    Participant.objects.filter(pk=other_mentor.pk).update(mentor_training="trained")
    with at(datetime.date(2025, 10, 30)):
        theirs = place(
            participant=other_mentor, session=mentor_sessions["b"], actor=None, source="request", notice_applies=False
        ).assignment
        with pytest.raises(DomainError) as refused:
            give_up_optional_date(participant=trained, place_id=theirs.pk, actor=trained.user)
    assert refused.value.code == "not_found"
    mine = book_optional_date_on(trained, mentor_sessions["a"])
    with at(datetime.date(2025, 11, 4) + datetime.timedelta(days=1)), pytest.raises(DomainError) as started:
        give_up_optional_date(participant=trained, place_id=mine.pk, actor=trained.user)
    assert started.value.code == "not_found"  # the session has been held: what happened stays
    assert Assignment.objects.get(pk=mine.pk).status == "assigned"


def test_a_mentor_whose_dates_are_required_cannot_drop_one_here(mentor_sessions, mentor):
    from ecfhub.scheduling.services.booking import give_up_optional_date
    from ecfhub.scheduling.services.places import place

    allow()
    with at(datetime.date(2025, 10, 30)):
        required = place(
            participant=mentor, session=mentor_sessions["b"], actor=None, source="manual", notice_applies=False
        ).assignment
        with pytest.raises(DomainError) as refused:
            give_up_optional_date(participant=mentor, place_id=required.pk, actor=mentor.user)
    assert refused.value.code == "booking_not_offered"


def book_optional_date_on(person, session):  # type: ignore[no-untyped-def]
    with at(datetime.date(2025, 10, 30)):
        return book_optional_date(participant=person, session=session, actor=person.user)
