"""Training events: the hub admins' pages, facilitators' sessions, and a participant's own ("My events").

Split by subject; every view stays importable as ``ecfhub.events.views.<name>`` (urls.py uses that)."""

from ecfhub.events.views.admin_events import admin_list, event_create, event_detail, event_edit
from ecfhub.events.views.admin_sessions import session_cancel, session_edit, sessions_add
from ecfhub.events.views.admin_venues import venue_form, venues
from ecfhub.events.views.facilitator import facilitating, session_people
from ecfhub.events.views.participant import mine, session_ics

__all__ = [
    "admin_list",
    "event_create",
    "event_detail",
    "event_edit",
    "facilitating",
    "mine",
    "session_cancel",
    "session_edit",
    "session_ics",
    "session_people",
    "sessions_add",
    "venue_form",
    "venues",
]
