"""The scheduler reads each person's requirement: a trained mentor is never given a date, a reduced schedule fewer."""

from __future__ import annotations

import datetime

import pytest

from ecfhub.events.models import TrainingEvent
from ecfhub.people.models import Participant
from ecfhub.programme.models import ProgrammeRequirement
from ecfhub.scheduling.models import Assignment
from ecfhub.scheduling.services import commit_schedule, plan_schedule
from ecfhub.scheduling.summaries import dates_summary
from ecfhub.scheduling.tests.conftest import AS_OF, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def mentor_clinics(cohort, calendar_2025):
    first = TrainingEvent.objects.create(
        cohort=cohort, kind="clinic", audience="mentor", programme_year=1, order=1, title="Coaching well"
    )
    second = TrainingEvent.objects.create(
        cohort=cohort, kind="clinic", audience="mentor", programme_year=1, order=2, title="Feedback that lands"
    )
    make_session(first, datetime.date(2025, 11, 4))
    make_session(second, datetime.date(2026, 1, 13))
    return first, second


def dates_of(participant: Participant) -> int:
    return Assignment.objects.filter(participant=participant, status=Assignment.Status.ASSIGNED).count()


def test_a_trained_mentor_is_never_assigned_and_a_new_mentor_is(mentor_clinics, mentor, other_mentor, hub_admin):
    Participant.objects.filter(pk=other_mentor.pk).update(mentor_training=Participant.MentorTraining.TRAINED)
    plan = plan_schedule(as_of=AS_OF)
    placed = {pid for pid, _, _ in plan.placements}
    assert placed == {mentor.pk}
    assert plan.unplaced == []  # nothing is missing for the trained mentor
    commit_schedule(plan=plan, actor=hub_admin)
    assert (dates_of(mentor), dates_of(other_mentor)) == (2, 0)


def test_a_mentor_not_eligible_is_not_assigned_either(mentor_clinics, mentor, hub_admin):
    Participant.objects.filter(pk=mentor.pk).update(mentor_training=Participant.MentorTraining.NOT_ELIGIBLE)
    assert plan_schedule(as_of=AS_OF).placements == []


def test_a_trained_mentor_is_not_counted_as_missing_dates(mentor_clinics, other_mentor):
    Participant.objects.filter(pk=other_mentor.pk).update(mentor_training=Participant.MentorTraining.TRAINED)
    other_mentor.refresh_from_db()
    summary = dates_summary(other_mentor, now=datetime.datetime(2025, 9, 3, tzinfo=datetime.UTC))
    assert summary.dates_optional
    assert summary.requirement.total == 0


def test_a_reduced_schedule_is_given_only_as_many_events_as_its_requirement(mentor_clinics, mentor, other_mentor):
    ProgrammeRequirement.objects.create(
        cohort=mentor.cohort, participant_type="mentor", schedule_kind="reduced", clinics=1, conferences=0
    )
    Participant.objects.filter(pk=other_mentor.pk).update(schedule_identifier="ecf-reduced-september")
    plan = plan_schedule(as_of=AS_OF)
    events_for = {}
    for pid, event_id, _ in plan.placements:
        events_for.setdefault(pid, []).append(event_id)
    assert len(events_for[mentor.pk]) == 2
    assert events_for[other_mentor.pk] == [mentor_clinics[0].pk]  # the first in programme order


def test_a_kind_the_base_requirement_asks_none_of_is_not_given(mentor_clinics, mentor):
    ProgrammeRequirement.objects.filter(
        cohort=mentor.cohort, participant_type="mentor", mentor_training="", schedule_kind=""
    ).update(clinics=0)
    assert plan_schedule(as_of=AS_OF).placements == []
