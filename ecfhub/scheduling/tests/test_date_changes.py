"""Asking for another date: the instant and approval policies, the hub's decision, withdrawal, a tutor asking."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from ecfhub.audit.models import AuditEntry
from ecfhub.hub.models import HubSettings
from ecfhub.lib.errors import DomainError
from ecfhub.notifications.models import OutboundMessage
from ecfhub.notifications.testing import send_held
from ecfhub.scheduling.models import Assignment, ChangeRequest, WaitingListEntry
from ecfhub.scheduling.services.requests import ask_for_date, decide, withdraw

pytestmark = pytest.mark.django_db

# Early September 2025: the November sessions are well ahead.
EARLY = datetime.datetime(2025, 9, 3, 9, 0)


def book(participant, session) -> Assignment:  # type: ignore[no-untyped-def]
    return Assignment.objects.create(participant=participant, event=session.event, session=session)


def set_policy(policy: str) -> None:
    hub = HubSettings.load()
    hub.date_change_policy = policy
    hub.save()


def active_session(participant):  # type: ignore[no-untyped-def]
    return Assignment.objects.get(participant=participant, status="assigned").session


def code_of(**kwargs) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as error:
        ask_for_date(**kwargs)
    return error.value.code


@time_machine.travel(EARLY, tick=False)
def test_under_the_instant_policy_a_free_seat_moves_the_person_at_once(sessions, ect) -> None:
    book(ect, sessions["1a"])
    request = ask_for_date(participant=ect, to_session=sessions["1b"], reason="school", details="", actor=ect.user)
    assert request.status == ChangeRequest.Status.DONE
    assert active_session(ect) == sessions["1b"]
    old = Assignment.objects.get(participant=ect, session=sessions["1a"])
    assert old.status == Assignment.Status.MOVED
    send_held()
    message = OutboundMessage.objects.get(kind="date_changed")
    assert message.to == "erin@riverside.test" and "Wednesday 5 November" in message.subject
    assert "No longer: Tuesday 4 November 2025" in message.body_text
    assert AuditEntry.objects.filter(action="date_change.moved", target_id=str(request.pk)).exists()


@time_machine.travel(EARLY, tick=False)
def test_under_the_approval_policy_the_request_waits_and_the_date_stays(sessions, ect) -> None:
    set_policy("approval")
    book(ect, sessions["1a"])
    request = ask_for_date(participant=ect, to_session=sessions["1b"], reason="health", details="", actor=ect.user)
    assert request.status == ChangeRequest.Status.PENDING
    assert active_session(ect) == sessions["1a"]
    assert OutboundMessage.objects.get(kind="date_change_received").subject.startswith("We have your request")


@time_machine.travel(EARLY, tick=False)
def test_the_hub_approving_moves_the_person_and_tells_them(sessions, ect, hub_admin) -> None:
    set_policy("approval")
    book(ect, sessions["1a"])
    request = ask_for_date(participant=ect, to_session=sessions["1b"], reason="health", details="", actor=ect.user)
    decided = decide(request=request, approve=True, message="", actor=hub_admin)
    assert decided.status == ChangeRequest.Status.DONE and decided.decided_by == hub_admin
    assert active_session(ect) == sessions["1b"]
    send_held()
    assert "The hub has agreed" in OutboundMessage.objects.get(kind="date_changed").body_text


@time_machine.travel(EARLY, tick=False)
def test_the_hub_declining_needs_a_message_which_the_person_is_sent(sessions, ect, hub_admin) -> None:
    set_policy("approval")
    book(ect, sessions["1a"])
    request = ask_for_date(participant=ect, to_session=sessions["1b"], reason="personal", details="", actor=ect.user)
    with pytest.raises(DomainError) as error:
        decide(request=request, approve=False, message="  ", actor=hub_admin)
    assert error.value.code == "message_missing"
    decide(request=request, approve=False, message="That date is for the Norwich schools.", actor=hub_admin)
    request.refresh_from_db()
    assert request.status == ChangeRequest.Status.DECLINED
    assert active_session(ect) == sessions["1a"]
    assert "That date is for the Norwich schools." in OutboundMessage.objects.get(kind="date_change_declined").body_text


@time_machine.travel(EARLY, tick=False)
def test_a_decided_or_withdrawn_request_cannot_be_decided_again(sessions, ect, hub_admin) -> None:
    set_policy("approval")
    book(ect, sessions["1a"])
    request = ask_for_date(participant=ect, to_session=sessions["1b"], reason="school", details="", actor=ect.user)
    withdraw(request=request, actor=ect.user)
    with pytest.raises(DomainError) as error:
        decide(request=request, approve=True, message="", actor=hub_admin)
    assert error.value.code == "not_pending"
    assert active_session(ect) == sessions["1a"]


@time_machine.travel(EARLY, tick=False)
def test_a_full_session_puts_the_person_on_its_waiting_list(sessions, ect, other_ect) -> None:
    sessions["1b"].capacity = 1
    sessions["1b"].save()
    book(other_ect, sessions["1b"])
    book(ect, sessions["1a"])
    request = ask_for_date(participant=ect, to_session=sessions["1b"], reason="school", details="", actor=ect.user)
    assert request.status == ChangeRequest.Status.WAITING
    assert WaitingListEntry.objects.get(request=request).session == sessions["1b"]
    assert active_session(ect) == sessions["1a"]
    assert "number 1 on its waiting list" in OutboundMessage.objects.get(kind="date_change_received").body_text


@time_machine.travel(EARLY, tick=False)
def test_under_the_approval_policy_a_full_date_joins_its_waiting_list_at_once_and_says_so(
    sessions, ect, other_ect
) -> None:
    set_policy("approval")
    sessions["1b"].capacity = 1
    sessions["1b"].save()
    book(other_ect, sessions["1b"])
    book(ect, sessions["1a"])
    request = ask_for_date(participant=ect, to_session=sessions["1b"], reason="school", details="", actor=ect.user)
    assert request.status == ChangeRequest.Status.WAITING
    assert WaitingListEntry.objects.get(request=request).session == sessions["1b"]
    assert active_session(ect) == sessions["1a"]
    assert "number 1 on its waiting list" in OutboundMessage.objects.get(kind="date_change_received").body_text


@time_machine.travel(EARLY, tick=False)
def test_withdrawing_leaves_the_waiting_list_and_keeps_the_date(sessions, ect, other_ect) -> None:
    sessions["1b"].capacity = 1
    sessions["1b"].save()
    book(other_ect, sessions["1b"])
    book(ect, sessions["1a"])
    request = ask_for_date(participant=ect, to_session=sessions["1b"], reason="school", details="", actor=ect.user)
    withdraw(request=request, actor=ect.user)
    request.refresh_from_db()
    entry = WaitingListEntry.objects.get(request=request)
    assert request.status == ChangeRequest.Status.WITHDRAWN
    assert entry.left_at is not None and entry.outcome == "withdrawn"
    assert active_session(ect) == sessions["1a"]
    with pytest.raises(DomainError) as error:
        withdraw(request=request, actor=ect.user)
    assert error.value.code == "not_open"
    # Nobody is moved onto the session later from a list they left.
    Assignment.objects.filter(participant=other_ect).update(status="released")
    from ecfhub.scheduling.services.waiting import promote

    assert promote(session_ids=[sessions["1b"].pk]) == []


@time_machine.travel(EARLY, tick=False)
def test_an_induction_tutor_can_ask_on_someones_behalf(sessions, ect, tutor) -> None:
    book(ect, sessions["1a"])
    request = ask_for_date(participant=ect, to_session=sessions["1b"], reason="school", details="", actor=tutor)
    assert request.asked_by == tutor and request.asked_on_behalf
    assert active_session(ect) == sessions["1b"]
    send_held()
    assert OutboundMessage.objects.get(kind="date_changed").to == "erin@riverside.test"
    assert "asked by Tess Tutor" in AuditEntry.objects.get(action="date_change.asked").summary


@time_machine.travel(EARLY, tick=False)
def test_a_tutor_withdrawing_tells_the_person(sessions, ect, tutor) -> None:
    set_policy("approval")
    book(ect, sessions["1a"])
    request = ask_for_date(participant=ect, to_session=sessions["1b"], reason="school", details="", actor=ect.user)
    withdraw(request=request, actor=tutor)
    assert "Tess Tutor withdrew it" in OutboundMessage.objects.get(kind="date_change_closed").body_text


@time_machine.travel(EARLY, tick=False)
def test_it_refuses_bad_requests_with_a_clear_code(sessions, ect, other_ect) -> None:
    book(ect, sessions["1a"])
    common = {"participant": ect, "actor": ect.user, "details": ""}
    assert code_of(**common, to_session=sessions["1b"], reason="nonsense") == "reason_missing"
    assert code_of(**common, to_session=sessions["1b"], reason="other") == "details_missing"
    assert code_of(**{**common, "details": "x" * 501}, to_session=sessions["1b"], reason="school") == "details_too_long"
    assert code_of(**common, to_session=sessions["1a"], reason="school") == "same_session"
    assert code_of(**common, to_session=sessions["2a"], reason="school") == "no_date"
    sessions["1b"].status = "cancelled"
    sessions["1b"].save()
    assert code_of(**common, to_session=sessions["1b"], reason="school") == "session_closed"
    assert not ChangeRequest.objects.exists()


@time_machine.travel(EARLY, tick=False)
def test_only_one_open_request_per_event(sessions, ect) -> None:
    set_policy("approval")
    book(ect, sessions["1a"])
    ask_for_date(participant=ect, to_session=sessions["1b"], reason="school", details="", actor=ect.user)
    assert (
        code_of(participant=ect, to_session=sessions["1b"], reason="school", details="", actor=ect.user)
        == "request_open"
    )


def test_a_date_that_has_started_cannot_be_changed(sessions, ect) -> None:
    book(ect, sessions["1a"])
    with time_machine.travel(datetime.datetime(2025, 11, 4, 16, 30), tick=False):
        sessions["1b"].starts_at += datetime.timedelta(days=7)
        sessions["1b"].ends_at += datetime.timedelta(days=7)
        sessions["1b"].save()
        assert (
            code_of(participant=ect, to_session=sessions["1b"], reason="school", details="", actor=ect.user)
            == "date_started"
        )
    assert active_session(ect) == sessions["1a"]
