"""Which pairing is current on a day, at the edges (issue 26, finding 3): pairings run half open, so a
replacement hands over on its day with no overlap, and a mentor replaced on the day they were paired
is no longer the ECT's mentor at once — not on the pages, not on the forms."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from ecfhub.conftest import make_participant
from ecfhub.onboarding.services.participants import change_mentor
from ecfhub.people.models import Mentorship, Participant
from ecfhub.people.services import end_mentorships, pair_mentor

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2025, 10, 1)


@pytest.fixture
def mia(school, cohort) -> Participant:  # type: ignore[no-untyped-def]
    return make_participant(
        email="mia@riverside.test", name="Mia Mentor", school=school, cohort=cohort, kind="mentor", trn="2000009"
    )


def current_mentors(ect: Participant, on: datetime.date) -> list[int]:
    return list(Mentorship.objects.current(on).filter(ect=ect).values_list("mentor_id", flat=True))


def opens_new_observation(user, ect: Participant) -> int:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client.get(reverse("learning:observation_new", args=[ect.pk])).status_code


@time_machine.travel(datetime.datetime(2025, 10, 1, 12, 0), tick=False)
def test_a_mentor_replaced_on_the_day_they_were_paired_loses_the_ect_at_once(
    calendar_2025, tutor, ect, mentor, mia
) -> None:  # type: ignore[no-untyped-def]
    Mentorship.objects.filter(ect=ect).delete()
    pair_mentor(ect=ect, mentor=mia, on=TODAY)
    assert opens_new_observation(mia.user, ect) == 200
    change_mentor(ect=ect, mentor=mentor, on=TODAY, actor=tutor)
    assert current_mentors(ect, TODAY) == [mentor.pk]
    assert opens_new_observation(mia.user, ect) == 404
    assert opens_new_observation(mentor.user, ect) == 200
    replaced = Mentorship.objects.get(ect=ect, mentor=mia)
    assert not replaced.is_current_on(TODAY) and replaced.last_day is None  # it never was in force
    # Nor is she a former mentor: she held no day of it.
    client = Client()
    client.force_login(mia.user)
    assert client.get(reverse("learning:ect", args=[ect.pk])).status_code == 404


@time_machine.travel(datetime.datetime(2025, 10, 2, 12, 0), tick=False)
def test_a_mentor_replaced_the_day_after_they_were_paired_had_one_day_and_loses_the_ect_on_the_next(
    calendar_2025, tutor, ect, mentor, mia
) -> None:  # type: ignore[no-untyped-def]
    Mentorship.objects.filter(ect=ect).delete()
    pair_mentor(ect=ect, mentor=mia, on=TODAY)
    change_mentor(ect=ect, mentor=mentor, on=TODAY + datetime.timedelta(days=1), actor=tutor)
    assert current_mentors(ect, TODAY) == [mia.pk]
    assert current_mentors(ect, TODAY + datetime.timedelta(days=1)) == [mentor.pk]
    assert Mentorship.objects.get(ect=ect, mentor=mia).last_day == TODAY
    assert opens_new_observation(mia.user, ect) == 404
    assert opens_new_observation(mentor.user, ect) == 200


@pytest.mark.parametrize(
    ("first_day_unpaired", "current_today"),
    [(TODAY - datetime.timedelta(days=1), False), (TODAY, False), (TODAY + datetime.timedelta(days=1), True)],
    ids=["ended-yesterday", "ended-today", "ends-after-today"],
)
def test_a_pairing_is_current_until_its_first_day_unpaired(ect, mentor, first_day_unpaired, current_today) -> None:  # type: ignore[no-untyped-def]
    pairing = Mentorship.objects.get(ect=ect)
    pairing.started_on, pairing.ended_on = D(2025, 9, 3), first_day_unpaired
    pairing.save()
    assert pairing.is_current_on(TODAY) is current_today
    assert (current_mentors(ect, TODAY) == [mentor.pk]) is current_today
    assert (ect.current_mentorship(TODAY) is not None) is current_today


def test_the_last_day_of_a_pairing_that_ends_today_was_yesterday(ect, mentor) -> None:  # type: ignore[no-untyped-def]
    assert end_mentorships(participant=mentor, on=TODAY) == 1
    pairing = Mentorship.objects.get(ect=ect)
    assert pairing.last_day == TODAY - datetime.timedelta(days=1)
    assert current_mentors(ect, TODAY - datetime.timedelta(days=1)) == [mentor.pk]
    assert current_mentors(ect, TODAY) == []


def test_no_two_pairings_of_one_ect_are_ever_current_on_the_same_day(ect, mentor, mia) -> None:  # type: ignore[no-untyped-def]
    # Backwards, forwards and on the same day: whatever order a tutor pairs in.
    pair_mentor(ect=ect, mentor=mia, on=D(2025, 11, 3))
    pair_mentor(ect=ect, mentor=mentor, on=D(2025, 11, 3))
    pair_mentor(ect=ect, mentor=mia, on=D(2025, 10, 1))
    pair_mentor(ect=ect, mentor=mentor, on=D(2026, 1, 5))
    day = D(2025, 9, 1)
    while day < D(2026, 3, 1):
        assert len(current_mentors(ect, day)) <= 1, day
        day += datetime.timedelta(days=1)
    assert current_mentors(ect, D(2025, 12, 1)) == [mia.pk]
    assert current_mentors(ect, D(2026, 1, 5)) == [mentor.pk]
    assert Mentorship.objects.filter(ect=ect, ended_on__isnull=True).count() == 1
