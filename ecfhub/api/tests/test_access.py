"""Who gets in: a usable token only (401 in DfE's words otherwise), writes only with a read-and-write
token, 1,000 requests per 5 minutes per token, and each use in the audit log under the token's name."""

from __future__ import annotations

import datetime

import time_machine
from django.utils import timezone

from ecfhub.api.models import ApiToken
from ecfhub.api.services import create_token, revoke_token, rotate_token
from ecfhub.api.tests.conftest import ApiClient
from ecfhub.audit.models import AuditEntry

DENIED = {"error": "HTTP Token: Access denied"}
PATHS = ["/api/v3/participants", "/api/v3/participant-declarations", "/api/v3/sessions", "/api/v3/attendance"]


def test_no_token_a_wrong_one_or_another_scheme_gets_401_in_dfes_words(db) -> None:
    for client in (ApiClient(None), ApiClient("not-a-token")):
        for path in PATHS:
            response = client.get(path)
            assert (response.status_code, response.json()) == (401, DENIED), path
    basic = ApiClient(None)
    basic.headers = {"Authorization": "Basic dXNlcjpwYXNz"}
    assert basic.get(PATHS[0]).status_code == 401
    odd = ApiClient(None)
    odd.headers = {"Authorization": "Bearer two parts"}
    assert odd.get(PATHS[0]).json() == DENIED


def test_a_revoked_token_gets_401(api, write_token, hub_admin) -> None:
    assert api.get(PATHS[0]).status_code == 200
    revoke_token(token=write_token.token, actor=hub_admin)
    assert (api.get(PATHS[0]).status_code, api.get(PATHS[0]).json()) == (401, DENIED)


def test_an_expired_token_gets_401(hub_admin) -> None:
    made = create_token(
        name="Short", scope="read", expires_at=timezone.now() + datetime.timedelta(days=1), actor=hub_admin
    )
    client = ApiClient(made.secret)
    assert client.get(PATHS[0]).status_code == 200
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2)):
        assert (client.get(PATHS[0]).status_code, client.get(PATHS[0]).json()) == (401, DENIED)


def test_a_rotated_token_stops_working_as_its_replacement_starts(api, write_token, hub_admin) -> None:
    made = rotate_token(token=write_token.token, actor=hub_admin)
    assert api.get(PATHS[0]).status_code == 401
    assert ApiClient(made.secret).get(PATHS[0]).status_code == 200
    assert made.token.scope == write_token.token.scope and made.token.name == write_token.token.name


def test_only_the_hash_of_the_secret_is_stored(write_token) -> None:
    stored = ApiToken.objects.get(pk=write_token.token.pk)
    assert write_token.secret not in {stored.secret_hash, stored.prefix, stored.name}
    assert stored.prefix == write_token.secret[:8]


def test_a_read_token_cannot_write(reader, ect) -> None:
    response = reader.put("/api/v3/participants", {"data": []})
    assert response.status_code == 403
    assert response.json()["errors"][0]["title"] == "Forbidden"
    pid = reader.get(PATHS[0]).json()["data"][0]["id"]
    body = {
        "data": {
            "type": "participant-defer",
            "attributes": {"reason": "bereavement", "course_identifier": "ecf-induction"},
        }
    }
    assert reader.put(f"/api/v3/participants/{pid}/defer", body).status_code == 403


def test_the_1001st_request_in_five_minutes_gets_429_with_retry_after(api) -> None:
    for n in range(1000):
        response = api.get("/api/v3/sessions", {"page[per_page]": "1"})
        assert response.status_code == 200, n
    over = api.get("/api/v3/sessions")
    assert over.status_code == 429
    assert over.json()["errors"][0]["title"] == "Too many requests"
    assert 1 <= int(over["Retry-After"]) <= 300


def test_each_token_has_its_own_limit(api, reader) -> None:
    for _ in range(1000):
        api.get("/api/v3/sessions")
    assert api.get("/api/v3/sessions").status_code == 429
    assert reader.get("/api/v3/sessions").status_code == 200


def test_use_is_audited_with_the_tokens_name_at_most_once_a_minute(api, write_token) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(5):
            api.get(PATHS[0])
    with time_machine.travel(start + datetime.timedelta(seconds=61), tick=False):
        api.get(PATHS[1])
    used = AuditEntry.objects.filter(action="api_token.used").order_by("pk")
    assert [e.summary for e in used] == [
        "The API token “Best Practice Network” was used: GET /api/v3/participants",
        "The API token “Best Practice Network” was used: GET /api/v3/participant-declarations",
    ]
    assert ApiToken.objects.get(pk=write_token.token.pk).last_used_at is not None


def test_a_signed_in_hub_admins_cookie_does_not_open_the_api(client, hub_admin) -> None:
    client.force_login(hub_admin)
    assert client.get(PATHS[0]).status_code == 401
