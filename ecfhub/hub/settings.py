"""The one way to read the hub's settings: `current_hub_settings()`.

Every page, service, e-mail, task and command asks here rather than loading the
row itself, for two reasons:

- **Once per request.** Inside a request (`HubSettingsMiddleware` opens a scope)
  the row is loaded at most once, however many views, templates, services and
  e-mails ask. Outside a request (tasks, management commands, tests calling a
  service directly) there is no scope, so every call loads the row afresh and a
  long-running worker never acts on settings a hub admin has since changed.
- **The one place to change for many hubs.** Today one installation serves one
  hub (one row, pk=1). When an installation serves several, this function is
  where the hub is chosen (from the request's host, or the task's argument) and
  nothing else needs to know.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from ecfhub.hub.models import HubSettings

# Holds {"row": HubSettings} while a request is in progress; None outside one. A context variable
# rather than a global, so concurrent requests (threads or async tasks) never share a row.
_request_scope: contextvars.ContextVar[dict[str, HubSettings] | None] = contextvars.ContextVar(
    "hub_settings_scope", default=None
)


def current_hub_settings(request: HttpRequest | None = None) -> HubSettings:
    """The hub's settings: loaded once per request, fresh on every call outside one.

    `request` is accepted (and unused while there is one hub) so that callers that
    have one pass it: a many-hub installation would choose the hub from it."""
    scope = _request_scope.get()
    if scope is None:
        return HubSettings.load()
    if "row" not in scope:
        scope["row"] = HubSettings.load()
    return scope["row"]


def forget_current_hub_settings() -> None:
    """Drop the row cached for this request, after a change to it (so the rest of the request sees the change)."""
    scope = _request_scope.get()
    if scope is not None:
        scope.pop("row", None)


class HubSettingsMiddleware:
    """Opens the per-request scope that `current_hub_settings()` caches in."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _request_scope.set({})
        try:
            return self.get_response(request)
        finally:
            _request_scope.reset(token)
