"""Role and tutor-link changes made in the Django admin are audited (by people.services, which the admin calls)."""

from __future__ import annotations

from ecfhub.audit.models import AuditEntry
from ecfhub.people.models import User


def _user_form(user: User, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "email": user.email,
        "full_name": user.full_name,
        "is_active": "on" if user.is_active else "",
        "is_hub_admin": "on" if user.is_hub_admin else "",
        "is_facilitator": "on" if user.is_facilitator else "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


def test_making_someone_a_hub_admin_is_audited(client, hub_admin, tutor):
    client.force_login(hub_admin)
    response = client.post(f"/admin/people/user/{tutor.pk}/change/", _user_form(tutor, is_hub_admin="on"))
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="user.roles_changed")
    assert entry.actor == hub_admin
    assert entry.target_id == str(tutor.pk)
    assert "hub admin on" in entry.summary
    assert entry.details["changes"] == {"is_hub_admin": [False, True]}


def test_saving_without_a_role_change_writes_nothing(client, hub_admin, tutor):
    client.force_login(hub_admin)
    client.post(f"/admin/people/user/{tutor.pk}/change/", _user_form(tutor, full_name="Tess Tutor-Smith"))
    assert not AuditEntry.objects.filter(action="user.roles_changed").exists()


def test_adding_and_removing_an_induction_tutor_is_audited(client, hub_admin, school, tutor, facilitator):
    client.force_login(hub_admin)
    form = {"urn": school.urn, "name": school.name, "town": school.town}
    client.post(f"/admin/people/school/{school.pk}/change/", {**form, "induction_tutors": [tutor.pk, facilitator.pk]})
    added = AuditEntry.objects.get(action="school.tutor_added")
    assert "Fred Facilitator" in added.summary and added.details == {"user_id": facilitator.pk}

    client.post(f"/admin/people/school/{school.pk}/change/", {**form, "induction_tutors": [facilitator.pk]})
    removed = AuditEntry.objects.get(action="school.tutor_removed")
    assert "Tess Tutor" in removed.summary
    assert list(school.induction_tutors.all()) == [facilitator]


def test_settings_pages_and_sent_messages_cannot_be_rewritten_in_the_admin(client, hub_admin):
    # Each has its own page and service (settings and pages: version-checked and audited); a sent
    # message is a record of what happened.
    from ecfhub.content.models import Page
    from ecfhub.hub.models import HubSettings
    from ecfhub.notifications.models import OutboundMessage

    settings_row = HubSettings.load()
    page = Page.objects.first()
    message = OutboundMessage.objects.create(to="erin@riverside.test", kind="test", subject="Dates", body_text="Hi")
    client.force_login(hub_admin)
    for url in (
        f"/admin/hub/hubsettings/{settings_row.pk}/change/",
        f"/admin/content/page/{page.pk}/change/",
        f"/admin/notifications/outboundmessage/{message.pk}/change/",
    ):
        assert client.get(url).status_code == 200
        assert client.post(url, {"name": "Renamed", "title": "Renamed", "subject": "Renamed"}).status_code == 403
    assert HubSettings.load().name != "Renamed"
    message.refresh_from_db()
    assert message.subject == "Dates"
