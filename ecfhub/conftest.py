"""Shared test fixtures: a small hub with named people, used across the apps' tests.

The people (after Healthchecks' alice/bob/charlie):
- hana, hub admin; fred, facilitator
- tess, induction tutor at Riverside (the `school`); otto, induction tutor at Oakfield (`other_school`)
- erin, ECT at Riverside, mentored by max; ed, ECT at Oakfield, mentored by olga
"""

from __future__ import annotations

import datetime
import uuid

import pytest

from ecfhub.people.models import Mentorship, Participant, ParticipantType, School, User
from ecfhub.programme.models import Cohort
from ecfhub.programme.services import get_or_create_cohort
from ecfhub.terms.services import create_standard_year

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(autouse=True)
def _no_rate_limit_counts_from_other_tests(settings):  # type: ignore[no-untyped-def]
    """The e-mail limits count in the database, as in production: rolled back after most tests but
    kept by those that commit (transaction=True), so each test counts under a key prefix of its own
    and starts at zero."""
    settings.CACHES = {
        **settings.CACHES,
        "ratelimit": {**settings.CACHES["ratelimit"], "KEY_PREFIX": f"test-{uuid.uuid4().hex}"},
    }


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):  # type: ignore[no-untyped-def]
    # Hashing is slow by design; tests need it correct, not slow.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_user(email: str, name: str, **flags: bool) -> User:
    return User.objects.create_user(email=email, password=PASSWORD, full_name=name, **flags)


@pytest.fixture
def calendar_2025(db) -> None:  # type: ignore[no-untyped-def]
    """The 2025/26 and 2026/27 academic years on the usual pattern."""
    create_standard_year(start_year=2025)
    create_standard_year(start_year=2026)


@pytest.fixture
def cohort(db) -> Cohort:  # type: ignore[no-untyped-def]
    return get_or_create_cohort(start_year=2025)


@pytest.fixture
def hub_admin(db) -> User:  # type: ignore[no-untyped-def]
    return make_user("hana@hub.test", "Hana Admin", is_hub_admin=True)


@pytest.fixture
def facilitator(db) -> User:  # type: ignore[no-untyped-def]
    return make_user("fred@hub.test", "Fred Facilitator", is_facilitator=True)


@pytest.fixture
def school(db) -> School:  # type: ignore[no-untyped-def]
    return School.objects.create(urn="100001", name="Riverside Primary", town="Norwich")


@pytest.fixture
def other_school(db) -> School:  # type: ignore[no-untyped-def]
    return School.objects.create(urn="100002", name="Oakfield Academy", town="Thetford")


@pytest.fixture
def tutor(school: School) -> User:
    user = make_user("tess@riverside.test", "Tess Tutor")
    school.induction_tutors.add(user)
    return user


@pytest.fixture
def other_tutor(other_school: School) -> User:
    user = make_user("otto@oakfield.test", "Otto Tutor")
    other_school.induction_tutors.add(user)
    return user


def make_participant(*, email: str, name: str, school: School, cohort: Cohort, kind: str, trn: str) -> Participant:
    return Participant.objects.create(
        user=make_user(email, name),
        school=school,
        cohort=cohort,
        participant_type=kind,
        trn=trn,
        induction_start_date=datetime.date(cohort.start_year, 9, 3),
    )


@pytest.fixture
def mentor(school: School, cohort: Cohort) -> Participant:
    return make_participant(
        email="max@riverside.test",
        name="Max Mentor",
        school=school,
        cohort=cohort,
        kind=ParticipantType.MENTOR,
        trn="2000001",
    )


@pytest.fixture
def ect(school: School, cohort: Cohort, mentor: Participant) -> Participant:
    participant = make_participant(
        email="erin@riverside.test",
        name="Erin Ect",
        school=school,
        cohort=cohort,
        kind=ParticipantType.ECT,
        trn="1000001",
    )
    Mentorship.objects.create(mentor=mentor, ect=participant, started_on=participant.induction_start_date)
    return participant


@pytest.fixture
def other_mentor(other_school: School, cohort: Cohort) -> Participant:
    return make_participant(
        email="olga@oakfield.test",
        name="Olga Mentor",
        school=other_school,
        cohort=cohort,
        kind=ParticipantType.MENTOR,
        trn="2000002",
    )


@pytest.fixture
def other_ect(other_school: School, cohort: Cohort, other_mentor: Participant) -> Participant:
    participant = make_participant(
        email="ed@oakfield.test",
        name="Ed Ect",
        school=other_school,
        cohort=cohort,
        kind=ParticipantType.ECT,
        trn="1000002",
    )
    Mentorship.objects.create(mentor=other_mentor, ect=participant, started_on=participant.induction_start_date)
    return participant
