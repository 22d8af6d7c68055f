"""The hub's learning settings page: the coaching cadence, what a new mentor reads, and whether
modules and coaching recorded here count towards engagement."""

from __future__ import annotations

from django.urls import reverse

from ecfhub.audit.models import AuditEntry
from ecfhub.learning.models import LearningSettings
from ecfhub.lib.concurrency import version_of


def form_data(**changes: object) -> dict[str, object]:
    row = LearningSettings.load()
    data: dict[str, object] = {
        "year_1_meeting_every_weeks": row.year_1_meeting_every_weeks,
        "year_2_meeting_every_weeks": row.year_2_meeting_every_weeks,
        "version": version_of(row),
    }
    if row.new_mentor_reads_history:
        data["new_mentor_reads_history"] = "on"
    if row.count_learning_in_engagement:
        data["count_learning_in_engagement"] = "on"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_modules_and_coaching_count_towards_engagement_until_the_hub_turns_it_off(client, hub_admin) -> None:
    assert LearningSettings.load().count_learning_in_engagement is True
    client.force_login(hub_admin)
    page = client.get(reverse("learning:admin_settings")).content.decode()
    assert "Count modules and coaching recorded in ECF Hub towards engagement" in page
    response = client.post(reverse("learning:admin_settings"), form_data(count_learning_in_engagement=None))
    assert response.status_code == 302
    assert LearningSettings.load().count_learning_in_engagement is False
    entry = AuditEntry.objects.filter(action="learning_settings.changed").latest("pk")
    assert entry.details == {"changed": ["count_learning_in_engagement"]}
    client.post(reverse("learning:admin_settings"), form_data(count_learning_in_engagement="on"))
    assert LearningSettings.load().count_learning_in_engagement is True
