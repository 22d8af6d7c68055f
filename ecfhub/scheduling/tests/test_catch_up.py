"""Catching up a missed session: `places.catch_up`, and asking for one (`requests.ask_for_catch_up`).

Erin was marked absent at clinic 1 on Tuesday 4 November 2025 (session 1a); clinic 1 runs again
on Wednesday 5 November (1b). It is Tuesday evening."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone

from ecfhub.attendance.models import AttendanceRecord
from ecfhub.attendance.queries import register_rows, session_attendance
from ecfhub.attendance.services import mark_attendance
from ecfhub.attendance.tests.factories import facilitate, set_mark
from ecfhub.audit.models import AuditEntry
from ecfhub.events.models import Session
from ecfhub.hub.models import HubSettings
from ecfhub.lib.errors import DomainError
from ecfhub.people.models import Participant
from ecfhub.scheduling.models import Assignment, ChangeRequest, PlaceChange, WaitingListEntry
from ecfhub.scheduling.queries import catch_ups_to_choose, date_choices
from ecfhub.scheduling.services import places
from ecfhub.scheduling.services.requests import ask_for_catch_up, ask_for_date
from ecfhub.scheduling.tests.conftest import make_session

pytestmark = pytest.mark.django_db

EVENING = datetime.datetime(2025, 11, 4, 18, 0)


def book(participant, session) -> Assignment:  # type: ignore[no-untyped-def]
    return Assignment.objects.create(participant=participant, event=session.event, session=session)


@pytest.fixture
def missed(ect, sessions) -> Assignment:  # type: ignore[no-untyped-def]
    place = book(ect, sessions["1a"])
    set_mark(place, "absent")
    return place


def codes(call) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as caught:
        call()
    return caught.value.code


@time_machine.travel(EVENING, tick=False)
def test_a_person_marked_absent_gets_a_catch_up_and_the_missed_place_stays_as_it_was(missed, sessions, ect) -> None:
    placed = places.catch_up(missed=missed, session=sessions["1b"], actor=ect.user)

    missed.refresh_from_db()
    assert missed.status == Assignment.Status.MISSED
    assert missed.session == sessions["1a"] and missed.replaced_by == placed.assignment
    assert AttendanceRecord.objects.get(assignment=missed).mark == "absent"  # the register's word is kept
    new = placed.assignment
    assert (new.status, new.session, new.source) == ("assigned", sessions["1b"], "request")
    change = PlaceChange.objects.get(kind=PlaceChange.Kind.CATCH_UP)
    assert (change.from_session, change.to_session, change.assignment) == (sessions["1a"], sessions["1b"], new)
    assert AuditEntry.objects.filter(action="assignment.catch_up").count() == 1
    assert not placed.freed  # the missed session has happened: no seat to give


@time_machine.travel(EVENING, tick=False)
def test_a_place_the_register_does_not_show_as_missed_cannot_be_caught_up(ect, other_ect, sessions) -> None:
    came = book(ect, sessions["1a"])
    set_mark(came, "late")
    unmarked = book(other_ect, sessions["1a"])
    assert codes(lambda: places.catch_up(missed=came, session=sessions["1b"], actor=None)) == "not_missed"
    assert codes(lambda: places.catch_up(missed=unmarked, session=sessions["1b"], actor=None)) == "not_missed"


@time_machine.travel(EVENING, tick=False)
def test_a_place_still_to_come_is_not_a_missed_one(ect, sessions) -> None:
    ahead = book(ect, sessions["2a"])
    assert codes(lambda: places.catch_up(missed=ahead, session=sessions["2b"], actor=None)) == "not_missed"


@time_machine.travel(EVENING, tick=False)
def test_a_catch_up_is_a_session_of_the_same_event(missed, sessions) -> None:
    assert codes(lambda: places.catch_up(missed=missed, session=sessions["2a"], actor=None)) == "wrong_event"
    assert Assignment.objects.get(pk=missed.pk).status == "assigned"


@time_machine.travel(EVENING, tick=False)
def test_a_full_session_is_refused_and_nothing_is_written(missed, sessions, other_ect) -> None:
    full = sessions["1b"]
    full.capacity = 1
    full.save()
    book(other_ect, full)
    assert codes(lambda: places.catch_up(missed=missed, session=full, actor=None)) == "session_full"
    assert Assignment.objects.get(pk=missed.pk).status == "assigned"
    assert not PlaceChange.objects.exists()


@time_machine.travel(EVENING, tick=False)
def test_only_a_later_session_still_to_come_is_a_catch_up(missed, clinic_1) -> None:
    earlier_today = make_session(clinic_1, datetime.date(2025, 11, 4))
    earlier_today.starts_at -= datetime.timedelta(hours=3)
    earlier_today.save()
    assert codes(lambda: places.catch_up(missed=missed, session=earlier_today, actor=None)) == "session_closed"


@time_machine.travel(EVENING, tick=False)
def test_no_second_catch_up_while_one_is_held(missed, sessions, clinic_1) -> None:
    places.catch_up(missed=missed, session=sessions["1b"], actor=None)
    later = make_session(clinic_1, datetime.date(2025, 11, 12))
    missed.refresh_from_db()
    assert codes(lambda: places.catch_up(missed=missed, session=later, actor=None)) == "catch_up_taken"
    # Moving the catch-up date is a date change like any other.
    catch_up = Assignment.objects.get(participant=missed.participant, status="assigned")
    assert codes(lambda: places.catch_up(missed=catch_up, session=later, actor=None)) == "not_missed"


@time_machine.travel(EVENING, tick=False)
def test_a_catch_up_needs_no_notice_because_the_person_chooses_it(missed, sessions) -> None:
    assert HubSettings.load().minimum_notice_school_days == 30
    places.catch_up(missed=missed, session=sessions["1b"], actor=None)  # tomorrow
    assert Assignment.objects.filter(session=sessions["1b"], status="assigned").count() == 1


@time_machine.travel(EVENING, tick=False)
def test_the_other_place_rules_still_hold_for_a_catch_up(missed, sessions, ect) -> None:
    Participant.objects.filter(pk=ect.pk).update(unavailable_weekdays=[2])  # not on Wednesdays
    assert codes(lambda: places.catch_up(missed=missed, session=sessions["1b"], actor=None)) == "not_working_day"


def test_past_dates_do_not_bind_event_order_for_a_catch_up_but_dates_to_come_do(
    ect, sessions, clinic_1, clinic_2
) -> None:
    missed = book(ect, sessions["1a"])
    set_mark(missed, "absent")
    went_to_clinic_2 = book(ect, sessions["2a"])  # 13 January, after the catch-up would be
    set_mark(went_to_clinic_2, "present")
    in_january = make_session(clinic_1, datetime.date(2026, 1, 20))
    with time_machine.travel(datetime.datetime(2026, 1, 8, 9, 0), tick=False):
        # Clinic 2 is still to come: a catch-up of clinic 1 after it would break the order.
        assert codes(lambda: places.catch_up(missed=missed, session=in_january, actor=None)) == "out_of_order"
    with time_machine.travel(datetime.datetime(2026, 1, 14, 9, 0), tick=False):
        # Clinic 2 has happened: what is past cannot be put back in order, so it does not block.
        places.catch_up(missed=missed, session=in_january, actor=None)
    assert Assignment.objects.get(participant=ect, event=clinic_1, status="assigned").session == in_january


@time_machine.travel(EVENING, tick=False)
def test_the_missed_place_stays_on_its_register_and_in_the_sessions_figures(missed, sessions, ect) -> None:
    before = session_attendance(Session.objects.filter(pk=sessions["1a"].pk))[0]
    places.catch_up(missed=missed, session=sessions["1b"], actor=None)
    rows = register_rows(sessions["1a"], among=Participant.objects.all())
    assert [(r.participant, r.mark) for r in rows] == [(ect, "absent")]
    after = session_attendance(Session.objects.filter(pk=sessions["1a"].pk))[0]
    assert (after.booked, after.counts) == (before.booked, before.counts) == (1, {"absent": 1})


@time_machine.travel(EVENING, tick=False)
def test_the_dates_offered_are_the_events_other_sessions_the_rules_allow(missed, sessions, ect) -> None:
    choices = date_choices(ect, sessions["1a"].event, current=sessions["1a"], catching_up=True)
    assert [(c.session, c.refusal) for c in choices] == [(sessions["1b"], "")]


@time_machine.travel(EVENING, tick=False)
def test_missed_places_waiting_for_a_catch_up_are_listed_until_one_is_chosen(missed, sessions, ect) -> None:
    assert catch_ups_to_choose([ect.pk], now=timezone.now()) == [missed]
    ask_for_catch_up(missed=missed, to_session=sessions["1b"], actor=ect.user)
    assert catch_ups_to_choose([ect.pk], now=timezone.now()) == []


# --- asking for a catch-up: the date-change flow, with its waiting list ---------------------------


@time_machine.travel(EVENING, tick=False)
def test_asking_for_a_free_catch_up_date_books_it_at_once_whatever_the_policy(missed, sessions, ect) -> None:
    HubSettings.objects.filter(pk=HubSettings.load().pk).update(date_change_policy="approval")
    request = ask_for_catch_up(missed=missed, to_session=sessions["1b"], actor=ect.user)
    assert (request.status, request.reason, request.from_session) == ("done", "missed", sessions["1a"])
    assert Assignment.objects.get(participant=ect, status="assigned").session == sessions["1b"]


@time_machine.travel(EVENING, tick=False)
def test_a_full_catch_up_date_offers_its_waiting_list_and_a_freed_seat_places_them(
    missed, sessions, ect, other_ect
) -> None:
    full = sessions["1b"]
    full.capacity = 1
    full.save()
    book(other_ect, full)
    request = ask_for_catch_up(missed=missed, to_session=full, actor=ect.user)
    assert request.status == "waiting"
    assert WaitingListEntry.objects.filter(participant=ect, session=full, left_at__isnull=True).exists()

    places.release(participant=other_ect, actor=None, reason="Left the school")

    request.refresh_from_db()
    assert request.status == ChangeRequest.Status.DONE
    missed.refresh_from_db()
    assert missed.status == "missed" and missed.replaced_by.session == full  # type: ignore[union-attr]


@time_machine.travel(EVENING, tick=False)
def test_a_second_request_for_a_catch_up_is_refused_while_one_is_open(missed, sessions, ect, other_ect) -> None:
    full = sessions["1b"]
    full.capacity = 1
    full.save()
    book(other_ect, full)
    ask_for_catch_up(missed=missed, to_session=full, actor=ect.user)
    assert codes(lambda: ask_for_catch_up(missed=missed, to_session=full, actor=ect.user)) == "request_open"


@time_machine.travel(EVENING, tick=False)
def test_missed_is_not_a_reason_for_an_ordinary_date_change(ect, sessions) -> None:
    place = book(ect, sessions["2a"])
    assert (
        codes(
            lambda: ask_for_date(
                participant=ect, to_session=sessions["2b"], reason="missed", details="", actor=ect.user
            )
        )
        == "reason_missing"
    )
    assert Assignment.objects.get(pk=place.pk).status == "assigned"


@time_machine.travel(EVENING, tick=False)
def test_a_waiting_catch_up_ends_when_the_register_is_corrected_to_present(
    missed, sessions, ect, other_ect, facilitator
) -> None:
    full = sessions["1b"]
    full.capacity = 1
    full.save()
    book(other_ect, full)
    request = ask_for_catch_up(missed=missed, to_session=full, actor=ect.user)
    facilitate(sessions["1a"], facilitator)
    mark_attendance(session=sessions["1a"], assignment_id=missed.pk, mark="present", actor=facilitator)

    places.release(participant=other_ect, actor=None, reason="Left the school")

    request.refresh_from_db()
    assert request.status == ChangeRequest.Status.CLOSED  # they came after all: nothing to catch up
    assert Assignment.objects.get(pk=missed.pk).status == "assigned"
    assert not Assignment.objects.filter(session=full, status="assigned").exists()
