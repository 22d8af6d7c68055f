from __future__ import annotations

import pytest
from django.urls import reverse

from ecfhub.audit.models import AuditEntry
from ecfhub.notifications.models import OutboundMessage
from ecfhub.onboarding.models import Invitation
from ecfhub.people.models import School, User

pytestmark = pytest.mark.django_db


def test_a_hub_admin_adds_a_school_and_its_tutor_is_invited(client, hub_admin):
    client.force_login(hub_admin)
    response = client.post(
        reverse("onboarding:admin_add_school"),
        {
            "urn": "123456",
            "name": "Heath Junior",
            "town": "Lowestoft",
            "tutor_name": "Tom Tutor",
            "tutor_email": "Tom@Heath.test",
        },
    )
    assert response.status_code == 302
    school = School.objects.get(urn="123456")
    tom = User.objects.get(email="tom@heath.test")
    assert tom.is_induction_tutor_for(school)
    assert not tom.has_usable_password()
    message = OutboundMessage.objects.get(to="tom@heath.test")
    assert "You are the induction tutor for Heath Junior" in message.body_text
    assert AuditEntry.objects.filter(action="school.added").exists()
    listing = client.get(reverse("onboarding:admin_schools")).content.decode()
    assert "Heath Junior" in listing and "Tom Tutor (invited)" in listing


def test_a_duplicate_urn_is_refused(client, hub_admin, school):
    client.force_login(hub_admin)
    page = client.post(
        reverse("onboarding:admin_add_school"),
        {"urn": school.urn, "name": "Copy", "tutor_name": "A", "tutor_email": "a@b.test"},
    ).content.decode()
    assert "A school with this URN is already in the programme." in page


def test_a_hub_admin_resends_a_tutors_invitation(client, hub_admin, school):
    from ecfhub.onboarding.services import add_induction_tutor

    tom = add_induction_tutor(school=school, full_name="Tom Tutor", email="tom@riverside.test", actor=hub_admin)
    client.force_login(hub_admin)
    client.post(reverse("onboarding:resend_tutor", args=[school.pk, tom.pk]))
    assert Invitation.objects.filter(user=tom).count() == 2
    assert Invitation.objects.filter(user=tom, revoked_at__isnull=True).count() == 1
    assert OutboundMessage.objects.filter(to="tom@riverside.test", kind="invitation_resent").exists()
    assert AuditEntry.objects.filter(action="invitation.resent").exists()


def test_an_active_account_gets_no_new_link(client, hub_admin, school, tutor):
    client.force_login(hub_admin)
    response = client.post(reverse("onboarding:resend_tutor", args=[school.pk, tutor.pk]), follow=True)
    assert "has already set up their account" in response.content.decode()
    assert not OutboundMessage.objects.exists()
