"""A missed event caught up counts once: progress counts events attended, not places held."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from ecfhub.attendance.queries import progress_for
from ecfhub.attendance.sources import TrainingEvents
from ecfhub.attendance.tests.factories import set_mark
from ecfhub.events.queries import check_requirements
from ecfhub.events.services import local_datetime
from ecfhub.events.tests.factories import assign, make_event, make_session
from ecfhub.people.models import Participant
from ecfhub.scheduling.models import Assignment
from ecfhub.scheduling.services import places

pytestmark = pytest.mark.django_db

MISSED_ON = datetime.date(2026, 1, 14)
AGAIN_ON = datetime.date(2026, 1, 28)


@pytest.fixture
def clinic(cohort, calendar_2025):  # type: ignore[no-untyped-def]
    event = make_event(cohort, order=1, title="Routines that work")
    return {"missed": make_session(event, MISSED_ON), "again": make_session(event, AGAIN_ON)}


def progress(participant: Participant, *, on: datetime.date):  # type: ignore[no-untyped-def]
    now = local_datetime(on, datetime.time(20, 0))
    return progress_for(Participant.objects.filter(pk=participant.pk), now=now)[participant.pk]


def test_a_missed_clinic_caught_up_and_attended_counts_once(clinic, ect) -> None:
    missed = assign(ect, clinic["missed"])
    set_mark(missed, "absent")
    with time_machine.travel(local_datetime(datetime.date(2026, 1, 20), datetime.time(9, 0)), tick=False):
        before = progress(ect, on=datetime.date(2026, 1, 20))
        assert [m.title for m in before.missed] == ["Routines that work"] and before.missed[0].place_id == missed.pk
        places.catch_up(missed=missed, session=clinic["again"], actor=None)
        booked = progress(ect, on=datetime.date(2026, 1, 20))
        assert booked.missed == []  # a catch-up booked is a catch-up
        assert not booked.verdict.reason.startswith("Missed")
    set_mark(Assignment.objects.get(participant=ect, status="assigned"), "present")

    after = progress(ect, on=AGAIN_ON)
    assert after.attended["clinic"] == 1 and after.absences == 1 and after.missed == []
    [item] = TrainingEvents().items(
        Participant.objects.filter(pk=ect.pk), now=local_datetime(AGAIN_ON, datetime.time(20, 0))
    )[ect.pk]
    assert (item.on, item.due, item.done) == (AGAIN_ON, True, True)


def test_the_programmes_planned_events_do_not_change_with_catch_ups(clinic, cohort, ect) -> None:
    planned = [(c.participant_type, c.kind, c.planned) for c in check_requirements(cohort)]
    missed = assign(ect, clinic["missed"])
    set_mark(missed, "absent")
    with time_machine.travel(local_datetime(datetime.date(2026, 1, 20), datetime.time(9, 0)), tick=False):
        places.catch_up(missed=missed, session=clinic["again"], actor=None)
    assert [(c.participant_type, c.kind, c.planned) for c in check_requirements(cohort)] == planned


def test_progress_counts_against_each_persons_own_requirement_row(ect, mentor, calendar_2025) -> None:
    # The cohort has a base mentor row (3 clinics, 2 conferences) and rows asking nothing of mentors
    # already trained or not eligible; a mentor in training is held to the base row, not to whichever
    # mentor row was read last.
    Participant.objects.filter(pk=mentor.pk).update(mentor_training="")
    trained = Participant.objects.get(pk=mentor.pk)
    assert progress(ect, on=AGAIN_ON).required == {"clinic": 6, "conference": 3}
    assert progress(trained, on=AGAIN_ON).required == {"clinic": 3, "conference": 2}
    Participant.objects.filter(pk=mentor.pk).update(mentor_training="trained")
    assert progress(mentor, on=AGAIN_ON).required == {"clinic": 0, "conference": 0}
