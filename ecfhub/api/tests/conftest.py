"""Tokens and an API client for the API's tests."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from ecfhub.api.models import ApiToken
from ecfhub.api.services import NewToken, create_token


class ApiClient:
    """Django's test client with a bearer token and JSON bodies."""

    def __init__(self, secret: str | None) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {secret}"} if secret else {}

    def get(self, path: str, query: dict[str, Any] | None = None) -> Any:
        return self.client.get(path, query or {}, headers=self.headers)

    def put(self, path: str, body: Any) -> Any:
        return self.client.put(path, body, content_type="application/json", headers=self.headers)

    def post(self, path: str, body: Any) -> Any:
        return self.client.post(path, body, content_type="application/json", headers=self.headers)


@pytest.fixture
def write_token(hub_admin: Any) -> NewToken:
    return create_token(name="Best Practice Network", scope=ApiToken.Scope.READ_WRITE, expires_at=None, actor=hub_admin)


@pytest.fixture
def read_token(hub_admin: Any) -> NewToken:
    return create_token(name="Read only provider", scope=ApiToken.Scope.READ, expires_at=None, actor=hub_admin)


@pytest.fixture
def api(write_token: NewToken) -> ApiClient:
    return ApiClient(write_token.secret)


@pytest.fixture
def reader(read_token: NewToken) -> ApiClient:
    return ApiClient(read_token.secret)
