"""The participant access matrix, as querysets: each role sees and changes exactly whom the rules allow."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from ecfhub.people.access import ASSIGNED, get_participant_for, participants_changeable_by, participants_visible_to
from ecfhub.people.models import Mentorship
from ecfhub.scheduling.models import Assignment
from tests.security.world import (
    ECT,
    FACILITATOR,
    HUB_ADMIN,
    MENTOR,
    OTHER_MENTOR,
    OTHER_TUTOR,
    TUTOR,
    build_world,
)

# World: Riverside has max (mentor) and erin (ECT, mentored by max); Oakfield has olga and ed.
# fred facilitates the session erin is booked on; the mentors' session (max and olga) is nobody's.
VISIBLE = {
    HUB_ADMIN: {"max", "erin", "olga", "ed"},
    TUTOR: {"max", "erin"},
    OTHER_TUTOR: {"olga", "ed"},
    ECT: {"erin", "max"},
    MENTOR: {"max", "erin"},
    OTHER_MENTOR: {"olga", "ed"},
    FACILITATOR: {"erin"},
}
CHANGEABLE = {
    HUB_ADMIN: {"max", "erin", "olga", "ed"},
    TUTOR: {"max", "erin"},
    OTHER_TUTOR: {"olga", "ed"},
    ECT: set(),
    MENTOR: set(),
    OTHER_MENTOR: set(),
    FACILITATOR: set(),
}


@pytest.fixture
def world(db):
    return build_world()


def _names(queryset) -> set[str]:
    names = [p.user.full_name.split()[0].lower() for p in queryset.select_related("user")]
    assert len(names) == len(set(names)), "a participant is listed twice"
    return set(names)


@pytest.mark.parametrize("role", sorted(VISIBLE))
def test_each_role_sees_exactly_the_participants_the_matrix_allows(world, role):
    assert _names(participants_visible_to(world.users[role])) == VISIBLE[role]


@pytest.mark.parametrize("role", sorted(CHANGEABLE))
def test_each_role_changes_exactly_the_participants_the_matrix_allows(world, role):
    assert _names(participants_changeable_by(world.users[role])) == CHANGEABLE[role]


def test_someone_signed_out_sees_and_changes_nobody(world):
    assert not participants_visible_to(AnonymousUser()).exists()
    assert not participants_changeable_by(AnonymousUser()).exists()


def test_a_mentor_no_longer_sees_an_ect_after_the_pairing_ended(world):
    Mentorship.objects.filter(ect=world.ect).update(ended_on=datetime.date(2025, 10, 1))
    assert _names(participants_visible_to(world.users[MENTOR])) == {"max"}
    assert _names(participants_visible_to(world.users[ECT])) == {"erin"}


def test_a_facilitator_no_longer_sees_someone_whose_place_was_released(world):
    Assignment.objects.filter(participant=world.ect).update(status=Assignment.Status.RELEASED)
    assert _names(participants_visible_to(world.users[FACILITATOR])) == set()


def test_a_person_looked_up_outside_what_they_may_see_is_not_found(world):
    tutor = world.users[TUTOR]
    assert get_participant_for(tutor, world.ect.pk, change=True) == world.ect
    with pytest.raises(Http404):
        get_participant_for(tutor, world.other_ect.pk)
    with pytest.raises(Http404):
        get_participant_for(world.users[MENTOR], world.ect.pk, change=True)
    assert get_participant_for(world.users[MENTOR], world.ect.pk) == world.ect


def test_a_look_up_is_one_query(world):
    with CaptureQueriesContext(connection) as captured:
        participant = get_participant_for(world.users[ECT], world.mentor.pk)
        assert participant.school.name and participant.user.email and participant.cohort.label
    assert len(captured) == 1


def test_the_active_place_status_matches_scheduling():
    # people cannot import scheduling (a layer above it), so it spells the status itself.
    assert Assignment.Status.ASSIGNED == ASSIGNED
