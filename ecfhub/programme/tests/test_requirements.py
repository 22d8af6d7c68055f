"""Requirements per cohort, participant type, mentor training status and schedule: the most specific row wins."""

import pytest

from ecfhub.people.models import Participant
from ecfhub.programme.models import ProgrammeRequirement
from ecfhub.programme.requirements import RequirementBook, requirement_for, without_required_dates
from ecfhub.programme.services import get_or_create_cohort


def test_a_new_cohort_asks_nothing_of_mentors_already_trained_or_not_eligible(db):
    cohort = get_or_create_cohort(start_year=2026)
    rows = {(r.participant_type, r.mentor_training, r.schedule_kind): r.total for r in cohort.requirements.all()}
    assert rows == {
        ("ect", "", ""): 9, ("mentor", "", ""): 5, ("mentor", "trained", ""): 0, ("mentor", "not_eligible", ""): 0,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("training", "figures"),
    [("new", (3, 2)), ("in_training", (3, 2)), ("trained", (0, 0)), ("not_eligible", (0, 0))],
)
def test_a_mentors_requirement_follows_their_mentor_training_status(cohort, mentor, training, figures):
    Participant.objects.filter(pk=mentor.pk).update(mentor_training=training)
    mentor.refresh_from_db()
    requirement = requirement_for(mentor)
    assert (requirement.clinics, requirement.conferences) == figures
    assert requirement.requires_dates == (figures != (0, 0))


def test_a_schedule_row_applies_to_that_schedule_only(cohort, ect, other_ect):
    ProgrammeRequirement.objects.create(
        cohort=cohort, participant_type="ect", schedule_kind="reduced", clinics=3, conferences=1
    )
    Participant.objects.filter(pk=ect.pk).update(schedule_identifier="ecf-reduced-january")
    ect.refresh_from_db()
    assert (requirement_for(ect).clinics, requirement_for(ect).conferences) == (3, 1)
    assert (requirement_for(other_ect).clinics, requirement_for(other_ect).conferences) == (6, 3)


def test_mentor_training_outranks_the_schedule(cohort, mentor):
    ProgrammeRequirement.objects.create(
        cohort=cohort, participant_type="mentor", schedule_kind="replacement", clinics=2, conferences=1
    )
    Participant.objects.filter(pk=mentor.pk).update(
        mentor_training="trained", schedule_identifier="ecf-replacement-april"
    )
    mentor.refresh_from_db()
    assert requirement_for(mentor).total == 0


def test_the_book_answers_many_people_in_one_query(cohort, ect, mentor, django_assert_num_queries):
    with django_assert_num_queries(1):
        book = RequirementBook([cohort.pk])
    with django_assert_num_queries(0):
        assert book.for_participant(ect).clinics == 6
        assert book.for_participant(mentor).clinics == 3


def test_people_without_required_dates_are_the_trained_and_not_eligible_mentors(cohort, ect, mentor, other_mentor):
    Participant.objects.filter(pk=other_mentor.pk).update(mentor_training="trained")
    exempt = set(Participant.objects.filter(without_required_dates()).values_list("pk", flat=True))
    assert exempt == {other_mentor.pk}


def test_a_more_specific_row_that_asks_for_dates_takes_a_person_back(cohort, other_mentor):
    ProgrammeRequirement.objects.create(
        cohort=cohort, participant_type="mentor", mentor_training="trained", schedule_kind="replacement",
        clinics=1, conferences=0,
    )  # fmt: skip
    Participant.objects.filter(pk=other_mentor.pk).update(
        mentor_training="trained", schedule_identifier="ecf-replacement-january"
    )
    assert not Participant.objects.filter(without_required_dates()).exists()
