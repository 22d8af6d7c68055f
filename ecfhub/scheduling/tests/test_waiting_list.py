"""Waiting lists: a freed seat goes to the first person waiting whom the rules allow, for each way a seat frees."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from ecfhub.conftest import make_participant
from ecfhub.events.services import cancel_session, update_session
from ecfhub.hub.models import HubSettings
from ecfhub.notifications import periodic
from ecfhub.notifications.models import OutboundMessage
from ecfhub.notifications.testing import send_held
from ecfhub.onboarding.services.participants import change_status
from ecfhub.scheduling.models import Assignment, ChangeRequest, WaitingListEntry
from ecfhub.scheduling.services.requests import ask_for_date
from ecfhub.scheduling.services.waiting import place_unchosen, promote

pytestmark = pytest.mark.django_db

EARLY = datetime.datetime(2025, 9, 3, 9, 0)


@pytest.fixture(autouse=True)
def _early():  # type: ignore[no-untyped-def]
    # Early September 2025, for the fixtures too: the November sessions are well ahead.
    with time_machine.travel(EARLY, tick=False) as traveller:
        yield traveller


def book(participant, session) -> Assignment:  # type: ignore[no-untyped-def]
    return Assignment.objects.create(participant=participant, event=session.event, session=session)


def date_of(participant):  # type: ignore[no-untyped-def]
    return Assignment.objects.get(participant=participant, status="assigned").session


@pytest.fixture
def full_1b(sessions, school, cohort, ect, other_ect):  # type: ignore[no-untyped-def]
    """1b has one seat, taken by Ed; Erin, then Wyn, are waiting for it from 1a."""
    sessions["1b"].capacity = 1
    sessions["1b"].save()
    wyn = make_participant(
        email="wyn@riverside.test", name="Wyn Ect", school=school, cohort=cohort, kind="ect", trn="1000003"
    )
    book(other_ect, sessions["1b"])
    for person in (ect, wyn):
        book(person, sessions["1a"])
        ask_for_date(participant=person, to_session=sessions["1b"], reason="school", details="", actor=person.user)
    return {"ed": other_ect, "erin": ect, "wyn": wyn}


def assert_erin_promoted(people, sessions) -> None:  # type: ignore[no-untyped-def]
    assert date_of(people["erin"]) == sessions["1b"]
    assert date_of(people["wyn"]) == sessions["1a"], "only one seat freed, for the first in the queue"
    assert ChangeRequest.objects.get(participant=people["erin"]).status == ChangeRequest.Status.DONE
    assert WaitingListEntry.objects.get(participant=people["erin"]).outcome == "promoted"
    send_held()
    message = OutboundMessage.objects.get(kind="date_changed", to="erin@riverside.test")
    assert "first on the waiting list" in message.body_text


def test_a_seat_freed_by_a_move_goes_to_the_first_waiting(full_1b, sessions) -> None:
    ed = full_1b["ed"]
    ask_for_date(participant=ed, to_session=sessions["1a"], reason="personal", details="", actor=ed.user)
    assert date_of(ed) == sessions["1a"]
    assert_erin_promoted(full_1b, sessions)


def test_a_seat_freed_by_a_deferral_goes_to_the_first_waiting(full_1b, sessions, tutor, other_tutor) -> None:
    change_status(
        participant=full_1b["ed"],
        status="deferred",
        on=datetime.date(2025, 9, 3),
        reason="long-term-sickness",
        actor=other_tutor,
    )
    assert_erin_promoted(full_1b, sessions)


def test_a_seat_freed_by_a_leaver_goes_to_the_first_waiting(full_1b, sessions, other_tutor) -> None:
    change_status(
        participant=full_1b["ed"],
        status="withdrawn",
        on=datetime.date(2025, 9, 3),
        reason="moved-school",
        actor=other_tutor,
    )
    assert_erin_promoted(full_1b, sessions)


def test_raising_the_capacity_moves_as_many_as_the_new_seats(full_1b, sessions, hub_admin) -> None:
    session = sessions["1b"]
    update_session(
        session=session,
        day=session.date,
        start_time=datetime.time(16, 0),
        end_time=datetime.time(17, 0),
        mode=session.mode,
        joining_url=session.joining_url,
        capacity=3,
        actor=hub_admin,
    )
    assert date_of(full_1b["erin"]) == sessions["1b"] and date_of(full_1b["wyn"]) == sessions["1b"]
    assert not WaitingListEntry.objects.filter(left_at__isnull=True).exists()


def test_cancelling_a_session_ends_its_waiting_list_and_tells_those_waiting(full_1b, sessions, hub_admin) -> None:
    cancel_session(session=sessions["1b"], reason="The trainer is ill.", actor=hub_admin)
    assert set(ChangeRequest.objects.values_list("status", flat=True)) == {"closed"}
    assert OutboundMessage.objects.filter(kind="date_change_closed").count() == 2
    assert date_of(full_1b["erin"]) == sessions["1a"], "they keep their date"


def test_people_whose_date_is_cancelled_keep_their_place_in_another_sessions_queue(
    full_1b, sessions, hub_admin
) -> None:
    # The hub cancels 1a: Erin and Wyn lose that date but stay queued for 1b, in order.
    cancel_session(session=sessions["1a"], reason="Snow.", actor=hub_admin)
    assert WaitingListEntry.objects.filter(left_at__isnull=True).count() == 2
    ed = full_1b["ed"]
    change_status(
        participant=ed, status="deferred", on=datetime.date(2025, 9, 3), reason="long-term-sickness", actor=hub_admin
    )
    assert date_of(full_1b["erin"]) == sessions["1b"]
    assert not Assignment.objects.filter(participant=full_1b["wyn"], status="assigned").exists()


def test_someone_the_rules_refuse_keeps_their_place_and_the_next_one_moves(full_1b, sessions) -> None:
    erin = full_1b["erin"]
    erin.unavailable_weekdays = [2]  # she has since gone part-time: no Wednesdays
    erin.save()
    promote_from = full_1b["ed"]
    Assignment.objects.filter(participant=promote_from).update(status="released")
    promoted = promote(session_ids=[sessions["1b"].pk])
    assert [entry.participant for entry in promoted] == [full_1b["wyn"]]
    assert WaitingListEntry.objects.get(participant=erin).left_at is None


def test_a_cancelled_sessions_people_are_sent_the_alternatives_and_placed_after_the_hubs_days(
    _early, sessions, ect, other_ect, hub_admin
) -> None:
    hub = HubSettings.load()
    hub.cancellation_choice_days = 3
    hub.save()
    book(ect, sessions["1a"])
    book(other_ect, sessions["1a"])
    cancel_session(session=sessions["1a"], reason="The room flooded.", actor=hub_admin)
    message = OutboundMessage.objects.get(kind="session_cancelled", to="erin@riverside.test")
    assert "Wednesday 5 November 2025, 16:00 to 17:00 (Online): 10 seats left" in message.body_text
    assert "If you have not chosen by Saturday 6 September" in message.body_text
    cancelled = Assignment.objects.get(participant=ect, session=sessions["1a"])
    assert f"/events/dates/{cancelled.pk}/change/" in message.body_text
    # Erin chooses (no approval needed, even under the approval policy); Ed does not.
    hub.date_change_policy = "approval"
    hub.save()
    ask_for_date(participant=ect, to_session=sessions["1b"], reason="other", details="Cancelled", actor=ect.user)
    assert date_of(ect) == sessions["1b"]
    assert place_unchosen() == 0, "not before the hub's days have passed"
    _early.move_to(datetime.datetime(2025, 9, 6, 10, 0))
    assert place_unchosen() == 1
    assert place_unchosen() == 0, "running twice places nobody twice"
    assert date_of(other_ect) == sessions["1b"]
    send_held()
    assert OutboundMessage.objects.filter(kind="new_dates", to="ed@oakfield.test").count() == 1


def test_placing_the_unchosen_is_a_registered_periodic_job() -> None:
    assert "scheduling.place_unchosen" in {job.name for job in periodic.registered()}
