"""A hub admin adds another induction tutor to an existing school, from the school's page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ecfhub.audit.models import AuditEntry
from ecfhub.notifications.models import OutboundMessage
from ecfhub.onboarding.models import Invitation
from ecfhub.people.models import User

pytestmark = pytest.mark.django_db


def add_url(school) -> str:  # type: ignore[no-untyped-def]
    return reverse("onboarding:admin_add_tutor", args=[school.pk])


def test_the_school_page_offers_hub_admins_the_form(client, hub_admin, school):
    client.force_login(hub_admin)
    page = client.get(reverse("onboarding:school", args=[school.pk])).content.decode()
    assert add_url(school) in page
    assert "Add an induction tutor" in client.get(add_url(school)).content.decode()


def test_the_schools_own_tutor_sees_no_link_and_cannot_open_the_form(client, tutor, school):
    client.force_login(tutor)
    page = client.get(reverse("onboarding:school", args=[school.pk])).content.decode()
    assert add_url(school) not in page
    assert client.get(add_url(school)).status_code == 403
    response = client.post(add_url(school), {"full_name": "Pat Pal", "email": "pat@riverside.test"})
    assert response.status_code == 403
    assert not User.objects.filter(email="pat@riverside.test").exists()


@pytest.mark.parametrize("who", ["other_tutor", "mentor", "ect", "facilitator"])
def test_nobody_else_can_add_a_tutor(client, school, who, request):
    person = request.getfixturevalue(who)
    client.force_login(getattr(person, "user", person))  # mentor/ect fixtures are participants
    response = client.post(add_url(school), {"full_name": "Pat Pal", "email": "pat@riverside.test"})
    assert response.status_code == 403
    assert not User.objects.filter(email="pat@riverside.test").exists()


def test_a_new_tutor_is_invited_audited_and_then_sees_the_school(client, hub_admin, school, tutor):
    client.force_login(hub_admin)
    response = client.post(add_url(school), {"full_name": "  Pat   Pal ", "email": "Pat@Riverside.TEST"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("onboarding:school", args=[school.pk])
    page = response.content.decode()
    assert "Pat Pal is now an induction tutor for Riverside" in page
    assert "We have e-mailed pat@riverside.test" in page

    pat = User.objects.get(email="pat@riverside.test")
    assert pat.full_name == "Pat Pal"
    assert pat.is_induction_tutor_for(school.pk) and tutor.is_induction_tutor_for(school.pk)  # Tess stays
    message = OutboundMessage.objects.get(to="pat@riverside.test")
    assert message.kind == "invitation"
    assert f"You are the induction tutor for {school.name}" in message.body_text
    assert Invitation.objects.filter(user=pat).count() == 1
    entry = AuditEntry.objects.get(action="school.tutor_added")
    assert entry.details == {"user_id": pat.pk}

    client.force_login(pat)
    assert school.name in client.get(reverse("onboarding:schools")).content.decode()
    assert client.get(reverse("onboarding:school", args=[school.pk])).status_code == 200


def test_an_existing_account_is_linked_without_an_invitation(client, hub_admin, school, other_tutor, other_school):
    client.force_login(hub_admin)
    response = client.post(add_url(school), {"full_name": "Anything", "email": other_tutor.email.upper()}, follow=True)
    assert "We have e-mailed" not in response.content.decode()
    other_tutor.refresh_from_db()
    assert other_tutor.is_induction_tutor_for(school.pk) and other_tutor.is_induction_tutor_for(other_school.pk)
    assert User.objects.filter(email__iexact=other_tutor.email).count() == 1
    assert not OutboundMessage.objects.exists()  # their account is set up already


def test_an_address_already_tutoring_this_school_is_refused_clearly(client, hub_admin, school, tutor):
    client.force_login(hub_admin)
    response = client.post(add_url(school), {"full_name": "Tess Again", "email": tutor.email.upper()})
    page = response.content.decode()
    assert response.status_code == 200
    assert f"This e-mail address already belongs to an induction tutor for {school.name}." in page
    assert not AuditEntry.objects.filter(action="school.tutor_added").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"full_name": "", "email": "pat@riverside.test"}, "Enter the induction tutor&#x27;s full name."),
        ({"full_name": "Pat Pal", "email": ""}, "Enter their e-mail address."),
        ({"full_name": "Pat Pal", "email": "not-an-address"}, "Enter an e-mail address in the right format"),
    ],
)
def test_missing_or_wrong_details_are_explained(client, hub_admin, school, data, message):
    client.force_login(hub_admin)
    page = client.post(add_url(school), data).content.decode()
    assert message in page
    assert not OutboundMessage.objects.exists()


def test_an_unknown_school_is_not_found(client, hub_admin):
    client.force_login(hub_admin)
    assert client.get(reverse("onboarding:admin_add_tutor", args=[999999])).status_code == 404
