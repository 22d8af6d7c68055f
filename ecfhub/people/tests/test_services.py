import datetime

import pytest

from ecfhub.lib.errors import DomainError
from ecfhub.people.models import Mentorship, Participant, User
from ecfhub.people.services import end_mentorships, pair_mentor


@pytest.fixture
def second_mentor(school, cohort):
    return Participant.objects.create(
        user=User.objects.create_user(email="mia@riverside.test", full_name="Mia Mentor"),
        school=school,
        cohort=cohort,
        participant_type="mentor",
        trn="2000003",
        induction_start_date=datetime.date(2025, 9, 3),
    )


def test_it_replaces_the_current_mentor_and_keeps_the_history(ect, mentor, second_mentor):
    pair_mentor(ect=ect, mentor=second_mentor, on=datetime.date(2026, 1, 6))
    history = list(Mentorship.objects.filter(ect=ect).order_by("started_on"))
    # Max's last day is the 5th; from the 6th (his pairing's ended_on, the first day unpaired) Mia's.
    assert [(m.mentor_id, m.ended_on, m.last_day) for m in history] == [
        (mentor.pk, datetime.date(2026, 1, 6), datetime.date(2026, 1, 5)),
        (second_mentor.pk, None, None),
    ]
    assert ect.current_mentorship(datetime.date(2026, 2, 1)).mentor == second_mentor
    assert ect.current_mentorship(datetime.date(2025, 12, 1)).mentor == mentor


def test_pairing_the_same_mentor_again_changes_nothing(ect, mentor):
    before = Mentorship.objects.get(ect=ect)
    assert pair_mentor(ect=ect, mentor=mentor, on=datetime.date(2026, 1, 6)) == before
    assert Mentorship.objects.filter(ect=ect).count() == 1


def test_it_refuses_a_mentor_from_another_school(ect, other_mentor):
    with pytest.raises(DomainError) as caught:
        pair_mentor(ect=ect, mentor=other_mentor, on=datetime.date(2026, 1, 6))
    assert caught.value.code == "different_school"
    assert Mentorship.objects.get(ect=ect, ended_on__isnull=True).mentor_id != other_mentor.pk


def test_it_refuses_to_pair_two_mentors(mentor, second_mentor):
    with pytest.raises(DomainError) as caught:
        pair_mentor(ect=second_mentor, mentor=mentor, on=datetime.date(2026, 1, 6))
    assert caught.value.code == "not_an_ect"


def test_ending_someones_pairings_keeps_them_as_history_ending_the_day_before(ect, mentor):
    assert end_mentorships(participant=mentor, on=datetime.date(2026, 2, 2)) == 1
    mentorship = ect.mentorships_as_ect.get()
    assert mentorship.last_day == datetime.date(2026, 2, 1) and mentorship.ended_on == datetime.date(2026, 2, 2)
    assert mentorship.is_current_on(datetime.date(2026, 2, 1)) and not mentorship.is_current_on(
        datetime.date(2026, 2, 2)
    )
    assert end_mentorships(participant=mentor, on=datetime.date(2026, 3, 2)) == 0
