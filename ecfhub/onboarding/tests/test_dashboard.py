from __future__ import annotations

import pytest
from django.urls import reverse

from ecfhub.hub.models import HubSettings

pytestmark = pytest.mark.django_db


def test_an_ect_sees_their_school_cohort_and_mentor(client, ect):
    client.force_login(ect.user)
    page = client.get(reverse("dashboard")).content.decode()
    assert "Riverside Primary" in page
    assert "2025/26" in page
    assert "Max Mentor" in page


def test_a_mentor_sees_their_ects(client, ect, mentor):
    client.force_login(mentor.user)
    page = client.get(reverse("dashboard")).content.decode()
    assert "Your ECTs" in page and "Erin Ect" in page


def test_the_launch_button_appears_only_when_the_hub_has_a_learning_platform_link(client, ect):
    client.force_login(ect.user)
    assert "Launch" not in client.get(reverse("dashboard")).content.decode()
    hub = HubSettings.load()
    hub.learning_platform_name = "Steplab"
    hub.learning_platform_url = "https://platform.example.org/"
    hub.save()
    page = client.get(reverse("dashboard")).content.decode()
    assert "Launch Steplab" in page and 'href="https://platform.example.org/"' in page


def test_a_tutor_sees_links_to_their_schools(client, tutor, school):
    client.force_login(tutor)
    page = client.get(reverse("dashboard")).content.decode()
    assert reverse("onboarding:school", args=[school.pk]) in page
    assert "Launch" not in page


def test_a_hub_admin_who_also_facilitates_sees_the_manage_link(client, hub_admin):
    hub_admin.is_facilitator = True
    hub_admin.save()
    client.force_login(hub_admin)
    assert reverse("hub:manage") in client.get(reverse("dashboard")).content.decode()
