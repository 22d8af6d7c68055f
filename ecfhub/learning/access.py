"""Who may read and write which learning records: decided here once, for every page and export.

| who | coaching text (observations, steps, meetings) of an ECT | engagement (counts and dates) | modules |
|---|---|---|---|
| the ECT | all of their own; responds, marks steps practised | — | their own, as released |
| their current mentor | what they wrote; earlier mentors' too when the hub's setting allows; writes new records | — | — |
| a former mentor | what they wrote while they were paired with the ECT, read only; nothing written since | — | — |
| another mentor, facilitator | nothing (404) | — | — |
| induction tutor | nothing (404) | their schools' participants | — |
| hub admin | everything, read only | everyone | the whole library |

"Current mentor" is the mentor of a pairing that has started and not ended (Mentorship dates); a
"former mentor" had a pairing with the ECT that has ended. The issue's rule is literal: the text is
visible to "the mentor paired with them at the time", so a former mentor keeps reading the records
made while they were paired (a record names its mentor and was created inside one of their pairings),
but nothing made later, and only the current mentor writes. people/access.py does not show a
former mentor the ECT at all (name, school, dates elsewhere); the one exception is made here, for the
coaching pages only. Everyone else's participants are found through people/access.py first.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from ecfhub.learning.models import ActionStep, LearningSettings, Module, Observation
from ecfhub.learning.weeks import ReleaseCalendar, calendar_for, released_weeks
from ecfhub.people.access import participants_changeable_by, participants_visible_to
from ecfhub.people.models import Mentorship, Participant, ParticipantType


def _current_pairings(today: datetime.date) -> Q:
    return Q(started_on__lte=today) & (Q(ended_on__isnull=True) | Q(ended_on__gte=today))


def mentees_of(user: Any, today: datetime.date | None = None) -> QuerySet[Participant]:
    """The ECTs `user` mentors now (a pairing that has started and not ended)."""
    today = today or timezone.localdate()
    pairs = Mentorship.objects.filter(_current_pairings(today), mentor__user=user)
    return participants_visible_to(user).filter(participant_type=ParticipantType.ECT, pk__in=pairs.values("ect_id"))


def coached_ects_for(user: Any, today: datetime.date | None = None) -> QuerySet[Participant]:
    """The ECTs whose coaching pages `user` may open: themselves, the ECTs they mentor now or mentored
    before (read only), or all (hub admin)."""
    visible = participants_visible_to(user).filter(participant_type=ParticipantType.ECT)
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return visible  # nobody
    if getattr(user, "is_hub_admin", False):
        return visible
    today = today or timezone.localdate()
    now = Mentorship.objects.filter(_current_pairings(today), mentor__user=user)
    ever = Mentorship.objects.filter(started_on__lte=today, mentor__user=user)
    return Participant.objects.filter(participant_type=ParticipantType.ECT).filter(
        Q(pk__in=visible.filter(Q(user=user) | Q(pk__in=now.values("ect_id"))).values("pk"))
        | Q(pk__in=ever.values("ect_id"))
    )


def former_mentees_of(user: Any, today: datetime.date | None = None) -> QuerySet[Participant]:
    """The ECTs `user` mentored before and mentors no longer: their coaching is theirs to read, not to add to."""
    today = today or timezone.localdate()
    ever = Mentorship.objects.filter(started_on__lte=today, mentor__user=user)
    now = Mentorship.objects.filter(_current_pairings(today), mentor__user=user)
    return coached_ects_for(user, today).filter(pk__in=ever.values("ect_id")).exclude(pk__in=now.values("ect_id"))


def get_coached_ect_for(user: Any, pk: int) -> Participant:
    """One ECT whose coaching `user` may read, with user, school and cohort; else 404."""
    ect = coached_ects_for(user).select_related("user", "school", "cohort").filter(pk=pk).first()
    if ect is None:
        raise Http404("No such participant")
    return ect


def get_mentee_for(user: Any, pk: int) -> tuple[Participant, Participant]:
    """(ECT, the user's mentor participation) when `user` mentors that ECT now; else 404.

    Only the current mentor writes observations, steps and meetings."""
    today = timezone.localdate()
    pairing = (
        Mentorship.objects.filter(_current_pairings(today), mentor__user=user, ect_id=pk)
        .select_related("ect__user", "ect__school", "ect__cohort", "mentor__user")
        .first()
    )
    if pairing is None or not participants_visible_to(user).filter(pk=pk).exists():
        raise Http404("No such participant")
    return pairing.ect, pairing.mentor


def records_filter(user: Any, ect: Participant, settings: LearningSettings | None = None) -> Q:
    """Which of `ect`'s coaching records `user` (already allowed to open the ECT) may read.

    The ECT and hub admins: all. The current mentor: what they wrote, and the earlier mentors'
    records too when the hub's setting allows. A former mentor: what they wrote while paired
    (created inside one of their pairings with this ECT). One query for a mentor, none otherwise."""
    if getattr(user, "is_hub_admin", False) or ect.user_id == user.pk:
        return Q()
    today = timezone.localdate()
    pairings = list(
        Mentorship.objects.filter(mentor__user=user, ect=ect, started_on__lte=today).values_list(
            "started_on", "ended_on"
        )
    )
    own = Q(mentor__user=user)
    if any(ended is None or ended >= today for _, ended in pairings):
        settings = settings or LearningSettings.load()
        return Q() if settings.new_mentor_reads_history else own
    made_while_paired = Q(pk__in=[])
    for started, ended in pairings:
        made_while_paired |= Q(created_at__date__range=(started, ended))
    return own & made_while_paired


def get_observation_for(user: Any, pk: int) -> Observation:
    observation = Observation.objects.select_related("ect__user", "mentor__user").filter(pk=pk).first()
    if observation is None:
        raise Http404("No such observation")
    ect = get_coached_ect_for(user, observation.ect_id)
    if not Observation.objects.filter(records_filter(user, ect), pk=pk).exists():
        raise Http404("No such observation")
    observation.ect = ect
    return observation


def get_step_for(user: Any, pk: int) -> ActionStep:
    step = (
        ActionStep.objects.select_related("ect__user", "mentor__user", "observation", "meeting", "previous")
        .filter(pk=pk)
        .first()
    )
    if step is None:
        raise Http404("No such action step")
    ect = get_coached_ect_for(user, step.ect_id)
    if not ActionStep.objects.filter(records_filter(user, ect), pk=pk).exists():
        raise Http404("No such action step")
    step.ect = ect
    return step


def is_current_mentor(user: Any, ect: Participant) -> bool:
    today = timezone.localdate()
    return Mentorship.objects.filter(_current_pairings(today), mentor__user=user, ect=ect).exists()


def learners_of(user: Any) -> list[Participant]:
    """The user's own participations that follow modules (active or deferred, not withdrawn), ECT first."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    return list(user.own_participations())


def released_modules_q(calendar: ReleaseCalendar, participant: Participant, today: datetime.date) -> Q:
    """The modules released to `participant` by `today` that suit their phase and subject, as a filter on Module."""
    released = Q(pk__in=[])
    for year, week in released_weeks(calendar, participant, today).items():
        if week:
            released |= Q(programme_year=year, week__lte=week)
    return Q(participant_type=participant.participant_type) & released & Module.suiting_q(participant)


def get_module_for(user: Any, pk: int) -> tuple[Module, Participant | None]:
    """A module released to one of the user's participations (with it), or any module for a hub admin; else 404."""
    module = Module.objects.filter(pk=pk).first()
    if module is None:
        raise Http404("No such module")
    today = timezone.localdate()
    learners = [p for p in learners_of(user) if p.participant_type == module.participant_type]
    if learners:
        calendar = calendar_for(learners)
        for participant in learners:
            if Module.objects.filter(released_modules_q(calendar, participant, today), pk=pk).exists():
                return module, participant
    if getattr(user, "is_hub_admin", False):
        return module, None
    raise Http404("No such module")


def engagement_participants_for(user: Any) -> QuerySet[Participant]:
    """Whose engagement (counts and dates, never text) `user` may see: a tutor's schools, or all for a hub admin."""
    return participants_changeable_by(user)
