"""Dry runs and commits: what the hub admin and participants notice."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone

from ecfhub.events.services import cancel_session
from ecfhub.lib.errors import DomainError
from ecfhub.notifications.models import OutboundMessage
from ecfhub.people.models import Participant
from ecfhub.scheduling.models import Assignment
from ecfhub.scheduling.services import commit_schedule, place_manually, plan_schedule
from ecfhub.scheduling.tests.conftest import AS_OF

pytestmark = pytest.mark.django_db


def active(participant: Participant) -> dict[str, int]:
    return {
        a.event.title: a.session_id
        for a in Assignment.objects.filter(participant=participant, status=Assignment.Status.ASSIGNED).select_related(
            "event"
        )
    }


def test_a_dry_run_saves_nothing_and_places_everyone(sessions, ect, other_ect) -> None:
    plan = plan_schedule(as_of=AS_OF)
    assert plan.stats["placed"] == 4
    assert plan.stats["placements_optimal"]
    assert plan.unplaced == []
    assert not Assignment.objects.exists()
    assert plan.earliest_day == "2025-10-16"


def test_a_commit_gives_everyone_their_dates_and_one_email_each(sessions, ect, other_ect, hub_admin) -> None:
    plan = plan_schedule(as_of=AS_OF)
    result = commit_schedule(plan=plan, actor=hub_admin)
    assert (result.created, result.people, result.notices) == (4, 2, 2)
    assert len(active(ect)) == 2
    assert not Assignment.objects.filter(notified_at__isnull=True).exists()
    mails = OutboundMessage.objects.filter(kind="new_dates")
    assert sorted(m.to for m in mails) == ["ed@oakfield.test", "erin@riverside.test"]
    erin = mails.get(to="erin@riverside.test")
    assert "Routines that work" in erin.body_text and "Checking for understanding" in erin.body_text
    assert "/about/training-dates/" in erin.body_text
    for mine in Assignment.objects.filter(participant=ect).select_related("session__event"):
        # Each date in the e-mail's words, in London time; the rows are formatted once per session.
        start = timezone.localtime(mine.session.starts_at)
        when = f"When: {start:%A} {start.day} {start:%B %Y}, {start:%H:%M} to {timezone.localtime(mine.session.ends_at):%H:%M}"
        assert f"{mine.session.event.title} (clinic)\n{when}" in erin.body_text
        assert f"<strong>{mine.session.event.title}</strong> (clinic)" in erin.body_html
    assert erin.subject == "Your 2 training dates"
    ((_name, content, mime),) = erin.decoded_attachments()
    assert mime == "text/calendar" and content.count(b"BEGIN:VEVENT") == 2


def test_one_schools_staff_are_spread_over_the_days(sessions, ect, mentor, school, cohort) -> None:
    from ecfhub.conftest import make_participant

    third = make_participant(
        email="ivy@riverside.test", name="Ivy Ect", school=school, cohort=cohort, kind="ect", trn="1000003"
    )
    plan = plan_schedule(as_of=AS_OF)
    assert plan.stats["placed"] == 4
    assert plan.clashes == []
    days = {tuple(p) for p in plan.placements}
    assert len({s for _, _, s in days}) == 4  # the two ECTs never share a day
    del third


def test_a_run_never_moves_a_notified_date_and_fills_the_gaps(sessions, ect, other_ect, hub_admin) -> None:
    with time_machine.travel(datetime.datetime(2025, 9, 3, 9, 0), tick=False):
        place_manually(participant=ect, session=sessions["1b"], actor=hub_admin)
    plan = plan_schedule(as_of=AS_OF)
    commit_schedule(plan=plan, actor=hub_admin)
    assert active(ect)["Routines that work"] == sessions["1b"].pk
    assert len(active(ect)) == 2 and len(active(other_ect)) == 2
    # A second run has nothing to do: nobody is moved.
    again = plan_schedule(as_of=AS_OF)
    assert again.placements == [] and again.stats["wanted"] == 0


@time_machine.travel(datetime.datetime(2025, 9, 3, 9, 0), tick=False)
def test_people_on_a_cancelled_session_get_another_date(sessions, ect, other_ect, hub_admin) -> None:
    commit_schedule(plan=plan_schedule(as_of=AS_OF), actor=hub_admin)
    lost = Assignment.objects.get(participant=ect, event__order=1, status="assigned").session
    cancel_session(session=lost, reason="Facilitator unwell", actor=hub_admin)
    plan = plan_schedule(as_of=AS_OF)
    assert plan.stats["placed"] == 1
    commit_schedule(plan=plan, actor=hub_admin)
    now = active(ect)["Routines that work"]
    assert now != lost.pk


def test_unplaced_people_are_listed_with_the_reason(sessions, ect, other_ect) -> None:
    ect.unavailable_weekdays = [1, 2]  # does not work Tuesdays or Wednesdays
    ect.save()
    plan = plan_schedule(as_of=AS_OF)
    assert {(u["name"], u["reason"]) for u in plan.unplaced} == {
        ("Erin Ect", "no session with enough notice on a day they work")
    }
    assert plan.stats["unplaced"] == 2


def test_sessions_without_enough_notice_are_not_used(sessions, ect) -> None:
    plan = plan_schedule(as_of=datetime.date(2025, 10, 1))  # first date with notice: mid November
    reasons = {u["event"]: u["reason"] for u in plan.unplaced}
    assert reasons == {"Routines that work": "no session with enough notice"}
    assert plan.stats["placed"] == 1


def test_a_stale_preview_is_refused_and_nothing_is_written(sessions, ect, other_ect, hub_admin) -> None:
    plan = plan_schedule(as_of=AS_OF)
    with time_machine.travel(datetime.datetime(2025, 9, 3, 9, 0), tick=False):
        place_manually(participant=ect, session=sessions["1a"], actor=hub_admin)
    with pytest.raises(DomainError) as error:
        commit_schedule(plan=plan, actor=hub_admin)
    assert error.value.code == "plan_stale"
    assert Assignment.objects.count() == 1


def test_a_commit_never_overbooks(sessions, ect, other_ect, hub_admin) -> None:
    plan = plan_schedule(as_of=AS_OF)
    # Someone lowers a session's capacity after the preview: the commit is refused as a whole.
    session_id = plan.placements[0][2]
    from ecfhub.events.models import Session

    Session.objects.filter(pk=session_id).update(capacity=1)
    with pytest.raises(DomainError):
        commit_schedule(plan=plan, actor=hub_admin)
    assert not Assignment.objects.exists()


def test_the_scope_can_stop_at_a_date(sessions, ect) -> None:
    plan = plan_schedule(as_of=AS_OF, until=datetime.date(2025, 12, 19))
    assert [e for _, e, _ in plan.placements] == [sessions["1a"].event_id]
    assert plan.unplaced == []
