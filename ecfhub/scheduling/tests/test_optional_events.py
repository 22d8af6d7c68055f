"""An optional event (a seventh clinic) is given to nobody, is not set against the requirement, and an
attendance at it does not count in progress; required events go on as before."""

from __future__ import annotations

import datetime

import pytest

from ecfhub.attendance.models import AttendanceRecord
from ecfhub.attendance.queries import progress_for
from ecfhub.attendance.tests.factories import set_mark
from ecfhub.events.queries import check_requirements
from ecfhub.events.services import local_datetime, update_training_event
from ecfhub.events.tests.factories import assign
from ecfhub.people.models import Participant
from ecfhub.scheduling.services import plan_schedule
from ecfhub.scheduling.summaries import dates_summary
from ecfhub.scheduling.tests.conftest import AS_OF, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def extra(clinic_1, clinic_2, hub_admin):  # type: ignore[no-untyped-def]
    for event in (clinic_1, clinic_2):
        make_session(event, datetime.date(2025, 11, 4))
    return update_training_event(event=clinic_2, changes={"optional": True}, actor=hub_admin)


def test_the_scheduler_gives_nobody_a_date_for_an_optional_event(extra, clinic_1, ect, other_ect) -> None:
    plan = plan_schedule(as_of=AS_OF)
    assert {event for _, event, _ in plan.placements} == {clinic_1.pk}
    assert {row["event_id"] for row in plan.sessions} == {clinic_1.pk}  # its sessions are not even offered
    assert plan.stats["wanted"] == 2  # one date each, for the required clinic


def test_an_optional_event_is_not_set_against_the_requirement_or_my_programme(extra, clinic_1, cohort, ect) -> None:
    checks = {(c.participant_type, c.kind): c.planned for c in check_requirements(cohort)}
    assert checks[("ect", "clinic")] == 1
    summary = dates_summary(ect, now=local_datetime(AS_OF, datetime.time(9, 0)))
    assert summary.events_in_programme == 1


def test_coming_to_an_optional_event_does_not_count_in_progress_nor_does_missing_it(extra, clinic_1, ect) -> None:
    optional_place = assign(ect, extra.sessions.get())
    set_mark(optional_place, "present")
    required_place = assign(ect, clinic_1.sessions.get())
    set_mark(required_place, "absent")
    now = local_datetime(datetime.date(2025, 11, 5), datetime.time(9, 0))
    progress = progress_for(Participant.objects.filter(pk=ect.pk), now=now)[ect.pk]
    assert progress.attended["clinic"] == 0
    assert [m.title for m in progress.missed] == ["Routines that work"]
    AttendanceRecord.objects.filter(assignment=optional_place).update(mark="absent")  # nothing to catch up
    AttendanceRecord.objects.filter(assignment=required_place).update(mark="present")
    progress = progress_for(Participant.objects.filter(pk=ect.pk), now=now)[ect.pk]
    assert progress.attended["clinic"] == 1 and progress.missed == []
