import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ecfhub.people.models import Mentorship, Participant, School, User


@pytest.mark.parametrize("urn", ["12345", "1234567", "12a456", " 123456"])
def test_it_refuses_a_urn_that_is_not_six_digits(db, urn):
    school = School(urn=urn, name="Test School")
    with pytest.raises(ValidationError) as caught:
        school.full_clean()
    assert "Enter the school's URN as 6 digits" in str(caught.value.message_dict["urn"])


def test_it_accepts_a_six_digit_urn(db):
    School(urn="121234", name="Test School").full_clean()


def test_it_refuses_a_second_school_with_the_same_urn(school):
    with pytest.raises(ValidationError) as caught:
        School(urn=school.urn, name="Copy").full_clean()
    assert "URN already exists" in str(caught.value)


@pytest.mark.parametrize("trn", ["123456", "12345678", "RP12345", "12 34567"])
def test_it_refuses_a_trn_that_is_not_seven_digits(ect, trn):
    ect.trn = trn
    with pytest.raises(ValidationError) as caught:
        ect.full_clean()
    assert "Enter the TRN as 7 digits, for example 1234567." in caught.value.message_dict["trn"]


def test_it_requires_a_dfe_reason_code_to_withdraw(ect):
    ect.status = Participant.Status.WITHDRAWN
    ect.status_reason = "fed-up"
    with pytest.raises(ValidationError) as caught:
        ect.full_clean()
    assert caught.value.message_dict["status_reason"] == ["Choose the DfE withdrawal reason."]
    ect.status_reason = Participant.WithdrawalReason.MOVED_SCHOOL
    ect.full_clean()


def test_the_database_allows_only_one_current_mentor_per_ect(ect, school, cohort):
    second = Participant.objects.create(
        user=User.objects.create_user(email="m2@riverside.test", full_name="Second Mentor"),
        school=school,
        cohort=cohort,
        participant_type="mentor",
        trn="2000009",
        induction_start_date=datetime.date(2025, 9, 3),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Mentorship.objects.create(mentor=second, ect=ect, started_on=datetime.date(2026, 1, 6))


def test_clean_explains_that_the_ect_already_has_a_mentor(ect, mentor):
    pairing = Mentorship(mentor=mentor, ect=ect, started_on=datetime.date(2026, 1, 6))
    with pytest.raises(ValidationError) as caught:
        pairing.full_clean()
    assert caught.value.message_dict["ect"] == ["This ECT already has a current mentor. End that pairing first."]


def test_a_mentor_may_have_several_ects(mentor, ect, school, cohort):
    another = Participant.objects.create(
        user=User.objects.create_user(email="e2@riverside.test", full_name="Second ECT"),
        school=school,
        cohort=cohort,
        participant_type="ect",
        trn="1000009",
        induction_start_date=datetime.date(2025, 9, 3),
    )
    Mentorship.objects.create(mentor=mentor, ect=another, started_on=datetime.date(2025, 9, 3))
    assert mentor.mentorships_as_mentor.filter(ended_on__isnull=True).count() == 2


def test_e_mail_login_is_case_insensitive(db):
    User.objects.create_user(email="Mixed.Case@School.test", full_name="M C", password="x-very-long-pass")
    assert User.objects.get_by_natural_key("MIXED.case@school.TEST").email == "mixed.case@school.test"


def test_roles_come_from_flags_schools_and_participations(tutor, mentor, school):
    school.induction_tutors.add(mentor.user)
    user = User.objects.get(pk=mentor.user_id)
    assert user.role_labels == ["Induction tutor", "Mentor"]
    assert User.objects.get(pk=tutor.pk).role_labels == ["Induction tutor"]


def test_only_hub_admins_are_staff(db):
    admin = User.objects.create_user(email="a@hub.test", full_name="A", is_hub_admin=True)
    other = User.objects.create_user(email="b@hub.test", full_name="B", is_facilitator=True)
    assert admin.is_staff and not other.is_staff
    admin.is_hub_admin = False
    admin.save()
    assert not User.objects.get(pk=admin.pk).is_staff


def test_a_page_reads_a_persons_participations_and_schools_once_for_its_roles_and_its_own_use(
    ect, tutor, school, django_assert_num_queries
):
    from django.http import HttpResponse
    from django.test import RequestFactory

    from ecfhub.lib.request_memo import RequestMemoMiddleware

    tutor_and_ect = User.objects.get(pk=ect.user_id)
    school.induction_tutors.add(tutor_and_ect)
    seen: dict[str, object] = {}

    def view(request):  # type: ignore[no-untyped-def]
        seen["roles"] = tutor_and_ect.roles
        seen["participations"] = tutor_and_ect.own_participations()
        seen["schools"] = tutor_and_ect.own_tutored_schools()
        return HttpResponse()

    with django_assert_num_queries(2):  # participations, schools
        RequestMemoMiddleware(view)(RequestFactory().get("/"))
    assert seen["roles"] == ["induction_tutor", "ect"]
    assert seen["participations"] == [ect]
    assert seen["schools"] == [school]


def test_withdrawn_participations_are_not_a_persons_own(ect):
    ect.status = Participant.Status.WITHDRAWN
    ect.withdrawal_reason = "moved-school"
    ect.save()
    user = User.objects.get(pk=ect.user_id)
    assert user.own_participations() == []
    assert "ect" not in user.roles
