"""Registers and dashboards cost the same number of queries at 10 and at 500 participants."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ecfhub.attendance.models import Mark
from ecfhub.attendance.tests.factories import crowd, module, set_mark
from ecfhub.events.services import local_datetime
from ecfhub.events.tests.factories import make_event, make_session

DAY = datetime.date(2026, 3, 3)
DURING = local_datetime(DAY, datetime.time(16, 30))
MARKS = list(Mark.values)


def queries(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.fixture
def world(cohort, facilitator, school, tutor, hub_admin, mentor, calendar_2025):  # type: ignore[no-untyped-def]
    session = make_session(make_event(cohort), DAY, capacity=1000)
    session.facilitators.add(facilitator)
    later = make_session(make_event(cohort, order=2, title="Conference", kind="conference"), DAY.replace(day=24))
    # Modules and coaching are engagement sources too: the pages read them for everyone at once.
    modules = [module("ect", 1, week) for week in range(1, 21)]
    return {"session": session, "later": later, "modules": modules, "mentor": mentor}


def grow(world, n: int, start: int) -> None:  # type: ignore[no-untyped-def]
    from ecfhub.learning.models import Meeting, ModuleCompletion
    from ecfhub.people.models import Mentorship, School

    places = crowd(n=n, school=School.objects.get(urn="100001"), cohort=world["session"].event.cohort,
                   session=world["session"], start_trn=start)  # fmt: skip
    for i, place in enumerate(places):
        if i % 5:  # most marked, some still to mark
            set_mark(place, MARKS[i % 4])
    people = [place.participant for place in places]
    at = DURING - datetime.timedelta(days=30)
    ModuleCompletion.objects.bulk_create(
        [ModuleCompletion(participant=p, module=m, completed_at=at) for p in people for m in world["modules"][:3]]
    )
    Mentorship.objects.bulk_create(
        [Mentorship(mentor=world["mentor"], ect=p, started_on=datetime.date(2025, 9, 3)) for p in people]
    )
    Meeting.objects.bulk_create(
        [Meeting(ect=p, mentor=world["mentor"], met_on=DAY - datetime.timedelta(days=7), notes="Met.") for p in people]
    )


@time_machine.travel(DURING, tick=False)
def test_registers_and_dashboards_cost_the_same_queries_at_10_and_500_people(
    client, world, facilitator, tutor, hub_admin, school
) -> None:
    pages = {
        facilitator: [reverse("attendance:register", args=[world["session"].pk]), reverse("attendance:mine")],
        tutor: [reverse("attendance:school", args=[school.pk])],
        hub_admin: [reverse("attendance:hub"), reverse("attendance:hub_csv")],
    }
    grow(world, 10, 3000000)
    small = {}
    for user, urls in pages.items():
        client.force_login(user)
        for url in urls:
            queries(client, url)  # warm: sessions, settings caches
            small[url] = queries(client, url)
    grow(world, 490, 3100000)
    large = {}
    for user, urls in pages.items():
        client.force_login(user)
        for url in urls:
            large[url] = queries(client, url)
    print("query counts", small)
    assert large == small
    assert small[reverse("attendance:register", args=[world["session"].pk])] <= 12
