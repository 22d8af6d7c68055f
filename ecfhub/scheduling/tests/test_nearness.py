"""Nearness end to end: venues and schools located, the dry run prefers the nearest venue, the preview
compares travel with the run without nearness, and people are told how far their venue is."""

from __future__ import annotations

import datetime

import pytest

from ecfhub.events.models import Session, TrainingEvent, Venue
from ecfhub.events.services import local_datetime
from ecfhub.hub.models import HubSettings
from ecfhub.notifications.models import OutboundMessage
from ecfhub.people.models import School
from ecfhub.scheduling.models import Assignment
from ecfhub.scheduling.services import commit_schedule, plan_schedule
from ecfhub.scheduling.tests.conftest import AS_OF

pytestmark = pytest.mark.django_db

NORWICH = (623_000, 308_500)
THETFORD = (587_000, 283_000)


def conference_at(event: TrainingEvent, day: datetime.date, venue: Venue) -> Session:
    return Session.objects.create(
        event=event,
        starts_at=local_datetime(day, datetime.time(9, 30)),
        ends_at=local_datetime(day, datetime.time(15, 30)),
        mode=Session.Mode.IN_PERSON,
        venue_place=venue,
        capacity=10,
    )


@pytest.fixture
def conference(cohort, calendar_2025, ect, other_ect, school, other_school) -> dict[str, Session]:
    # Riverside is in Norwich, Oakfield in Thetford; the Norwich date comes first, so without nearness
    # the first person placed goes wherever the flow puts them.
    School.objects.filter(pk=school.pk).update(easting=NORWICH[0] + 800, northing=NORWICH[1] + 600)
    School.objects.filter(pk=other_school.pk).update(easting=THETFORD[0] + 1200, northing=THETFORD[1] + 900)
    HubSettings.objects.update_or_create(pk=1, defaults={"max_travel_km": 40})
    norwich = Venue.objects.create(name="Norwich", easting=NORWICH[0], northing=NORWICH[1])
    thetford = Venue.objects.create(name="Thetford", easting=THETFORD[0], northing=THETFORD[1])
    event = TrainingEvent.objects.create(
        cohort=cohort, kind="conference", audience="ect", programme_year=1, order=1, title="How pupils learn"
    )
    return {
        "norwich": conference_at(event, datetime.date(2025, 11, 4), norwich),
        "thetford": conference_at(event, datetime.date(2025, 11, 5), thetford),
    }


def test_each_person_gets_the_venue_nearest_their_school_and_the_preview_shows_the_travel(conference, ect, other_ect):
    plan = plan_schedule(as_of=AS_OF, refine_work_seconds=1.0)
    placed = {pid: sid for pid, _, sid in plan.placements}
    assert placed == {ect.pk: conference["norwich"].pk, other_ect.pk: conference["thetford"].pk}
    travel = plan.stats["travel"]
    assert travel["with"]["trips"] == 2 and travel["with"]["over_cap"] == 0
    assert travel["with"]["longest_km"] < 2
    assert travel["without"] is not None and travel["without"]["total_km"] >= travel["with"]["total_km"]
    assert travel["max_km"] == 40
    plain = plan_schedule(as_of=AS_OF, refine_work_seconds=1.0, nearness=False)
    assert plain.stats["placed"] == plan.stats["placed"] == 2
    # The run without nearness still reports its travel (nothing compared): never less than with it.
    assert plain.stats["travel"]["without"] is None
    assert plain.stats["travel"]["with"]["total_km"] >= travel["with"]["total_km"]


def test_the_dates_email_says_how_far_the_venue_is_from_the_school(conference, other_ect, hub_admin, smtp_server):
    commit_schedule(plan=plan_schedule(as_of=AS_OF, refine_work_seconds=1.0), actor=hub_admin)
    assert Assignment.objects.get(participant=other_ect).session == conference["thetford"]
    mail = OutboundMessage.objects.get(kind="new_dates", to=other_ect.user.email)
    assert "Where: Thetford, about 2 km from your school" in mail.body_text  # 1.5 km, rounded
