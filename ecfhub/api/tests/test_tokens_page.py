"""The hub admins' API token page: a token is made, shown once, rotated and revoked, each audited."""

from __future__ import annotations

import re

from django.urls import reverse

from ecfhub.api.models import ApiToken
from ecfhub.api.tests.conftest import ApiClient
from ecfhub.audit.models import AuditEntry


def test_a_hub_admin_makes_a_token_sees_it_once_and_it_works(client, hub_admin) -> None:
    client.force_login(hub_admin)
    response = client.post(reverse("apitokens:tokens"), {"name": "Best Practice Network", "scope": "read"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    secret = re.search(r'id="secret" type="text" readonly value="([^"]+)"', response.content.decode()).group(1)
    assert ApiClient(secret).get("/api/v3/participants").status_code == 200
    listing = client.get(reverse("apitokens:tokens")).content.decode()
    assert "Best Practice Network" in listing and secret[:8] in listing and secret not in listing
    assert AuditEntry.objects.filter(action="api_token.created").count() == 1


def test_a_token_needs_a_name_and_a_scope(client, hub_admin) -> None:
    client.force_login(hub_admin)
    response = client.post(reverse("apitokens:tokens"), {"name": " ", "scope": "everything"})
    assert response.status_code == 422
    assert "Enter a name for the token" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_rotating_shows_the_new_token_once_and_revoking_stops_it(client, hub_admin, read_token) -> None:
    client.force_login(hub_admin)
    response = client.post(reverse("apitokens:rotate", kwargs={"token_id": read_token.token.pk}))
    secret = re.search(r'readonly value="([^"]+)"', response.content.decode()).group(1)
    assert ApiClient(read_token.secret).get("/api/v3/participants").status_code == 401
    new = ApiToken.objects.get(replaces=read_token.token)
    assert ApiClient(secret).get("/api/v3/participants").status_code == 200
    assert client.post(reverse("apitokens:revoke", kwargs={"token_id": new.pk})).status_code == 302
    assert ApiClient(secret).get("/api/v3/participants").status_code == 401
    assert {"api_token.rotated", "api_token.revoked"} <= set(AuditEntry.objects.values_list("action", flat=True))


def test_the_command_makes_a_token_for_a_hub_admin_and_prints_it_once(hub_admin, tutor) -> None:
    import io

    import pytest
    from django.core.management import CommandError, call_command

    out = io.StringIO()
    call_command("create_api_token", "--name", "Demo provider", "--by", hub_admin.email, stdout=out)
    secret = out.getvalue().strip()
    assert ApiClient(secret).get("/api/v3/participants").status_code == 200
    with pytest.raises(CommandError, match="No active hub admin"):
        call_command("create_api_token", "--name", "X", "--by", tutor.email, stdout=io.StringIO())
