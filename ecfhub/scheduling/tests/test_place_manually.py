"""A hub admin placing one person by hand: every rule holds, only notice can be waived, with a reason."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from ecfhub.audit.models import AuditEntry
from ecfhub.lib.errors import DomainError
from ecfhub.notifications.models import OutboundMessage
from ecfhub.notifications.testing import send_held
from ecfhub.scheduling.models import Assignment
from ecfhub.scheduling.services import place_manually

pytestmark = pytest.mark.django_db

# 21 October 2025: the November sessions are fewer than 30 school days away.
LATE = datetime.datetime(2025, 10, 21, 9, 0)
EARLY = datetime.datetime(2025, 9, 3, 9, 0)


def code_of(**kwargs) -> str:
    with pytest.raises(DomainError) as error:
        place_manually(**kwargs)
    return error.value.code


@time_machine.travel(LATE, tick=False)
def test_it_refuses_a_date_without_enough_notice(sessions, ect, hub_admin) -> None:
    assert code_of(participant=ect, session=sessions["1a"], actor=hub_admin) == "short_notice"
    assert not Assignment.objects.exists()


@time_machine.travel(LATE, tick=False)
def test_a_notice_waiver_needs_a_reason(sessions, ect, hub_admin) -> None:
    assert (
        code_of(participant=ect, session=sessions["1a"], actor=hub_admin, waive_notice=True) == "waiver_reason_missing"
    )


@time_machine.travel(LATE, tick=False)
def test_a_waived_notice_is_recorded_with_its_reason(sessions, ect, hub_admin) -> None:
    assignment = place_manually(
        participant=ect, session=sessions["1a"], actor=hub_admin, waive_notice=True, waiver_reason="Joined in October"
    )
    assert assignment.notice_waived and assignment.notice_waiver_reason == "Joined in October"
    assert assignment.source == Assignment.Source.MANUAL and assignment.notified_at is not None
    entry = AuditEntry.objects.get(action="assignment.placed")
    assert entry.details["notice_waived"] is True and entry.details["waiver_reason"] == "Joined in October"
    send_held()
    assert OutboundMessage.objects.filter(kind="new_dates", to="erin@riverside.test").count() == 1


@time_machine.travel(EARLY, tick=False)
def test_it_refuses_a_full_session(sessions, ect, other_ect, hub_admin) -> None:
    session = sessions["1a"]
    session.capacity = 1
    session.save()
    place_manually(participant=other_ect, session=session, actor=hub_admin)
    assert code_of(participant=ect, session=session, actor=hub_admin) == "session_full"


@time_machine.travel(EARLY, tick=False)
def test_it_refuses_a_day_they_do_not_work(sessions, ect, hub_admin) -> None:
    ect.unavailable_weekdays = [1]
    ect.save()
    assert code_of(participant=ect, session=sessions["1a"], actor=hub_admin) == "not_working_day"


@time_machine.travel(EARLY, tick=False)
def test_it_keeps_events_in_order(sessions, ect, hub_admin, clinic_1) -> None:
    from ecfhub.scheduling.tests.conftest import make_session

    place_manually(participant=ect, session=sessions["2a"], actor=hub_admin)
    late_clinic_1 = make_session(clinic_1, datetime.date(2026, 1, 20))
    assert code_of(participant=ect, session=late_clinic_1, actor=hub_admin) == "out_of_order"


@time_machine.travel(EARLY, tick=False)
def test_it_refuses_a_cancelled_session(sessions, ect, hub_admin) -> None:
    from ecfhub.events.services import cancel_session

    cancel_session(session=sessions["1a"], reason="Snow", actor=hub_admin)
    assert code_of(participant=ect, session=sessions["1a"], actor=hub_admin) == "session_closed"


@time_machine.travel(EARLY, tick=False)
def test_a_new_date_for_the_same_event_replaces_the_old_one(sessions, ect, hub_admin) -> None:
    first = place_manually(participant=ect, session=sessions["1a"], actor=hub_admin)
    second = place_manually(participant=ect, session=sessions["1b"], actor=hub_admin)
    first.refresh_from_db()
    assert first.status == Assignment.Status.MOVED and first.replaced_by == second
    assert Assignment.objects.filter(participant=ect, status="assigned").count() == 1
