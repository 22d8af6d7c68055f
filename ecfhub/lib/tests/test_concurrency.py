"""Record versions: the fingerprint that stops two people's edits of one record from overwriting each other."""

from __future__ import annotations

import pytest

from ecfhub.events.models import Session
from ecfhub.events.tests.factories import make_event, make_session
from ecfhub.lib.concurrency import lock_unchanged, version_of
from ecfhub.lib.errors import DomainError

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(cohort):  # type: ignore[no-untyped-def]
    return make_session(make_event(cohort))


def test_a_record_read_twice_has_the_same_version(session):
    assert version_of(session) == version_of(Session.objects.get(pk=session.pk))


def test_changing_a_field_changes_the_version(session):
    before = version_of(session)
    Session.objects.filter(pk=session.pk).update(capacity=session.capacity + 1)
    assert version_of(Session.objects.get(pk=session.pk)) != before


def test_changing_a_many_to_many_link_changes_the_version(session, facilitator):
    before = version_of(session)
    session.facilitators.add(facilitator)
    assert version_of(Session.objects.get(pk=session.pk)) != before


def test_a_stale_version_is_refused_and_a_current_or_missing_one_is_not(session):
    current = version_of(session)
    assert lock_unchanged(Session, session.pk, current, what="session") == session
    assert lock_unchanged(Session, session.pk, "", what="session") == session
    Session.objects.filter(pk=session.pk).update(capacity=99)
    with pytest.raises(DomainError) as refused:
        lock_unchanged(Session, session.pk, current, what="session")
    assert refused.value.code == "edit_conflict"
    assert "Someone else saved changes to this session" in refused.value.message
