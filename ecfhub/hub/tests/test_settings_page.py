from ecfhub.hub.models import HubSettings


def test_a_hub_admin_changes_the_minimum_notice(client, hub_admin):
    client.force_login(hub_admin)
    data = {
        "name": "Norwich TSH",
        "venue_address": "",
        "contact_email": "ecf@hub.test",
        "lead_provider_name": "",
        "learning_platform_name": "Steplab",
        "learning_platform_url": "",
        "minimum_notice_school_days": "25",
        "max_staff_out_per_school_per_day": "2",
        "first_reminder_days": "7",
        "second_reminder_days": "1",
        "invitation_valid_days": "14",
        "retention_years": "6",
        "date_change_policy": "approval",
        "cancellation_choice_days": "5",
        "register_open_days": "10",
        "left_early_share": "80",
    }
    response = client.post("/manage/settings/", data)
    assert response.status_code == 302
    assert HubSettings.load().minimum_notice_school_days == 25
    assert HubSettings.load().date_change_policy == "approval"
    assert (HubSettings.load().register_open_days, HubSettings.load().left_early_share) == (10, 80)


def test_it_explains_a_bad_e_mail_address(client, hub_admin):
    client.force_login(hub_admin)
    response = client.post("/manage/settings/", {"name": "X", "contact_email": "not-an-address"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert 'href="#id_contact_email"' in html
    assert 'aria-describedby="id_contact_email-error"' in html


def test_settings_saved_by_someone_else_meanwhile_are_not_overwritten(client, hub_admin):
    import re

    client.force_login(hub_admin)
    version = re.search(r'name="version" value="([0-9a-f]+)"', client.get("/manage/settings/").text)
    assert version
    HubSettings.objects.filter(pk=HubSettings.load().pk).update(minimum_notice_school_days=35)
    data = {
        "name": "Norwich TSH", "venue_address": "", "contact_email": "ecf@hub.test", "lead_provider_name": "",
        "learning_platform_name": "", "learning_platform_url": "", "minimum_notice_school_days": "25",
        "max_staff_out_per_school_per_day": "2", "first_reminder_days": "7", "second_reminder_days": "1",
        "invitation_valid_days": "14", "retention_years": "6", "version": version.group(1),
        "date_change_policy": "instant", "cancellation_choice_days": "5",
        "register_open_days": "7", "left_early_share": "75",
    }  # fmt: skip
    refused = client.post("/manage/settings/", data)
    assert refused.status_code == 200
    assert "Someone else saved changes to this hub&#x27;s settings" in refused.text
    assert HubSettings.load().minimum_notice_school_days == 35


def test_a_settings_change_is_audited_with_what_changed(client, hub_admin):
    from ecfhub.audit.models import AuditEntry

    client.force_login(hub_admin)
    hub = HubSettings.load()
    data = {
        "name": hub.name, "venue_address": hub.venue_address, "contact_email": hub.contact_email,
        "lead_provider_name": hub.lead_provider_name, "learning_platform_name": hub.learning_platform_name,
        "learning_platform_url": hub.learning_platform_url, "minimum_notice_school_days": "20",
        "max_staff_out_per_school_per_day": str(hub.max_staff_out_per_school_per_day),
        "first_reminder_days": str(hub.first_reminder_days), "second_reminder_days": str(hub.second_reminder_days),
        "invitation_valid_days": str(hub.invitation_valid_days), "retention_years": str(hub.retention_years),
        "date_change_policy": hub.date_change_policy, "cancellation_choice_days": str(hub.cancellation_choice_days),
        "register_open_days": str(hub.register_open_days), "left_early_share": str(hub.left_early_share),
    }  # fmt: skip
    assert client.post("/manage/settings/", data).status_code == 302
    entry = AuditEntry.objects.get(action="hub.settings_changed")
    assert entry.actor == hub_admin and entry.details == {"changed": ["minimum_notice_school_days"]}
    assert "minimum notice" in entry.summary.lower()


def test_a_settings_change_outside_a_page_is_audited_too(hub_admin):
    from ecfhub.audit.models import AuditEntry
    from ecfhub.hub.services import change_settings

    change_settings(changes={"retention_years": 7, "name": HubSettings.load().name}, actor=hub_admin)
    assert HubSettings.load().retention_years == 7
    assert AuditEntry.objects.get(action="hub.settings_changed").details == {"changed": ["retention_years"]}
