"""The hub admins' "Needs attention" list: each loose end counted, nothing shown when there is none."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone

from ecfhub.events.models import Session
from ecfhub.events.tests.factories import assign, make_event, make_session
from ecfhub.hub.attention import attention_items
from ecfhub.notifications.models import OutboundMessage
from ecfhub.people.models import Mentorship, Participant

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2026, 1, 10, 12, 0))


def counts() -> dict[str, int]:
    return {item.link_text + ": " + item.text.split(" (")[0]: item.count for item in attention_items(now=NOW)}


def test_a_tidy_hub_needs_nothing(db, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        assert attention_items(now=NOW) == []


def test_dates_still_to_give_count_active_people_and_only_events_with_sessions_ahead(
    cohort, ect, other_ect, facilitator
):
    ahead = make_event(cohort, title="Ahead")
    over = make_event(cohort, order=2, title="Over")
    future = make_session(ahead, datetime.date(2026, 1, 20))
    future.facilitators.add(facilitator)
    make_session(over, datetime.date(2026, 1, 6))  # all its dates are past: nobody can be given one
    assign(ect, future)
    assert counts()["Run the scheduler: date still to give for events with sessions ahead"] == 1  # Ed's
    Participant.objects.filter(pk=other_ect.pk).update(status="deferred")
    assert not any(key.startswith("Run the scheduler") for key in counts())


def test_failed_e_mails_sessions_without_facilitator_unpaired_ects_and_old_invitations_are_counted(cohort, ect, mentor):
    OutboundMessage.objects.create(to="x@example.com", kind="invitation", subject="S", status="failed")
    make_session(make_event(cohort), datetime.date(2026, 1, 20))  # no facilitator, 10 days ahead
    assign(ect, Session.objects.get())
    Mentorship.objects.filter(ect=ect).update(ended_on=datetime.date(2026, 1, 1))
    user = mentor.user
    user.set_unusable_password()
    user.save()
    Participant.objects.filter(pk=mentor.pk).update(created_at=NOW - datetime.timedelta(days=8))
    found = counts()
    assert found["See them in the outbox: e-mail could not be sent"] == 1
    assert found["See the training events: session in the next 21 days has no facilitator"] == 1
    assert found["See the schools: ECT has no mentor"] == 1
    assert found["See the schools: person registered over 7 days ago has not set up their account"] == 1


def test_the_manage_page_shows_the_list(client, hub_admin, cohort, ect):
    OutboundMessage.objects.create(to="x@example.com", kind="invitation", subject="S", status="failed")
    client.force_login(hub_admin)
    with time_machine.travel(NOW):
        page = client.get("/manage/").text
    assert "Needs attention" in page and "<strong>1</strong> e-mail could not be sent" in page
    assert "/manage/outbox/?status=failed" in page or "?status=failed" in page
