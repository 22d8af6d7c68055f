"""Who may see, and who may change, which participants: decided here once, for every page, export and the API.

The rules (tested as a matrix in people/tests/test_access.py, and page by page in tests/security):

| who | may see | may change |
|---|---|---|
| hub admin | every participant | every participant |
| induction tutor | the participants at their schools | the same |
| ECT or mentor | their own records, their current mentor, their current ECTs | nothing |
| facilitator | the people booked on the sessions they facilitate | nothing |
| anyone else | nobody | nobody |

Each form is one queryset (subqueries, no duplicates), so a view can narrow it
further (`.filter(school=...)`) and a list costs no more queries than before.
Object look-ups answer 404 for a participant the user has no reason to know exists.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from ecfhub.people.models import Mentorship, Participant, School

# scheduling.models.Assignment.Status.ASSIGNED: a place someone holds now. Spelled here rather than
# imported because people sits below scheduling (it imports no feature app; see pyproject's contracts);
# people/tests/test_access.py checks the two stay the same.
ASSIGNED = "assigned"


def participants_visible_to(user: Any) -> QuerySet[Participant]:
    """The participants `user` may see (their name, school, type and dates)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Participant.objects.none()
    if user.is_hub_admin:
        return Participant.objects.all()
    today = timezone.localdate()
    # A pairing that is not over (current, or starting soon); Mentorship keeps what "over" means.
    pairings = Mentorship.objects.not_over(today)
    visible = (
        Q(user=user)
        | Q(school__in=School.objects.filter(induction_tutors=user))
        | Q(pk__in=pairings.filter(ect__user=user).values("mentor_id"))
        | Q(pk__in=pairings.filter(mentor__user=user).values("ect_id"))
    )
    if user.is_facilitator:
        booked = Participant.objects.filter(
            assignments__status=ASSIGNED, assignments__session__facilitators=user
        ).values("pk")
        visible |= Q(pk__in=booked)
    return Participant.objects.filter(visible)


def participants_changeable_by(user: Any) -> QuerySet[Participant]:
    """The participants `user` may register, correct, pair, defer, withdraw or place."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Participant.objects.none()
    if user.is_hub_admin:
        return Participant.objects.all()
    return Participant.objects.filter(school__in=School.objects.filter(induction_tutors=user))


def get_participant_for(user: Any, pk: int, *, change: bool = False) -> Participant:
    """One participant the user may see (or, with `change`, change), with its user, school and cohort; else 404."""
    allowed = participants_changeable_by(user) if change else participants_visible_to(user)
    participant = allowed.select_related("user", "school", "cohort").filter(pk=pk).first()
    if participant is None:
        raise Http404("No such participant")
    return participant
