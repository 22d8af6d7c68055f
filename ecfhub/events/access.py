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


def get_session_for_staff(user: User, session_id: int) -> Session:
    """A session with its people, for a hub admin (any session) or one of its facilitators; 404 for
    everyone else, so nobody learns who is booked on a session they do not run."""
    session = Session.objects.select_related("event__cohort").filter(pk=session_id).first()
    if session is None:
        raise Http404("No such session")
    if not (user.is_hub_admin or (user.is_facilitator and session.facilitators.filter(pk=user.pk).exists())):
        raise Http404("No such session")
    return session
