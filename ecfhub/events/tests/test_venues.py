"""The hub's venues: admin pages, the session's venue, and what participants see of it."""

from __future__ import annotations

import datetime
import importlib

import pytest
import time_machine
from django.apps import apps as django_apps
from django.urls import reverse

from ecfhub.audit.models import AuditEntry
from ecfhub.events.models import Session, Venue
from ecfhub.events.tests.factories import assign, make_event, make_session
from ecfhub.people.models import School
from ecfhub.scheduling.queries import date_choices

NORWICH = (623_000, 308_500)
THETFORD = (587_000, 283_000)
YARMOUTH = (652_500, 307_500)


@pytest.fixture
def located(db, school):
    # Riverside Primary, about 1.4 km from the Thetford venue
    School.objects.filter(pk=school.pk).update(easting=588_000, northing=284_000, postcode="IP24 1AA")
    school.refresh_from_db()
    return school


def test_a_hub_admin_adds_a_venue_located_from_a_school_at_the_same_postcode(client, hub_admin, located):
    client.force_login(hub_admin)
    assert client.get(reverse("events:venues")).status_code == 200
    response = client.post(
        reverse("events:venue_add"),
        {"name": "Thetford", "address": "Croxton Road", "postcode": "ip241aa", "accessibility": "Step-free"},
    )
    assert response.status_code == 302
    venue = Venue.objects.get()
    assert (venue.postcode, venue.grid_ref) == ("IP24 1AA", (588_000, 284_000))
    assert AuditEntry.objects.filter(action="venue.added").exists()
    page = client.get(reverse("events:venues")).content.decode()
    assert "Thetford" in page and "588000" in page


@pytest.mark.parametrize(
    ("east", "north", "field", "message"),
    [
        ("700001", "300000", "easting", "from 0 to 700,000"),
        ("600000", "1300001", "northing", "from 0 to 1,300,000"),
        ("６２３０００", "300000", "easting", "digits only"),
        ("-5", "300000", "easting", "digits only"),
        ("600000", "", "northing", "both the easting and the northing"),
    ],
)
def test_a_grid_reference_outside_the_grid_or_not_in_digits_is_refused_with_a_clear_message(
    client, hub_admin, east, north, field, message
):
    client.force_login(hub_admin)
    response = client.post(reverse("events:venue_add"), {"name": "Somewhere", "easting": east, "northing": north})
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Venue.objects.exists()


def test_two_venues_cannot_share_a_name_and_a_venue_can_be_changed(client, hub_admin):
    client.force_login(hub_admin)
    Venue.objects.create(name="Norwich")
    other = Venue.objects.create(name="Thetford")
    response = client.post(reverse("events:venue_edit", args=[other.pk]), {"name": "norwich"})
    assert response.status_code == 422 and "already a venue called" in response.content.decode()
    response = client.post(
        reverse("events:venue_edit", args=[other.pk]), {"name": "Thetford", "easting": "587000", "northing": "283000"}
    )
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.grid_ref == THETFORD


def test_only_hub_admins_reach_the_venue_pages(client, tutor):
    client.force_login(tutor)
    assert client.get(reverse("events:venues")).status_code in (403, 404)


@time_machine.travel("2026-01-20 10:00 +00:00", tick=False)
def test_my_events_says_where_and_how_far_from_my_school(client, cohort, calendar_2025, located, ect):
    venue = Venue.objects.create(name="Thetford", easting=THETFORD[0], northing=THETFORD[1], accessibility="Lift")
    conference = make_event(cohort, kind="conference", title="How pupils learn")
    assign(ect, make_session(conference, datetime.date(2026, 3, 4), mode="in_person", venue_place=venue))
    client.force_login(ect.user)
    html = client.get("/events/").content.decode()
    assert "Thetford, about 1 km from your school" in html
    assert "Lift" in html


@time_machine.travel("2026-01-20 10:00 +00:00", tick=False)
def test_the_public_calendar_shows_and_filters_by_venue(client, cohort, calendar_2025):
    norwich = Venue.objects.create(name="Norwich hub", easting=NORWICH[0], northing=NORWICH[1])
    yarmouth = Venue.objects.create(name="Great Yarmouth", easting=YARMOUTH[0], northing=YARMOUTH[1])
    conference = make_event(cohort, kind="conference", title="How pupils learn")
    make_session(conference, datetime.date(2026, 3, 4), mode="in_person", venue_place=norwich)
    make_session(conference, datetime.date(2026, 3, 5), mode="in_person", venue_place=yarmouth)
    every = client.get("/calendar/").content.decode()
    assert "In person: Norwich hub" in every and "In person: Great Yarmouth" in every
    only = client.get(f"/calendar/?venue={yarmouth.pk}").content.decode()
    assert "In person: Great Yarmouth" in only and "In person: Norwich hub" not in only
    assert client.get("/calendar/?venue=nonsense").status_code == 200  # a mistyped address falls back


@time_machine.travel("2026-01-05 10:00 +00:00", tick=False)
def test_date_change_choices_list_the_nearest_venue_first(cohort, calendar_2025, located, ect):
    far = Venue.objects.create(name="Great Yarmouth", easting=YARMOUTH[0], northing=YARMOUTH[1])
    near = Venue.objects.create(name="Thetford", easting=THETFORD[0], northing=THETFORD[1])
    middle = Venue.objects.create(name="Norwich", easting=NORWICH[0], northing=NORWICH[1])
    conference = make_event(cohort, kind="conference", title="How pupils learn")
    held = make_session(conference, datetime.date(2026, 3, 2), mode="in_person", venue_place=far)
    make_session(conference, datetime.date(2026, 3, 3), mode="in_person", venue_place=far)
    make_session(conference, datetime.date(2026, 3, 10), mode="in_person", venue_place=near)
    make_session(conference, datetime.date(2026, 3, 4), mode="in_person", venue_place=middle)
    assign(ect, held)
    choices = date_choices(ect, conference, current=held)
    assert [c.session.venue_place.name for c in choices] == ["Thetford", "Norwich", "Great Yarmouth"]


def test_free_text_venues_become_venue_rows_and_the_text_stays(db, cohort):
    conference = make_event(cohort, kind="conference")
    one = make_session(conference, datetime.date(2026, 3, 4), mode="in_person", venue="Thetford satellite\nCroxton Rd")
    two = make_session(conference, datetime.date(2026, 3, 5), mode="in_person", venue="Thetford satellite\nCroxton Rd")
    online = make_session(conference, datetime.date(2026, 3, 6))
    migration = importlib.import_module("ecfhub.events.migrations.0005_venue_from_text")
    migration.forward(django_apps, None)
    venue = Venue.objects.get()
    assert venue.name == "Thetford satellite" and venue.address == "Thetford satellite\nCroxton Rd"
    assert set(Session.objects.filter(venue_place=venue)) == {one, two}
    one.refresh_from_db()
    assert one.venue == "Thetford satellite\nCroxton Rd" and one.place("") == "Thetford satellite"
    online.refresh_from_db()
    assert online.venue_place is None
