"""The OpenAPI document is generated from the code; the copy committed at docs/api/openapi.yaml must be
that document exactly (regenerate: `.venv/bin/python manage.py spectacular --file docs/api/openapi.yaml`)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from drf_spectacular.renderers import OpenApiYamlRenderer

from ecfhub.api.views import schema_dict

COMMITTED = Path(settings.BASE_DIR) / "docs" / "api" / "openapi.yaml"


def generated() -> str:
    return OpenApiYamlRenderer().render(schema_dict(), renderer_context={}).decode()


def test_the_committed_openapi_document_is_the_generated_one() -> None:
    assert COMMITTED.read_text() == generated(), (
        "docs/api/openapi.yaml differs from the generated document: run "
        "`.venv/bin/python manage.py spectacular --file docs/api/openapi.yaml` and commit it"
    )


def test_the_document_is_served_and_names_dfes_paths(client) -> None:
    response = client.get("/api/v3/openapi.yaml")
    assert response.status_code == 200
    text = response.content.decode()
    assert text == generated()
    for path in (
        "/api/v3/participants:",
        "/api/v3/participants/{participant_id}:",
        "/api/v3/participant-declarations:",
    ):
        assert path in text


def test_the_human_docs_are_a_page_of_the_hub_with_no_third_party_script(client, db) -> None:
    response = client.get("/api/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "GET /api/v3/participants" in page and "PUT /api/v3/participants" in page
    assert "cdn" not in page.lower() and '<script src="http' not in page
