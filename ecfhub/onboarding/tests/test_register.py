from __future__ import annotations

import pytest
from django.urls import reverse

from ecfhub.audit.models import AuditEntry
from ecfhub.notifications.models import OutboundMessage
from ecfhub.onboarding.models import Invitation
from ecfhub.people.models import Participant, User

pytestmark = pytest.mark.django_db


def post(client, school, **changes):  # type: ignore[no-untyped-def]
    data = {
        "full_name": "Nina New",
        "email": "nina@riverside.test",
        "trn": "1234567",
        "induction_start_date": "2026-01-05",
        "participant_type": "ect",
        **changes,
    }
    return client.post(reverse("onboarding:register", args=[school.pk]), data)


def test_registering_creates_the_participant_in_the_cohort_of_the_start_date_and_queues_an_invitation(
    client, tutor, school
):
    client.force_login(tutor)
    response = post(client, school)
    assert response.status_code == 302
    nina = Participant.objects.get(trn="1234567")
    assert nina.cohort.start_year == 2025  # January 2026 is in the 2025/26 academic year
    assert not nina.user.has_usable_password()
    invitation = Invitation.objects.get(user=nina.user)
    assert len(invitation.token_hash) == 64
    assert OutboundMessage.objects.get(to="nina@riverside.test").kind == "invitation"
    entry = AuditEntry.objects.get(action="participant.registered")
    assert entry.actor == tutor and "Nina New" in entry.summary
    # DfE's order: the details, then their mentor.
    assert response["Location"] == reverse("onboarding:pair", args=[nina.pk]) + "?registering=1"
    mentor_step = client.get(response["Location"]).content.decode()
    assert "Nina New is registered. Now choose who mentors them" in mentor_step and "Choose later" in mentor_step
    page = client.get(reverse("onboarding:school", args=[school.pk])).content.decode()
    assert "Nina New" in page and "Invited" in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("trn", "12345", "Enter the TRN as 7 digits, for example 1234567."),
        ("trn", "12a4567", "Enter the TRN as 7 digits, for example 1234567."),
        ("email", "nina at school", "Enter an e-mail address in the right format"),
        ("induction_start_date", "2019-09-01", "September 2020 or later"),
        ("full_name", "", "Enter their full name."),
    ],
)
def test_malformed_details_get_a_clear_message(client, tutor, school, field, value, message):
    client.force_login(tutor)
    response = post(client, school, **{field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Participant.objects.exists()


def test_a_trn_at_this_school_names_the_person(client, tutor, school, ect):
    client.force_login(tutor)
    page = post(client, school, trn=ect.trn).content.decode()
    assert "This TRN is already registered at this school, for Erin Ect." in page


def test_a_trn_or_email_at_another_school_does_not_leak_who_or_where(client, tutor, school, other_ect):
    client.force_login(tutor)
    page = post(client, school, trn=other_ect.trn, email=other_ect.user.email).content.decode()
    assert "This TRN is already registered at another school. Contact the hub." in page
    assert "This e-mail address is already in use in the hub, so this school cannot register it." in page
    assert "Oakfield" not in page and "Ed Ect" not in page
    assert Participant.objects.filter(school=school).count() == 0


def test_a_tutor_can_register_themselves_as_a_mentor_and_keeps_their_account(client, tutor, school):
    client.force_login(tutor)
    post(client, school, email=tutor.email, full_name="Tess Tutor", participant_type="mentor")
    participant = Participant.objects.get()
    assert participant.user == tutor
    assert not OutboundMessage.objects.exists()  # already active: no invitation


def test_a_part_time_teachers_days_off_can_be_given_at_registration(client, tutor, school):
    client.force_login(tutor)
    assert post(client, school, unavailable_weekdays=["0", "4"]).status_code == 302
    assert Participant.objects.get(trn="1234567").unavailable_weekdays == [0, 4]


def test_the_phase_and_subject_they_teach_can_be_given_at_registration(client, tutor, school):
    client.force_login(tutor)
    assert post(client, school, phase="secondary", subject="Mathematics").status_code == 302
    nina = Participant.objects.get(trn="1234567")
    assert (nina.phase, nina.subject) == ("secondary", "Mathematics")


def test_a_phase_not_in_dfes_list_is_refused_in_words_a_tutor_reads(client, tutor, school):
    client.force_login(tutor)
    page = post(client, school, phase="sixth-form").content.decode()
    assert "Choose a phase from the list." in page
    assert not Participant.objects.filter(trn="1234567").exists()


@pytest.mark.parametrize("whose", ["hub_admin", "facilitator", "other_tutor", "pending_tutor"])
def test_a_tutor_cannot_attach_an_account_their_school_has_no_link_to(
    client, tutor, school, other_school, whose, request
):
    from ecfhub.onboarding.invitations import issue_invitation

    if whose == "pending_tutor":
        account = User.objects.create_user(email="pat@oakfield.test", full_name="Pat Pending", password=None)
        other_school.induction_tutors.add(account)
        issue_invitation(user=account, actor=None)
    else:
        account = request.getfixturevalue(whose)
    open_before = list(Invitation.objects.filter(user=account, revoked_at__isnull=True).values_list("pk", flat=True))
    name_before = account.full_name
    client.force_login(tutor)
    response = post(client, school, email=account.email.upper(), full_name="Someone Typed")
    page = response.content.decode()
    assert response.status_code == 200
    assert "This e-mail address is already in use in the hub, so this school cannot register it." in page
    assert name_before not in page and "Oakfield" not in page
    assert not Participant.objects.filter(user=account).exists()
    account.refresh_from_db()
    assert account.full_name == name_before
    # Their own invitation (a pending tutor's) still works.
    assert (
        list(Invitation.objects.filter(user=account, revoked_at__isnull=True).values_list("pk", flat=True))
        == open_before
    )


def test_the_hub_may_register_an_existing_account_at_any_school(client, hub_admin, facilitator, school):
    client.force_login(hub_admin)
    assert post(client, school, email=facilitator.email, participant_type="mentor").status_code == 302
    assert Participant.objects.get().user == facilitator


def test_registering_an_existing_colleague_shows_the_name_typed_not_the_one_stored(client, tutor, school):
    client.force_login(tutor)
    response = post(client, school, email=tutor.email, full_name="Mrs T Tutor", participant_type="mentor")
    page = client.get(response["Location"]).content.decode()
    assert "Mrs T Tutor is registered." in page
