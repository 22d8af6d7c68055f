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
