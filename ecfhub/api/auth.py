"""Who is calling the API: a bearer token (DfE's `Authorization: Bearer <token>`), its scope, its limit.

DRF's authentication, permission and throttle hooks, each a few lines over the token model, the
project's rate-limit counting (lib/ratelimits.py, the "ratelimit" cache) and the audit log."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle

from ecfhub.api.models import ApiToken
from ecfhub.api.services import hash_secret, note_use
from ecfhub.lib.ratelimits import API_PER_TOKEN, seconds_until_allowed

ACCESS_DENIED = "HTTP Token: Access denied"


class ApiClient:
    """The caller as `request.user`: not an account (so nothing that reads accounts' roles can mistake a
    token for a person), only its token."""

    is_authenticated = True
    is_anonymous = False
    is_hub_admin = False

    def __init__(self, token: ApiToken) -> None:
        self.token = token
        self.pk = None

    def __str__(self) -> str:
        return f"API token {self.token.name}"


class BearerTokenAuthentication(BaseAuthentication):
    """A usable token (not revoked, not expired) by the hash of its secret; anything else is 401."""

    def authenticate(self, request: Request) -> tuple[ApiClient, ApiToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != b"bearer":
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(ACCESS_DENIED)
        try:
            secret = parts[1].decode("ascii")
        except UnicodeDecodeError as error:
            raise exceptions.AuthenticationFailed(ACCESS_DENIED) from error
        token = ApiToken.objects.filter(secret_hash=hash_secret(secret)).first()
        now = timezone.now()
        if token is None or not token.is_usable(now):
            raise exceptions.AuthenticationFailed(ACCESS_DENIED)
        note_use(token=token, method=request.method or "", path=request.get_full_path(), now=now)
        return ApiClient(token), token

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="ECF Hub"'


class HasToken(BasePermission):
    """Reads need a token; writes need a read-and-write token (403 for a read-only one)."""

    message = "This token can only read. Ask the hub for a token that can read and write."

    def has_permission(self, request: Request, view: Any) -> bool:
        token = request.auth
        if not isinstance(token, ApiToken):
            raise exceptions.NotAuthenticated(ACCESS_DENIED)
        return request.method in SAFE_METHODS or token.can_write


class PerTokenThrottle(BaseThrottle):
    """1,000 requests per 5 minutes per token (lib/ratelimits.API_PER_TOKEN), then 429 with Retry-After."""

    def allow_request(self, request: Request, view: Any) -> bool:
        token = request.auth
        if not isinstance(token, ApiToken):
            return True
        self._wait = seconds_until_allowed(request._request, API_PER_TOKEN, f"token-{token.pk}")
        return self._wait is None

    def wait(self) -> float | None:
        return float(self._wait) if self._wait else None
