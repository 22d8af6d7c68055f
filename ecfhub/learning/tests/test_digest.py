"""The weekly learning digest: one e-mail per person per teaching week, none in holidays, none for
those who turned it off, delivered over real SMTP by the worker."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from ecfhub.learning.digest import send_weekly_digests
from ecfhub.learning.services import set_action_step, set_digest_choice
from ecfhub.learning.tests.conftest import make_module
from ecfhub.notifications.models import OutboundMessage
from ecfhub.notifications.testing import run_tasks, text_of
from ecfhub.people.models import ParticipantType

pytestmark = pytest.mark.django_db

D = datetime.date
MONDAY = datetime.datetime(2025, 9, 15, 7, 0)  # week 3 of 2025/26


@pytest.fixture
def modules(db):  # type: ignore[no-untyped-def]
    return {
        "ect": make_module(ParticipantType.ECT, 1, 3, title="Giving instructions pupils can follow"),
        "mentor": make_module(ParticipantType.MENTOR, 1, 3, title="Feedback that agrees one action step"),
    }


@pytest.mark.django_db(transaction=True)
@time_machine.travel(MONDAY, tick=False)
def test_each_person_gets_one_email_with_this_weeks_module_and_the_steps_due(  # type: ignore[no-untyped-def]
    calendar_2025, ect, mentor, modules, smtp_server
) -> None:
    set_action_step(
        ect=ect,
        mentor=mentor,
        values={"step": "Wait for silence", "success_looks_like": "All eyes", "check_back_on": D(2025, 9, 18)},
        actor=mentor.user,
    )
    assert send_weekly_digests() == 2
    run_tasks()
    [erins] = smtp_server.to("erin@riverside.test")
    text = text_of(erins)
    assert "Giving instructions pupils can follow" in text and "Wait for silence" in text
    assert "/learning/weekly-email/" in text
    [maxs] = smtp_server.to("max@riverside.test")
    assert "Feedback that agrees one action step" in text_of(maxs) and "Wait for silence" not in text_of(maxs)


def test_a_second_run_in_the_same_week_sends_nothing_more(calendar_2025, ect, mentor, modules) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(MONDAY, tick=False):
        assert send_weekly_digests() == 2
    with time_machine.travel(MONDAY + datetime.timedelta(days=2), tick=False):
        assert send_weekly_digests() == 0
    assert OutboundMessage.objects.filter(kind="learning_digest").count() == 2


def test_nothing_is_sent_in_the_october_half_term(calendar_2025, ect, mentor, modules) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(datetime.datetime(2025, 10, 27, 7, 0), tick=False):
        assert send_weekly_digests() == 0
    assert not OutboundMessage.objects.filter(kind="learning_digest").exists()


def test_someone_who_turned_it_off_gets_none(calendar_2025, ect, mentor, modules) -> None:  # type: ignore[no-untyped-def]
    set_digest_choice(user=ect.user, weekly_digest=False)
    with time_machine.travel(MONDAY, tick=False):
        assert send_weekly_digests() == 1
    assert list(OutboundMessage.objects.filter(kind="learning_digest").values_list("to", flat=True)) == [
        "max@riverside.test"
    ]


def test_the_weekly_email_page_turns_it_off(client, calendar_2025, ect) -> None:  # type: ignore[no-untyped-def]
    client.force_login(ect.user)
    assert client.post("/learning/weekly-email/", {}).status_code == 302  # an unticked box: off
    assert ect.user.learning_digest.weekly_digest is False


def test_a_january_starter_gets_their_week_one_module_for_their_phase_in_the_first_week_of_january(
    calendar_2025, ect, mentor
) -> None:  # type: ignore[no-untyped-def]
    ect.induction_start_date = D(2026, 1, 6)
    ect.schedule_identifier = "ecf-standard-january"
    ect.save()
    make_module(ParticipantType.ECT, 1, 1, title="Your first week")
    make_module(ParticipantType.ECT, 1, 16, title="September's week sixteen")
    make_module(ParticipantType.ECT, 1, 1, title="For secondary teachers", phase="secondary")  # Erin's not recorded
    with time_machine.travel(datetime.datetime(2025, 12, 15, 7, 0), tick=False):
        send_weekly_digests()  # Max's autumn week 15; Erin has not started
    assert not OutboundMessage.objects.filter(to="erin@riverside.test").exists()
    with time_machine.travel(datetime.datetime(2026, 1, 5, 7, 0), tick=False):
        send_weekly_digests()
    [erins] = OutboundMessage.objects.filter(to="erin@riverside.test")
    assert "Your first week" in erins.body_text and "September's week sixteen" not in erins.body_text
    assert "For secondary teachers" not in erins.body_text
