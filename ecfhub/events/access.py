"""Who may see which session outside the hub admins' pages."""

from __future__ import annotations

from django.http import Http404

from ecfhub.events.models import Session
from ecfhub.people.models import User
from ecfhub.scheduling.models import Assignment


def get_own_session(user: User, session_id: int) -> Session:
    """A session the person is booked on (an active place) or facilitates; 404 for any other,
    so nobody learns whether a session they have no reason to see exists."""
    session = Session.objects.select_related("event").filter(pk=session_id).first()
    if session is None:
        raise Http404("No such session")
    booked = Assignment.objects.filter(
        session=session, participant__user=user, status=Assignment.Status.ASSIGNED
    ).exists()
    if not booked and not session.facilitators.filter(pk=user.pk).exists():
        raise Http404("No such session")
    return session
