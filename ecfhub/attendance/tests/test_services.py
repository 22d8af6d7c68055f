"""Taking a register through the service: who may, when, what is kept."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from ecfhub.attendance.models import AttendanceChange, AttendanceRecord
from ecfhub.attendance.services import mark_attendance, mark_everyone_present
from ecfhub.audit.models import AuditEntry
from ecfhub.conftest import make_user
from ecfhub.events.services import local_datetime
from ecfhub.events.tests.factories import assign, make_event, make_session
from ecfhub.hub.models import HubSettings
from ecfhub.lib.errors import DomainError

DAY = datetime.date(2026, 3, 3)  # a Tuesday; with 7 days open, the register is open to the end of 10 March
DURING = local_datetime(DAY, datetime.time(16, 30))
LAST_MINUTE = local_datetime(datetime.date(2026, 3, 10), datetime.time(23, 59))
CLOSED = local_datetime(datetime.date(2026, 3, 11), datetime.time(0, 0))


@pytest.fixture
def session(cohort, facilitator, calendar_2025):  # type: ignore[no-untyped-def]
    session = make_session(make_event(cohort), DAY)
    session.facilitators.add(facilitator)
    return session


@pytest.fixture
def places(session, ect, other_ect):  # type: ignore[no-untyped-def]
    return [assign(ect, session), assign(other_ect, session)]


def test_a_facilitator_marks_someone_and_the_history_keeps_every_change(session, places, facilitator) -> None:
    mark_attendance(session=session, assignment_id=places[0].pk, mark="present", actor=facilitator, now=DURING)
    mark_attendance(session=session, assignment_id=places[0].pk, mark="late", actor=facilitator, now=DURING)
    record = AttendanceRecord.objects.get(assignment=places[0])
    assert record.mark == "late"
    assert [(c.from_mark, c.to_mark) for c in record.history.all()] == [("", "present"), ("present", "late")]


def test_marking_the_same_again_changes_nothing(session, places, facilitator) -> None:
    mark_attendance(session=session, assignment_id=places[0].pk, mark="absent", actor=facilitator, now=DURING)
    assert (
        mark_attendance(session=session, assignment_id=places[0].pk, mark="absent", actor=facilitator, now=DURING)
        is None
    )
    assert AttendanceChange.objects.count() == 1


def test_the_register_does_not_open_before_the_session_starts(session, places, facilitator) -> None:
    with pytest.raises(DomainError) as refused:
        mark_attendance(
            session=session, assignment_id=places[0].pk, mark="present", actor=facilitator,
            now=session.starts_at - datetime.timedelta(seconds=1),
        )  # fmt: skip
    assert refused.value.code == "not_started"
    mark_attendance(
        session=session, assignment_id=places[0].pk, mark="present", actor=facilitator, now=session.starts_at
    )


def test_another_facilitator_cannot_take_the_register(session, places, db) -> None:
    stranger = make_user("sam@hub.test", "Sam Stranger", is_facilitator=True)
    with pytest.raises(DomainError) as refused:
        mark_attendance(session=session, assignment_id=places[0].pk, mark="present", actor=stranger, now=DURING)
    assert refused.value.code == "not_your_register"


def test_a_cancelled_session_has_no_register(session, places, facilitator) -> None:
    session.status = "cancelled"
    session.save()
    with pytest.raises(DomainError) as refused:
        mark_everyone_present(session=session, actor=facilitator, now=DURING)
    assert refused.value.code == "session_cancelled"


def test_a_place_on_another_session_is_not_on_this_register(session, places, facilitator, cohort, mentor) -> None:
    elsewhere = assign(mentor, make_session(make_event(cohort, audience="mentor", title="Mentoring"), DAY))
    with pytest.raises(DomainError) as refused:
        mark_attendance(session=session, assignment_id=elsewhere.pk, mark="present", actor=facilitator, now=DURING)
    assert refused.value.code == "not_on_register"


def test_unknown_marks_are_refused(session, places, facilitator) -> None:
    with pytest.raises(DomainError) as refused:
        mark_attendance(session=session, assignment_id=places[0].pk, mark="asleep", actor=facilitator, now=DURING)
    assert refused.value.code == "unknown_mark"


def test_everyone_present_keeps_marks_already_made(session, places, facilitator) -> None:
    mark_attendance(session=session, assignment_id=places[0].pk, mark="absent", actor=facilitator, now=DURING)
    assert mark_everyone_present(session=session, actor=facilitator, now=DURING) == 1
    marks = dict(AttendanceRecord.objects.values_list("assignment_id", "mark"))
    assert marks == {places[0].pk: "absent", places[1].pk: "present"}
    assert mark_everyone_present(session=session, actor=facilitator, now=DURING) == 0


def test_the_register_is_open_to_the_end_of_the_last_day_then_closes_for_facilitators(
    session, places, facilitator
) -> None:
    mark_attendance(session=session, assignment_id=places[0].pk, mark="late", actor=facilitator, now=LAST_MINUTE)
    with pytest.raises(DomainError) as refused:
        mark_attendance(session=session, assignment_id=places[0].pk, mark="present", actor=facilitator, now=CLOSED)
    assert refused.value.code == "register_closed"
    with pytest.raises(DomainError) as refused:
        mark_everyone_present(session=session, actor=facilitator, now=CLOSED)
    assert refused.value.code == "register_closed"


def test_the_hub_setting_decides_how_long_a_register_stays_open(session, places, facilitator) -> None:
    HubSettings.load()
    HubSettings.objects.filter(pk=1).update(register_open_days=14)
    mark_attendance(session=session, assignment_id=places[0].pk, mark="late", actor=facilitator, now=CLOSED)


def test_a_hub_admin_corrects_a_closed_register_only_with_a_reason_and_it_is_audited(
    session, places, hub_admin
) -> None:
    with pytest.raises(DomainError) as refused:
        mark_attendance(session=session, assignment_id=places[1].pk, mark="present", actor=hub_admin, now=CLOSED)
    assert refused.value.code == "reason_missing"
    with pytest.raises(DomainError) as refused:
        mark_attendance(
            session=session, assignment_id=places[1].pk, mark="present", actor=hub_admin, reason="x\ny", now=CLOSED
        )
    assert refused.value.code == "reason_not_one_line"
    mark_attendance(
        session=session, assignment_id=places[1].pk, mark="present", actor=hub_admin,
        reason="Signed the paper register; missed online", now=CLOSED,
    )  # fmt: skip
    change = AttendanceChange.objects.get()
    assert (change.source, change.reason) == ("correction", "Signed the paper register; missed online")
    entry = AuditEntry.objects.get(action="attendance.corrected")
    assert "Ed Ect" in entry.summary and "Present" in entry.summary


def test_a_registers_history_cannot_be_rewritten(session, places, facilitator) -> None:
    mark_attendance(session=session, assignment_id=places[0].pk, mark="present", actor=facilitator, now=DURING)
    change = AttendanceChange.objects.get()
    with pytest.raises(PermissionDenied):
        change.save()
    with pytest.raises(PermissionDenied):
        AttendanceChange.objects.update(reason="rewritten")
    with pytest.raises(PermissionDenied):
        AttendanceChange.objects.all().delete()
