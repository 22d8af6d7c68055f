"""Who may read and write which learning records: decided here once, for every page and export.

| who | coaching text (observations, steps, meetings) of an ECT | engagement (counts and dates) | modules |
|---|---|---|---|
| the ECT | all of their own; responds, marks steps practised | — | their own, as released |
| their current mentor | what they wrote; earlier mentors' too when the hub's setting allows; writes new records | — | — |
| a former mentor | what they wrote while they were paired with the ECT, read only; nothing written since | — | — |
| another mentor, facilitator | nothing (404) | — | — |
| induction tutor | nothing (404) | their schools' participants | — |
| hub admin | everything, read only | everyone | the whole library |

"Current mentor" is the mentor of a pairing current today (`Mentorship.current_q`: started, and its
`ended_on`, the first day unpaired, still ahead); a "former mentor" held a pairing with the ECT for at
least one day and holds none now. A mentor replaced on the day they were paired held none. The issue's rule is literal: the text is
visible to "the mentor paired with them at the time", so a former mentor keeps reading the records
made while they were paired (a record names its mentor and was created inside one of their pairings),
but nothing made later, and only the current mentor writes. people/access.py does not show a
former mentor the ECT at all (name, school, dates elsewhere); the one exception is made here, for the
coaching pages only. Everyone else's participants are found through people/access.py first.

Which records: `coaching_q` is the one rule, in queryset form as `observations_visible_to`,
`steps_visible_to` and `meetings_visible_to`; every page, form choice list (the meeting's steps, a
step's source observation or meeting), the timeline, the home panel, Learning and the weekly e-mail
read coaching records through them, never `Observation.objects` and the like directly.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from ecfhub.learning.models import ActionStep, LearningSettings, Meeting, Module, Observation
from ecfhub.learning.weeks import ReleaseCalendar, calendar_for, released_weeks
from ecfhub.lib.request_memo import memo
from ecfhub.people.access import participants_changeable_by, participants_visible_to
from ecfhub.people.models import Mentorship, Participant, ParticipantType

NOTHING = Q(pk__in=[])


def mentees_of(user: Any, today: datetime.date | None = None) -> QuerySet[Participant]:
    """The ECTs `user` mentors now (a pairing current today: `Mentorship.current_q`)."""
    today = today or timezone.localdate()
    pairs = Mentorship.objects.current(today).filter(mentor__user=user)
    return participants_visible_to(user).filter(participant_type=ParticipantType.ECT, pk__in=pairs.values("ect_id"))


def coached_ects_for(user: Any, today: datetime.date | None = None) -> QuerySet[Participant]:
    """The ECTs whose coaching pages `user` may open: themselves, the ECTs they mentor now or mentored
    before (read only), or all (hub admin). A pairing replaced on its first day was never held."""
    visible = participants_visible_to(user).filter(participant_type=ParticipantType.ECT)
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return visible  # nobody
    if getattr(user, "is_hub_admin", False):
        return visible
    today = today or timezone.localdate()
    now = Mentorship.objects.current(today).filter(mentor__user=user)
    ever = Mentorship.objects.held_by(today).filter(mentor__user=user)
    return Participant.objects.filter(participant_type=ParticipantType.ECT).filter(
        Q(pk__in=visible.filter(Q(user=user) | Q(pk__in=now.values("ect_id"))).values("pk"))
        | Q(pk__in=ever.values("ect_id"))
    )


def former_mentees_of(user: Any, today: datetime.date | None = None) -> QuerySet[Participant]:
    """The ECTs `user` mentored before and mentors no longer: their coaching is theirs to read, not to add to."""
    today = today or timezone.localdate()
    ever = Mentorship.objects.held_by(today).filter(mentor__user=user)
    now = Mentorship.objects.current(today).filter(mentor__user=user)
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
    pairing = (
        Mentorship.objects.current()
        .filter(mentor__user=user, ect_id=pk)
        .select_related("ect__user", "ect__school", "ect__cohort", "mentor__user")
        .first()
    )
    if pairing is None or not participants_visible_to(user).filter(pk=pk).exists():
        raise Http404("No such participant")
    return pairing.ect, pairing.mentor


# --- which coaching records: the one rule, for every page, form, list and e-mail ----------------


def coaching_q(user: Any, ects: Iterable[Participant], settings: LearningSettings | None = None) -> Q:
    """Which coaching records (observations, steps or meetings: the same filter fits each) of `ects`
    `user` may read, as a filter.

    The ECT: all of their own. A hub admin: all. The current mentor: what they wrote, and the earlier
    mentors' records too when the hub's setting *A new mentor can read the ECT's earlier coaching* is
    on. A former mentor: what they wrote while paired (created on a day one of their pairings with
    this ECT was current). Anyone else (another mentor, a tutor, a facilitator): nothing — tutors
    see counts and dates through `queries.engagement_weeks`, never these records. One query for a
    mentor, none otherwise, whatever the number of ECTs."""
    ects = list(ects)
    if not ects or not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOTHING
    if getattr(user, "is_hub_admin", False):
        return Q(ect_id__in=[e.pk for e in ects])
    allowed = _own_q([e for e in ects if e.user_id == user.pk])
    others = [e.pk for e in ects if e.user_id != user.pk]
    if not others:
        return allowed
    today = timezone.localdate()
    # A page asks for several kinds of record (the timeline: four); its pairings are read once.
    spans = memo(("learning.pairing_spans", user.pk, tuple(others), today), lambda: _spans(user, others, today))
    own = Q(mentor__user=user)
    for ect_id, pairings in spans.items():
        if any(Mentorship.holds(started, ended, today) for started, ended in pairings):
            settings = settings or LearningSettings.load()
            allowed |= Q(ect_id=ect_id) & (Q() if settings.new_mentor_reads_history else own)
            continue
        made_while_paired = NOTHING
        for started, ended in pairings:
            made_while_paired |= Q(created_at__date__gte=started) & (
                Q() if ended is None else Q(created_at__date__lt=ended)
            )
        allowed |= Q(ect_id=ect_id) & own & made_while_paired
    return allowed


def _spans(
    user: Any, ect_ids: list[int], today: datetime.date
) -> dict[int, list[tuple[datetime.date, datetime.date | None]]]:
    """ECT id → the (started_on, ended_on) of each pairing `user` held with them by `today`."""
    spans: dict[int, list[tuple[datetime.date, datetime.date | None]]] = defaultdict(list)
    for ect_id, started, ended in (
        Mentorship.objects.held_by(today)
        .filter(mentor__user=user, ect_id__in=ect_ids)
        .values_list("ect_id", "started_on", "ended_on")
    ):
        spans[ect_id].append((started, ended))
    return spans


def records_filter(user: Any, ect: Participant, settings: LearningSettings | None = None) -> Q:
    """`coaching_q` for one ECT."""
    return coaching_q(user, [ect], settings)


def _own_q(ects: Iterable[Participant]) -> Q:
    # The ECT's own row of the table: every record about them.
    ids = [e.pk for e in ects]
    return Q(ect_id__in=ids) if ids else NOTHING


def _ects(ect: Participant | None, ects: Iterable[Participant]) -> list[Participant]:
    return [ect, *ects] if ect is not None else list(ects)


def observations_visible_to(
    user: Any,
    *,
    ect: Participant | None = None,
    ects: Iterable[Participant] = (),
    settings: LearningSettings | None = None,
) -> QuerySet[Observation]:
    """The observations of `ect` (or of `ects`) that `user` may read (`coaching_q`)."""
    return Observation.objects.filter(coaching_q(user, _ects(ect, ects), settings))


def steps_visible_to(
    user: Any,
    *,
    ect: Participant | None = None,
    ects: Iterable[Participant] = (),
    settings: LearningSettings | None = None,
) -> QuerySet[ActionStep]:
    """The action steps of `ect` (or of `ects`) that `user` may read (`coaching_q`)."""
    return ActionStep.objects.filter(coaching_q(user, _ects(ect, ects), settings))


def meetings_visible_to(
    user: Any,
    *,
    ect: Participant | None = None,
    ects: Iterable[Participant] = (),
    settings: LearningSettings | None = None,
) -> QuerySet[Meeting]:
    """The meetings of `ect` (or of `ects`) that `user` may read (`coaching_q`)."""
    return Meeting.objects.filter(coaching_q(user, _ects(ect, ects), settings))


def steps_for_their_ects(ects: Iterable[Participant]) -> QuerySet[ActionStep]:
    """The steps of `ects`, for each ECT's own eyes only (the weekly e-mail to each of them): the ECT's
    row of `coaching_q`, for many ECTs at once without a user each."""
    return ActionStep.objects.filter(_own_q(e for e in ects if e.participant_type == ParticipantType.ECT))


def get_observation_for(user: Any, pk: int) -> Observation:
    observation = Observation.objects.filter(pk=pk).only("pk", "ect_id").first()
    if observation is None:
        raise Http404("No such observation")
    ect = get_coached_ect_for(user, observation.ect_id)
    found = observations_visible_to(user, ect=ect).select_related("mentor__user").filter(pk=pk).first()
    if found is None:
        raise Http404("No such observation")
    found.ect = ect
    return found


def get_step_for(user: Any, pk: int) -> ActionStep:
    step = ActionStep.objects.filter(pk=pk).only("pk", "ect_id").first()
    if step is None:
        raise Http404("No such action step")
    ect = get_coached_ect_for(user, step.ect_id)
    found = steps_visible_to(user, ect=ect).select_related("mentor__user").filter(pk=pk).first()
    if found is None:
        raise Http404("No such action step")
    found.ect = ect
    return found


def is_current_mentor(user: Any, ect: Participant) -> bool:
    return Mentorship.objects.current().filter(mentor__user=user, ect=ect).exists()


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
