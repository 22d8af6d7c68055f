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
    }
    response = client.post("/manage/settings/", data)
    assert response.status_code == 302
    assert HubSettings.load().minimum_notice_school_days == 25


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
    }  # fmt: skip
    refused = client.post("/manage/settings/", data)
    assert refused.status_code == 200
    assert "Someone else saved changes to this hub&#x27;s settings" in refused.text
    assert HubSettings.load().minimum_notice_school_days == 35
