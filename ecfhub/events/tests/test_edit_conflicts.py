"""Two hub admins editing one event or session: the second save is refused and shows what is saved now."""

from __future__ import annotations

import re

import pytest
import time_machine

from ecfhub.events.models import Session, TrainingEvent
from ecfhub.events.tests.factories import make_event, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _before_the_sessions():  # type: ignore[no-untyped-def]
    # The sessions are in January 2026; only sessions still to come can be added or moved.
    with time_machine.travel("2025-12-01 10:00 +00:00", tick=False):
        yield


def version_on(page: str) -> str:
    match = re.search(r'name="version" value="([0-9a-f]+)"', page)
    assert match, "the edit form carries the record's version"
    return match.group(1)


def session_form(version: str, **overrides: str) -> dict[str, str]:
    data = {
        "date": "2026-01-14", "start_time": "16:00", "end_time": "17:00", "mode": "online",
        "joining_url": "https://meet.example.com/room", "venue": "", "capacity": "20", "version": version,
    }  # fmt: skip
    data.update(overrides)
    return data


def test_the_second_of_two_admins_saving_a_session_is_told_and_keeps_what_they_typed(
    client, hub_admin, cohort, calendar_2025
):
    session = make_session(make_event(cohort), capacity=20)
    url = f"/manage/events/sessions/{session.pk}/edit/"
    client.force_login(hub_admin)
    first_version = version_on(client.get(url).text)
    second_version = version_on(client.get(url).text)  # a colleague opens the same page

    assert client.post(url, session_form(first_version, capacity="30")).status_code == 302
    refused = client.post(url, session_form(second_version, capacity="25", start_time="16:30"))

    assert refused.status_code == 200
    assert "Someone else saved changes to this session while you were editing it." in refused.text
    assert "Capacity is 30" in refused.text and "Start time is 16:00" in refused.text
    assert 'name="capacity" value="25"' in refused.text  # what they typed is still there
    session.refresh_from_db()
    assert session.capacity == 30  # the first save stands

    # The page now carries the new version: saving again is a deliberate choice, and it works.
    again = client.post(url, session_form(version_on(refused.text), capacity="25", start_time="16:30"))
    assert again.status_code == 302
    session.refresh_from_db()
    assert session.capacity == 25


def test_saving_without_anyone_else_saving_in_between_just_works(client, hub_admin, cohort, calendar_2025):
    session = make_session(make_event(cohort), capacity=20)
    url = f"/manage/events/sessions/{session.pk}/edit/"
    client.force_login(hub_admin)
    assert client.post(url, session_form(version_on(client.get(url).text), capacity="21")).status_code == 302
    assert Session.objects.get(pk=session.pk).capacity == 21


def test_the_second_of_two_admins_saving_an_event_is_told(client, hub_admin, cohort):
    event = make_event(cohort, title="Routines that work")
    url = f"/manage/events/{event.pk}/edit/"
    client.force_login(hub_admin)
    version = version_on(client.get(url).text)
    TrainingEvent.objects.filter(pk=event.pk).update(title="Routines that free up time")  # a colleague's save
    data = {
        "audience": "ect", "kind": "clinic", "programme_year": "1", "order": "1", "title": "Routines, revised",
        "focus": ["managing-behaviour"], "description": "", "version": version,
    }  # fmt: skip
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "Someone else saved changes to this event" in refused.text
    assert "Title is Routines that free up time" in refused.text
    assert TrainingEvent.objects.get(pk=event.pk).title == "Routines that free up time"
