"""The demo hub's learning part: modules for both ECT years and the mentors' year, a library, and a
trail of coaching for the demo pair and others, with this week left open."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command

from ecfhub.learning.models import ActionStep, LibraryStep, Meeting, Module, ModuleCompletion, Observation
from ecfhub.learning.weeks import monday_of
from ecfhub.people.models import Participant

TODAY = datetime.date(2026, 11, 25)


@pytest.mark.django_db
def test_the_demo_has_modules_a_library_and_a_coaching_trail_for_the_demo_pair() -> None:
    call_command(
        "seed_demo",
        f"--today={TODAY}",
        "--participants=60",
        "--schools=4",
        "--only=calendar,people,learning",
        stdout=io.StringIO(),
    )
    assert {(kind, year) for kind, year in Module.objects.values_list("participant_type", "programme_year")} == {
        ("ect", 1),
        ("ect", 2),
        ("mentor", 1),
    }
    assert Module.objects.filter(participant_type="ect", programme_year=2).count() == 39
    assert LibraryStep.objects.count() >= 10
    ect = Participant.objects.get(user__email="ect@demo.ecfhub.test")
    observations = Observation.objects.filter(ect=ect)
    assert observations.count() >= 5
    assert observations.filter(mentor__user__email="mentor@demo.ecfhub.test").count() == observations.count()
    assert not observations.filter(observed_on__gte=monday_of(TODAY)).exists()  # this week is the visitor's
    assert Meeting.objects.filter(ect=ect).exists() and ActionStep.objects.filter(ect=ect, status="closed").exists()
    assert Observation.objects.exclude(ect=ect).exists()  # others have a trail too
    assert ModuleCompletion.objects.filter(participant=ect).exists()
