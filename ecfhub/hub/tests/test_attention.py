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
from ecfhub.scheduling.models import Assignment

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2026, 1, 10, 12, 0))


def counts() -> dict[str, int]:
    return {item.link_text + ": " + item.text.split(" (")[0]: item.count for item in attention_items(now=NOW)}


def test_a_tidy_hub_needs_nothing(db, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
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


def test_people_the_latest_runs_could_not_place_are_counted_per_cohort_and_link_to_the_run(cohort, hub_admin):
    from ecfhub.programme.models import Cohort
    from ecfhub.scheduling.models import ScheduleRun

    def run(cohort_, people: int, day: int, **extra):  # type: ignore[no-untyped-def]
        stats = {"people_unplaced": people, "unplaced": people * 2}
        return ScheduleRun.objects.create(
            cohort=cohort_,
            as_of=datetime.date(2026, 1, day),
            status="committed",
            committed_at=NOW - datetime.timedelta(days=10 - day),
            result={"stats": stats},
            **extra,
        )

    older = Cohort.objects.create(start_year=2024)
    run(cohort, 9, 1)  # superseded by the cohort's later run
    latest = run(cohort, 3, 5)
    run(cohort, 50, 6, event_ids=[1])  # one event only: not the whole picture
    run(older, 0, 4)
    item = next(i for i in attention_items(now=NOW) if i.link_text == "See who and why")
    assert item.count == 3
    assert item.text == "people could not be placed by the scheduler's latest runs"
    assert item.url == f"/manage/scheduling/runs/{latest.pk}/#unplaced"


def test_missed_sessions_without_a_catch_up_and_provider_file_differences_are_counted(
    cohort, ect, other_ect, hub_admin
):
    from ecfhub.attendance.tests.factories import set_mark
    from ecfhub.leadprovider.models import ProviderFile

    event = make_event(cohort, title="Routines")
    missed = assign(ect, make_session(event, datetime.date(2026, 1, 6)))
    set_mark(missed, "absent")
    caught_up = assign(other_ect, make_session(make_event(cohort, order=2), datetime.date(2026, 1, 7)))
    set_mark(caught_up, "absent")
    Assignment.objects.filter(pk=caught_up.pk).update(status="missed")  # as places.catch_up ends it
    assign(other_ect, make_session(caught_up.event, datetime.date(2026, 1, 28)))  # a later date: arranged
    waiting = ProviderFile.objects.create(
        uploaded_by=hub_admin, filename="p.csv", sha256="1" * 64, digest="2" * 64, differences=[{"n": 1}, {"n": 2}]
    )
    ProviderFile.objects.create(
        uploaded_by=hub_admin, filename="q.csv", sha256="3" * 64, digest="4" * 64, differences=[{"n": 1}],
        status="confirmed",
    )  # fmt: skip
    found = {item.link_text: item for item in attention_items(now=NOW)}
    assert found["See who missed what"].count == 1
    assert found["See who missed what"].url == "/manage/attendance/#missed"
    assert found["Review the provider's file"].count == 2
    assert found["Review the provider's file"].text.startswith("differences between the lead provider's file")
    assert found["Review the provider's file"].url == f"/manage/provider-file/{waiting.pk}/"
