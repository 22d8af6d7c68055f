import pytest

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
        "catch_up_self_study": "on",
    }
    assert HubSettings.load().catch_up_self_study is False  # off until the hub turns it on
    response = client.post("/manage/settings/", data)
    assert response.status_code == 302
    assert HubSettings.load().catch_up_self_study is True
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
    assert 'aria-describedby="id_contact_email_helptext id_contact_email-error"' in html


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


def _settings(**changes):
    data = {
        "name": "Norwich TSH",
        "venue_address": "",
        "contact_email": "ecf@hub.test",
        "lead_provider_name": "",
        "learning_platform_name": "Steplab",
        "learning_platform_url": "",
        "minimum_notice_school_days": "30",
        "max_staff_out_per_school_per_day": "2",
        "first_reminder_days": "7",
        "second_reminder_days": "1",
        "invitation_valid_days": "14",
        "retention_years": "6",
        "date_change_policy": "instant",
        "cancellation_choice_days": "5",
        "register_open_days": "7",
        "left_early_share": "75",
    }
    return {**data, **changes}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("retention_years", "0", "Enter 1 to 20 years."),
        ("retention_years", "21", "Enter 1 to 20 years."),
        ("minimum_notice_school_days", "0", "Enter a notice of 1 to 100 school days (half a term is about 30)."),
        ("minimum_notice_school_days", "", "Enter a notice of 1 to 100 school days (half a term is about 30)."),
        ("invitation_valid_days", "100000", "Enter 1 to 90 days: a set-up link should not stay usable for longer."),
        ("invitation_valid_days", "0", "Enter 1 to 90 days: a set-up link should not stay usable for longer."),
        ("max_staff_out_per_school_per_day", "0", "Enter 1 to 20 staff."),
        ("cancellation_choice_days", "31", "Enter 1 to 30 days."),
        ("first_reminder_days", "ten", "Enter 0 to 60 days (0 sends no first reminder)."),
        ("second_reminder_days", "-1", "Enter 0 to 60 days (0 sends no second reminder)."),
    ],
)
def test_it_refuses_a_number_no_hub_would_want_and_says_what_would_do(client, hub_admin, field, value, message):
    client.force_login(hub_admin)
    before = HubSettings.load().__dict__.copy()
    response = client.post("/manage/settings/", _settings(**{field: value}))
    assert response.status_code == 200
    assert f'href="#id_{field}"' in response.content.decode()
    assert response.context["form"].errors[field] == [message]
    after = HubSettings.load()
    assert getattr(after, field) == before[field]


def test_the_first_reminder_must_come_before_the_second(client, hub_admin):
    client.force_login(hub_admin)
    response = client.post("/manage/settings/", _settings(first_reminder_days="1", second_reminder_days="7"))
    assert response.status_code == 200
    assert response.context["form"].errors["first_reminder_days"] == [
        "The first reminder must come earlier than the second: more than 7 days before the session."
    ]
    response = client.post("/manage/settings/", _settings(first_reminder_days="2", second_reminder_days="2"))
    assert "first_reminder_days" in response.context["form"].errors


def test_either_reminder_may_be_switched_off_with_0(client, hub_admin):
    client.force_login(hub_admin)
    assert (
        client.post("/manage/settings/", _settings(first_reminder_days="0", second_reminder_days="1")).status_code
        == 302
    )
    assert (
        client.post("/manage/settings/", _settings(first_reminder_days="7", second_reminder_days="0")).status_code
        == 302
    )
    assert HubSettings.load().second_reminder_days == 0


def test_the_labels_read_as_a_hub_admin_would_say_them(client, hub_admin):
    client.force_login(hub_admin)
    html = client.get("/manage/settings/").content.decode()
    assert "Learning platform&#x27;s web address" in html
    assert "Most staff out of one school on one day" in html
    assert "Learning platform url" not in html
    assert "Max staff out per school per day" not in html
