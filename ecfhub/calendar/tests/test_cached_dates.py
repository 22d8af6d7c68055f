"""The calendar's dates and its feed are rendered once for the same data, and never shown out of date."""

import datetime

import pytest
import time_machine
import vobject
from django.core.cache import caches

from ecfhub.events.models import TrainingEvent
from ecfhub.events.services import cancel_session
from ecfhub.events.tests.factories import assign, make_event, make_session
from ecfhub.hub.models import HubSettings

pytestmark = pytest.mark.usefixtures("calendar_2025")


@pytest.fixture(autouse=True)
def _empty_fragments():  # type: ignore[no-untyped-def]
    caches["fragments"].clear()
    yield
    caches["fragments"].clear()


def _stored() -> int:
    return len(caches["fragments"]._cache)  # type: ignore[attr-defined]


@pytest.mark.parametrize("view", ["list", "month"])
@time_machine.travel("2025-12-01 10:00 +00:00", tick=False)
def test_a_place_taken_or_given_up_shows_at_once_in_the_seats_left(client, cohort, ect, other_ect, view):
    session = make_session(make_event(cohort), capacity=20)
    assign(ect, session)
    url = f"/calendar/?view={view}"
    HubSettings.load()  # the settings row exists on any running hub
    assert "19 seats left" in client.get(url).text
    kept = _stored()
    assert "19 seats left" in client.get(url).text  # the same data: the page comes from the cache
    assert _stored() == kept
    assign(other_ect, session)
    assert "18 seats left" in client.get(url).text
    session.assignments.filter(participant=ect).update(status="released")
    assert "19 seats left" in client.get(url).text


@time_machine.travel("2025-12-01 10:00 +00:00", tick=False)
def test_a_changed_title_venue_or_cancellation_shows_at_once(client, cohort, hub_admin):
    session = make_session(make_event(cohort, title="Routines that work"), mode="in_person")
    HubSettings.load()
    assert "Routines that work" in client.get("/calendar/").text
    TrainingEvent.objects.filter(pk=session.event_id).update(title="Routines that last")
    assert "Routines that last" in client.get("/calendar/").text
    settings_row = HubSettings.load()
    settings_row.venue_address = "The Forum, Norwich"
    settings_row.save()
    assert "The Forum, Norwich" in client.get("/calendar/").text
    cancel_session(session=session, reason="Snow", actor=hub_admin)
    assert "Cancelled" in client.get("/calendar/").text


@time_machine.travel("2025-12-01 10:00 +00:00", tick=False)
def test_the_feed_is_built_once_for_the_same_data_and_afresh_after_a_change(client, cohort, hub_admin):
    session = make_session(make_event(cohort, title="Routines that work"))
    HubSettings.load()  # the settings row exists on any running hub
    first = client.get("/calendar.ics")
    kept = _stored()  # the file, and the whole response for visitors not signed in
    again = client.get("/calendar.ics")
    assert again.content == first.content
    assert _stored() == kept
    # A response served from the cache keeps the file's type and name.
    assert again["Content-Type"] == first["Content-Type"] == "text/calendar; charset=utf-8"
    assert again["Content-Disposition"] == first["Content-Disposition"] == 'inline; filename="training-events-2025.ics"'
    cancel_session(session=session, reason="Snow", actor=hub_admin)
    [event] = vobject.readOne(client.get("/calendar.ics").content.decode()).vevent_list
    assert event.status.value == "CANCELLED"
    assert _stored() == 2 * kept


@time_machine.travel("2025-12-01 10:00 +00:00", tick=False)
def test_each_filter_has_its_own_dates(client, cohort):
    make_session(make_event(cohort, title="A clinic"), datetime.date(2026, 1, 14))
    make_session(make_event(cohort, kind="conference", order=2, title="A conference"), datetime.date(2026, 1, 15))
    clinics = client.get("/calendar/?kind=clinic").text
    conferences = client.get("/calendar/?kind=conference").text
    assert "A clinic" in clinics and "A conference" not in clinics
    assert "A conference" in conferences and "A clinic" not in conferences


@time_machine.travel("2025-12-01 10:00 +00:00", tick=False)
def test_the_filter_form_shows_what_each_visitor_chose(client, cohort):
    make_session(make_event(cohort))
    assert '<option value="clinic" selected>' in client.get("/calendar/?kind=clinic").text
    conferences = client.get("/calendar/?kind=conference").text
    assert '<option value="conference" selected>' in conferences
    assert '<option value="clinic" selected>' not in conferences
    assert '<option value="clinic" selected>' in client.get("/calendar/?kind=clinic").text


def test_a_session_that_starts_shows_as_held_without_any_change_to_the_data(client, cohort):
    make_session(make_event(cohort), datetime.date(2025, 12, 1), start=(16, 0), end=(17, 0))
    make_session(make_event(cohort, order=2, title="Later"), datetime.date(2026, 1, 14))
    with time_machine.travel("2025-12-01 15:59 +00:00", tick=False):
        assert "seats left" in client.get("/calendar/?earlier=1").text.split("Later")[0]
    with time_machine.travel("2025-12-01 16:01 +00:00", tick=False):
        assert "Held" in client.get("/calendar/?earlier=1").text.split("Later")[0]


@time_machine.travel("2025-12-01 10:00 +00:00", tick=False)
def test_signed_in_people_never_get_the_page_kept_for_visitors(client, cohort, ect):
    make_session(make_event(cohort))
    client.get("/calendar/")
    client.force_login(ect.user)
    page = client.get("/calendar/").text
    assert "Sign out" in page and ect.user.full_name in page
