"""Who may open which register: a session's own facilitators and hub admins; 404 for anyone else.

Which participants appear on it, and whose progress a person may see, is decided in
`ecfhub.people.access`; which school's progress, in `ecfhub.onboarding.access`."""

from __future__ import annotations

from ecfhub.events.access import get_session_for_staff
from ecfhub.events.models import Session
from ecfhub.people.models import User


def get_register_for(user: User, session_id: int) -> Session:
    """The session whose register `user` may open (its facilitator, or a hub admin); 404 otherwise,
    so nobody learns who was at a session they do not run."""
    return get_session_for_staff(user, session_id)
