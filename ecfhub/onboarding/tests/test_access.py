"""A tutor sees and changes only their own school's records, whatever id is put in the URL."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ecfhub.onboarding.models import CsvImport
from ecfhub.people.models import Mentorship, Participant

pytestmark = pytest.mark.django_db


def other_school_urls(other_school, other_ect, csv_import):  # type: ignore[no-untyped-def]
    p = other_ect.pk
    return [
        reverse("onboarding:school", args=[other_school.pk]),
        reverse("onboarding:register", args=[other_school.pk]),
        reverse("onboarding:upload", args=[other_school.pk]),
        reverse("onboarding:csv_template", args=[other_school.pk]),
        reverse("onboarding:import", args=[csv_import.pk]),
        reverse("onboarding:participant", args=[p]),
        reverse("onboarding:pair", args=[p]),
        reverse("onboarding:status", args=[p, "withdraw"]),
        reverse("onboarding:status", args=[p, "defer"]),
        reverse("onboarding:resume", args=[p]),
        reverse("onboarding:resend", args=[p]),
    ]


@pytest.fixture
def their_import(other_school, other_tutor):  # type: ignore[no-untyped-def]
    return CsvImport.objects.create(
        school=other_school, uploaded_by=other_tutor, filename="x.csv", sha256="0" * 64, rows=[], row_count=0
    )


def test_a_tutor_gets_404_for_every_page_of_another_school(client, tutor, other_school, other_ect, their_import):
    client.force_login(tutor)
    for url in other_school_urls(other_school, other_ect, their_import):
        assert client.get(url).status_code in (404, 405), url  # 405: POST-only actions refuse GET first
        assert (
            client.post(
                url,
                {
                    "full_name": "X",
                    "email": "x@x.test",
                    "trn": "7777777",
                    "induction_start_date": "2025-09-03",
                    "participant_type": "ect",
                    "on": "2026-01-05",
                    "reason": "moved-school",
                    "sha256": "0" * 64,
                },
            ).status_code
            == 404
        ), url
    other_ect.refresh_from_db()
    assert other_ect.status == Participant.Status.ACTIVE
    assert not Participant.objects.filter(trn="7777777").exists()


def test_the_school_page_lists_only_that_schools_people(client, tutor, school, ect, other_ect):
    client.force_login(tutor)
    page = client.get(reverse("onboarding:school", args=[school.pk])).content.decode()
    assert "Erin Ect" in page and "Max Mentor" in page
    assert "Ed Ect" not in page and "Olga Mentor" not in page
    schools = client.get(reverse("onboarding:schools")).content.decode()
    assert "Riverside Primary" in schools and "Oakfield" not in schools


def test_a_tutor_cannot_pair_their_ect_with_another_schools_mentor_by_id(client, tutor, ect, other_mentor):
    client.force_login(tutor)
    response = client.post(
        reverse("onboarding:pair", args=[ect.pk]), {"mentor": other_mentor.pk, "starts_on": "2026-01-05"}
    )
    assert "Choose one of the school&#x27;s mentors." in response.content.decode()
    assert not Mentorship.objects.filter(mentor=other_mentor, ect=ect).exists()


@pytest.mark.parametrize("who", ["ect", "mentor", "facilitator"])
def test_people_who_are_not_tutors_see_no_school_pages(client, request, school, ect, who):
    person = request.getfixturevalue(who)
    client.force_login(getattr(person, "user", person))
    assert client.get(reverse("onboarding:schools")).status_code == 403
    assert client.get(reverse("onboarding:school", args=[school.pk])).status_code == 404
    assert client.get(reverse("onboarding:participant", args=[ect.pk])).status_code == 404
    assert client.get(reverse("onboarding:admin_schools")).status_code == 403


def test_hub_admins_can_open_any_school(client, hub_admin, other_school, other_ect):
    client.force_login(hub_admin)
    assert client.get(reverse("onboarding:school", args=[other_school.pk])).status_code == 200
    assert client.get(reverse("onboarding:participant", args=[other_ect.pk])).status_code == 200


def test_signed_out_visitors_are_sent_to_sign_in(client, school):
    response = client.get(reverse("onboarding:school", args=[school.pk]))
    assert response.status_code == 302 and "/account/login/" in response["Location"]
