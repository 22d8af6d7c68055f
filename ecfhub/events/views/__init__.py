"""Training events: the hub admins' pages, and a participant's own sessions ("My events").

Split by subject; every view stays importable as ``ecfhub.events.views.<name>`` (urls.py uses that)."""

from ecfhub.events.views.admin_events import admin_list, event_create, event_detail, event_edit
from ecfhub.events.views.admin_sessions import session_cancel, session_edit, sessions_add
from ecfhub.events.views.participant import mine, session_ics

__all__ = [
    "admin_list",
    "event_create",
    "event_detail",
    "event_edit",
    "mine",
    "session_cancel",
    "session_edit",
    "session_ics",
    "sessions_add",
]
