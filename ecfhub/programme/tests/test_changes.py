"""A cohort's requirements are changed through programme.services, which audits the change."""

from ecfhub.audit.models import AuditEntry


def test_changing_a_requirement_in_the_admin_is_audited(client, hub_admin, cohort):
    requirement = cohort.requirements.get(participant_type="ect")
    client.force_login(hub_admin)
    response = client.post(
        f"/admin/programme/programmerequirement/{requirement.pk}/change/", {"clinics": "5", "conferences": "3"}
    )
    assert response.status_code == 302
    requirement.refresh_from_db()
    assert (requirement.clinics, requirement.conferences) == (5, 3)
    entry = AuditEntry.objects.get(action="requirement.changed")
    assert entry.actor == hub_admin and entry.details == {"from": [6, 3], "to": [5, 3]}


def test_cohorts_are_not_added_or_deleted_in_the_admin(client, hub_admin, cohort):
    client.force_login(hub_admin)
    assert client.get("/admin/programme/cohort/add/").status_code == 403
    assert client.post(f"/admin/programme/cohort/{cohort.pk}/delete/", {"post": "yes"}).status_code == 403
