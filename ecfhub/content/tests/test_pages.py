from ecfhub.content.models import Page
from ecfhub.lib.markdown import render_markdown


def test_markdown_is_rendered_and_scripts_are_removed():
    html = render_markdown(
        "## Dates\n\nSee [the calendar](https://example.org).\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))"
    )
    assert '<h2 class="govuk-heading-m">Dates</h2>' in html
    assert 'href="https://example.org"' in html
    assert "<script" not in html and "javascript:" not in html


def test_the_default_pages_are_there_on_a_new_installation(client, db):
    assert set(Page.objects.values_list("slug", flat=True)) >= {
        "home",
        "what-is-ecf-based-training",
        "how-the-programme-works",
        "training-dates",
        "privacy",
    }
    assert client.get("/about/training-dates/").status_code == 200


def test_a_hub_admin_edits_a_page_and_visitors_see_the_change(client, hub_admin):
    client.force_login(hub_admin)
    response = client.post(
        "/about/training-dates/edit/",
        {
            "title": "Your dates",
            "slug": "training-dates",
            "summary": "",
            "body": "Dates are **fixed** early.",
            "order": 3,
            "published": "on",
        },
    )
    assert response.status_code == 302
    client.logout()
    assert "<strong>fixed</strong>" in client.get("/about/training-dates/").content.decode()


def test_unpublished_pages_are_hidden_from_visitors(client, db):
    Page.objects.filter(slug="training-dates").update(published=False)
    assert client.get("/about/training-dates/").status_code == 404


def test_only_hub_admins_can_edit(client, ect):
    client.force_login(ect.user)
    assert client.get("/about/training-dates/edit/").status_code == 403
    client.logout()
    assert client.get("/about/training-dates/edit/").status_code == 302


def test_a_page_saved_by_someone_else_meanwhile_is_not_overwritten(client, hub_admin):
    import re

    from ecfhub.content.models import Page

    client.force_login(hub_admin)
    version = re.search(r'name="version" value="([0-9a-f]+)"', client.get("/about/training-dates/edit/").text)
    assert version
    Page.objects.filter(slug="training-dates").update(body="A colleague's careful rewrite.")
    data = {
        "title": "Your dates", "slug": "training-dates", "summary": "", "body": "My quick edit.",
        "order": 3, "published": "on", "version": version.group(1),
    }  # fmt: skip
    refused = client.post("/about/training-dates/edit/", data)
    assert refused.status_code == 200
    assert "Someone else saved changes to this page while you were editing it." in refused.text
    assert "A colleague&#x27;s careful rewrite." in refused.text  # shown as saved now
    assert Page.objects.get(slug="training-dates").body == "A colleague's careful rewrite."
    data["version"] = re.search(r'name="version" value="([0-9a-f]+)"', refused.text).group(1)  # type: ignore[union-attr]
    assert client.post("/about/training-dates/edit/", data).status_code == 302
    assert Page.objects.get(slug="training-dates").body == "My quick edit."


def test_previewing_never_checks_or_saves(client, hub_admin):
    from ecfhub.content.models import Page

    client.force_login(hub_admin)
    data = {
        "title": "Your dates", "slug": "training-dates", "summary": "", "body": "**Bold** preview.",
        "order": 3, "published": "on", "version": "stale", "preview": "1",
    }  # fmt: skip
    response = client.post("/about/training-dates/edit/", data)
    assert response.status_code == 200 and "<strong>Bold</strong>" in response.text
    assert "Someone else" not in response.text
    assert "Bold" not in Page.objects.get(slug="training-dates").body


def test_page_edits_are_audited(client, hub_admin):
    from ecfhub.audit.models import AuditEntry

    client.force_login(hub_admin)
    data = {
        "title": "Your dates",
        "slug": "training-dates",
        "summary": "",
        "body": "New.",
        "order": 3,
        "published": "on",
    }
    client.post("/about/training-dates/edit/", data)
    entry = AuditEntry.objects.get(action="page.changed")
    assert entry.actor == hub_admin and "body" in entry.details["changed"]


def test_a_new_page_is_audited_by_the_service(client, hub_admin):
    from ecfhub.audit.models import AuditEntry

    client.force_login(hub_admin)
    data = {"title": "Parking", "slug": "parking", "summary": "", "body": "Round the back.", "order": 9}
    assert client.post("/about/new/", data).status_code == 302
    entry = AuditEntry.objects.get(action="page.created")
    assert entry.actor == hub_admin and "Parking" in entry.summary
