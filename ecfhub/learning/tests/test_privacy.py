"""A person's coaching records are in their data export and are emptied when they are anonymised."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from ecfhub.learning.models import Observation
from ecfhub.learning.services import record_meeting, record_observation, set_action_step
from ecfhub.people.models import Participant
from ecfhub.privacy.collect import collect
from ecfhub.privacy.services import anonymise_participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def trail(ect, mentor):  # type: ignore[no-untyped-def]
    with time_machine.travel(datetime.datetime(2025, 10, 1, 12, 0), tick=False):
        observation = record_observation(
            ect=ect,
            mentor=mentor,
            values={
                "observed_on": datetime.date(2025, 10, 1),
                "class_or_year_group": "Year 4",
                "went_well": "Routines.",
                "to_work_on": "Silence first.",
            },
            actor=mentor.user,
        )
        set_action_step(
            ect=ect,
            mentor=mentor,
            values={"step": "Wait", "success_looks_like": "Calm", "check_back_on": datetime.date(2025, 10, 8)},
            actor=mentor.user,
        )
        record_meeting(
            ect=ect, mentor=mentor, values={"met_on": datetime.date(2025, 10, 1), "notes": "n"}, actor=mentor.user
        )
    return observation


def test_the_ects_export_holds_their_observations_steps_and_meetings(ect, trail) -> None:  # type: ignore[no-untyped-def]
    held = collect(ect.user).owned
    assert {"learning.observation", "learning.actionstep", "learning.meeting"} <= set(held)


def test_anonymising_the_ect_empties_the_coaching_text(ect, trail, hub_admin) -> None:  # type: ignore[no-untyped-def]
    Participant.objects.filter(pk=ect.pk).update(status=Participant.Status.WITHDRAWN)
    anonymise_participant(participant=Participant.objects.get(pk=ect.pk), actor=hub_admin)
    observation = Observation.objects.get(pk=trail.pk)
    assert observation.went_well == "" and observation.to_work_on == ""
