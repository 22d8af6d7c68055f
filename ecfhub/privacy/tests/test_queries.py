"""Telling an anonymised person from a current one, for the lists of current people."""

from __future__ import annotations

import datetime

import pytest

from ecfhub.people.models import Participant
from ecfhub.privacy.queries import current_people, is_anonymised
from ecfhub.privacy.services import anonymise_participant

pytestmark = pytest.mark.django_db


def test_lists_of_current_people_leave_the_anonymised_out(ect, mentor, hub_admin) -> None:  # type: ignore[no-untyped-def]
    Participant.objects.filter(pk=ect.pk).update(
        status=Participant.Status.COMPLETED, status_changed_on=datetime.date(2027, 7, 20)
    )
    user = anonymise_participant(participant=Participant.objects.get(pk=ect.pk), actor=hub_admin)
    assert is_anonymised(user) and not is_anonymised(mentor.user)
    assert list(current_people(Participant.objects.order_by("pk"))) == [mentor]
    assert Participant.objects.count() == 2  # the row stays, for the figures


def test_the_tutors_school_list_shows_no_former_participant(client, ect, mentor, tutor, hub_admin) -> None:  # type: ignore[no-untyped-def]
    Participant.objects.filter(pk=ect.pk).update(
        status=Participant.Status.WITHDRAWN, status_reason="other", status_changed_on=datetime.date(2027, 7, 20)
    )
    anonymise_participant(participant=Participant.objects.get(pk=ect.pk), actor=hub_admin)
    client.force_login(tutor)
    page = client.get(f"/schools/{ect.school_id}/").text
    assert "Former participant" not in page and "Max Mentor" in page
