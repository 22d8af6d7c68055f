"""Who may open which register: a session's own facilitators and hub admins; 404 for anyone else.

Which participants appear on it, and whose progress a person may see, is decided in
`ecfhub.people.access`; which school's progress, in `ecfhub.onboarding.access`. Whose full attendance
record a person may download: `get_record_owner_for`."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from ecfhub.attendance.models import CatchUpStudy
from ecfhub.events.access import get_session_for_staff
from ecfhub.events.models import Session
from ecfhub.people.access import participants_changeable_by
from ecfhub.people.models import Participant, User


def get_register_for(user: User, session_id: int) -> Session:
    """The session whose register `user` may open (its facilitator, or a hub admin); 404 otherwise,
    so nobody learns who was at a session they do not run."""
    return get_session_for_staff(user, session_id)


def studies_to_sign_off_for(user: User) -> QuerySet[CatchUpStudy]:
    """Catch-up self-study `user` may sign off: every one for a hub admin; for a facilitator, those of
    events where they facilitate a session; nothing for anyone else."""
    studies = CatchUpStudy.objects.all()
    if user.is_hub_admin:
        return studies
    if not user.is_facilitator:
        return studies.none()
    theirs = Session.objects.filter(event_id=OuterRef("event_id"), facilitators=user)
    return studies.filter(Exists(theirs))


def get_study_to_sign_off(user: User, pk: int) -> CatchUpStudy:
    """One catch-up self-study `user` may sign off (`studies_to_sign_off_for`); 404 otherwise, so nobody
    learns who missed a clinic they do not run."""
    study = (
        studies_to_sign_off_for(user)
        .select_related("participant__user", "participant__school", "event", "assignment__session")
        .filter(pk=pk)
        .first()
    )
    if study is None:
        raise Http404("No such self-study")
    return study


def get_record_owner_for(user: User, participant_id: int) -> Participant:
    """The participant whose full attendance record `user` may download: their own, a participant at a
    school they are induction tutor of, or anyone for a hub admin (`people.access.participants_changeable_by`
    plus themselves); 404 otherwise. Narrower than who may *see* a person: a mentor, their ECT or a
    facilitator sees a name on a page, not the whole record."""
    allowed = participants_changeable_by(user) | Participant.objects.filter(Q(user=user))
    participant = allowed.select_related("user", "school", "cohort").filter(pk=participant_id).first()
    if participant is None:
        raise Http404("No such participant")
    return participant
