"""Operations on people that change more than one record."""

from __future__ import annotations

import datetime

from django.db import transaction

from ecfhub.lib.errors import DomainError
from ecfhub.people.models import Mentorship, Participant, ParticipantType


@transaction.atomic
def pair_mentor(*, ect: Participant, mentor: Participant, on: datetime.date) -> Mentorship:
    """Make `mentor` the ECT's current mentor from `on`.

    Guarantees: afterwards the ECT has exactly one current mentorship; any
    earlier current pairing is ended the day before `on` (history kept, never
    deleted). Pairing the same mentor again is a no-op returning the current
    pairing. Raises DomainError for a wrong participant type or a different school.
    """
    if ect.participant_type != ParticipantType.ECT:
        raise DomainError("not_an_ect", f"{ect.user} is not registered as an ECT.")
    if mentor.participant_type != ParticipantType.MENTOR:
        raise DomainError("not_a_mentor", f"{mentor.user} is not registered as a mentor.")
    if mentor.school_id != ect.school_id:
        raise DomainError("different_school", "The mentor and the ECT must be at the same school.")
    # Lock the ECT row so two tutors pairing at once cannot both see "no current mentor".
    Participant.objects.select_for_update().get(pk=ect.pk)
    current = Mentorship.objects.filter(ect=ect, ended_on__isnull=True).first()
    if current is not None:
        if current.mentor_id == mentor.pk:
            return current
        if current.started_on >= on:
            # Replaced on (or before) its first day: it never really ran.
            current.ended_on = current.started_on
        else:
            current.ended_on = on - datetime.timedelta(days=1)
        current.save(update_fields=["ended_on"])
    return Mentorship.objects.create(ect=ect, mentor=mentor, started_on=on)
