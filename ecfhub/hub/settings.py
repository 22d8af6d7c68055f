"""The one way to read the hub's settings: `current_hub_settings()`.

Every page, service, e-mail, task and command asks here rather than loading the
row itself, for two reasons:

- **Once per request.** Inside a request (`lib.request_memo` keeps it)
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

from django.http import HttpRequest

from ecfhub.hub.models import HubSettings
from ecfhub.lib.request_memo import forget, memo

_KEY = "hub-settings"


def current_hub_settings(request: HttpRequest | None = None) -> HubSettings:
    """The hub's settings: loaded once per request (whatever its method), fresh on every call outside one.

    `request` is accepted (and unused while there is one hub) so that callers that
    have one pass it: a many-hub installation would choose the hub from it."""
    return memo(_KEY, HubSettings.load, writes_too=True)


def forget_current_hub_settings() -> None:
    """Drop the row kept for this request, after a change to it (so the rest of the request sees the change)."""
    forget(_KEY)
