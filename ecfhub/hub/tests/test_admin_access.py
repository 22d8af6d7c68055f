"""The Django admin is for hub admins only."""

import pytest


@pytest.mark.parametrize("who", ["tutor", "facilitator", "ect", "mentor"])
def test_other_roles_cannot_reach_the_admin(client, request, who):
    user = request.getfixturevalue(who)
    client.force_login(getattr(user, "user", user))
    response = client.get("/admin/people/participant/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_anonymous_visitors_are_sent_to_the_admin_sign_in(client, db):
    response = client.get("/admin/")
    assert response.status_code == 302


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/people/participant/",
        "/admin/people/mentorship/",
        "/admin/people/school/",
        "/admin/people/user/",
        "/admin/terms/halfterm/",
        "/admin/terms/closureday/",
        "/admin/programme/cohort/",
        "/admin/hub/hubsettings/",
        "/admin/content/page/",
    ],
)
def test_a_hub_admin_can_use_every_model_in_the_admin(client, hub_admin, ect, url):
    client.force_login(hub_admin)
    assert client.get(url).status_code == 200


def test_a_hub_admin_who_loses_the_role_loses_the_admin(client, hub_admin):
    hub_admin.is_hub_admin = False
    hub_admin.save()
    client.force_login(hub_admin)
    assert client.get("/admin/").status_code == 302


@pytest.mark.parametrize("url", ["/manage/", "/manage/settings/", "/manage/terms/"])
def test_hub_admin_pages_refuse_other_roles(client, tutor, url):
    client.force_login(tutor)
    assert client.get(url).status_code == 403


def test_every_model_of_ours_is_in_the_admin():
    from django.apps import apps
    from django.contrib import admin

    missing = [
        model._meta.label
        for model in apps.get_models()
        if model.__module__.startswith("ecfhub.") and not admin.site.is_registered(model)
    ]
    assert missing == []


@pytest.mark.parametrize(
    "url",
    [
        "/admin/events/session/",
        "/admin/events/trainingevent/",
        "/admin/scheduling/assignment/",
        "/admin/onboarding/invitation/",
    ],
)
def test_records_with_service_rules_are_read_only_in_the_admin(client, hub_admin, url):
    client.force_login(hub_admin)
    assert client.get(url).status_code == 200
    assert client.get(url + "add/").status_code == 403
