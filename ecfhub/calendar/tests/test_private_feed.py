import datetime
import hashlib
import re

import pytest
import time_machine
import vobject
from django.conf import settings

from ecfhub.audit.models import AuditEntry
from ecfhub.calendar.models import CalendarFeedToken
from ecfhub.calendar.services import create_feed_token, revoke_feed_token
from ecfhub.events.services import cancel_session
from ecfhub.events.tests.factories import assign, make_event, make_session
from ecfhub.lib.text_tags import as_read

pytestmark = pytest.mark.usefixtures("calendar_2025")


def _events(response):  # type: ignore[no-untyped-def]
    return vobject.readOne(response.content.decode()).contents.get("vevent", [])


def test_only_a_hash_of_the_secret_is_stored(ect):
    token = create_feed_token(user=ect.user, actor=ect.user)
    stored = CalendarFeedToken.objects.get(user=ect.user)
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in stored.token_hash
    assert AuditEntry.objects.filter(action="calendar_feed.created").exists()


def test_the_private_feed_has_my_sessions_with_joining_link_or_venue(client, cohort, ect, other_ect):
    clinic = make_event(cohort, order=1)
    conference = make_event(cohort, kind="conference", order=2, title="How pupils learn")
    mine_online = make_session(clinic, datetime.date(2026, 1, 14))
    mine_in_person = make_session(
        conference,
        datetime.date(2026, 3, 4),
        start=(9, 30),
        end=(15, 30),
        mode="in_person",
        venue="Lowestoft satellite",
    )
    theirs = make_session(clinic, datetime.date(2026, 1, 21))
    assign(ect, mine_online)
    assign(ect, mine_in_person)
    assign(other_ect, theirs)
    token = create_feed_token(user=ect.user, actor=ect.user)

    response = client.get(f"/calendar/feed/{token}.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    events = {e.uid.value: e for e in _events(response)}
    assert set(events) == {mine_online.ical_uid, mine_in_person.ical_uid}  # never someone else's
    online = events[mine_online.ical_uid]
    assert online.url.value == "https://meet.example.com/secret-room"
    assert "https://meet.example.com/secret-room" in online.description.value
    assert events[mine_in_person.ical_uid].location.value == "Lowestoft satellite"


@time_machine.travel("2025-12-01 10:00 +00:00", tick=False)
def test_a_cancelled_session_i_was_on_stays_in_my_feed_as_cancelled(client, cohort, ect, hub_admin):
    session = make_session(make_event(cohort))
    assign(ect, session)
    token = create_feed_token(user=ect.user, actor=ect.user)
    (before,) = _events(client.get(f"/calendar/feed/{token}.ics"))
    cancel_session(session=session, reason="Snow", actor=hub_admin)
    (after,) = _events(client.get(f"/calendar/feed/{token}.ics"))
    assert after.uid.value == before.uid.value
    assert (before.status.value, after.status.value) == ("CONFIRMED", "CANCELLED")
    assert int(after.sequence.value) > int(before.sequence.value)


@time_machine.travel("2025-12-01 10:00 +00:00", tick=False)  # only a session still to come can move
def test_a_moved_session_keeps_its_uid_with_a_higher_sequence(client, cohort, ect, hub_admin):
    from ecfhub.events.services import update_session
    from ecfhub.hub.models import HubSettings

    HubSettings.objects.update_or_create(pk=1, defaults={"minimum_notice_school_days": 5})  # notice is not the point
    session = make_session(make_event(cohort))
    assign(ect, session)
    token = create_feed_token(user=ect.user, actor=ect.user)
    (before,) = _events(client.get(f"/calendar/feed/{token}.ics"))
    update_session(
        session=session, day=datetime.date(2026, 1, 15), start_time=datetime.time(15, 30), end_time=datetime.time(16, 30),
        mode="online", joining_url=session.joining_url, capacity=20, actor=hub_admin,
    )  # fmt: skip
    (after,) = _events(client.get(f"/calendar/feed/{token}.ics"))
    assert after.uid.value == before.uid.value
    assert int(after.sequence.value) == int(before.sequence.value) + 1
    assert after.dtstart.value.replace(tzinfo=None) == datetime.datetime(2026, 1, 15, 15, 30)


def test_a_revoked_feed_returns_404(client, ect):
    token = create_feed_token(user=ect.user, actor=ect.user)
    assert client.get(f"/calendar/feed/{token}.ics").status_code == 200
    assert revoke_feed_token(user=ect.user, actor=ect.user)
    assert client.get(f"/calendar/feed/{token}.ics").status_code == 404


def test_replacing_the_address_stops_the_old_one(client, ect):
    old = create_feed_token(user=ect.user, actor=ect.user)
    new = create_feed_token(user=ect.user, actor=ect.user)
    assert client.get(f"/calendar/feed/{old}.ics").status_code == 404
    assert client.get(f"/calendar/feed/{new}.ics").status_code == 200
    assert CalendarFeedToken.objects.filter(user=ect.user, revoked_at__isnull=True).count() == 1


def test_a_made_up_token_returns_404(client, ect):
    create_feed_token(user=ect.user, actor=ect.user)
    assert client.get("/calendar/feed/not-a-real-token.ics").status_code == 404
    assert client.get(f"/calendar/feed/{'x' * 200}.ics").status_code == 404


def test_the_account_page_shows_the_secret_once_and_offers_replace_and_revoke(client, ect):
    client.force_login(ect.user)
    assert "Create my calendar address" in client.get("/account/calendar/").content.decode()
    html = client.post("/account/calendar/create/", follow=True).content.decode()
    # Built from SITE_URL, never from the request's Host header.
    match = re.search(re.escape(settings.SITE_URL) + r"/calendar/feed/([A-Za-z0-9_-]+)\.ics", html)
    assert match, "the new address is shown"
    assert settings.SITE_URL.replace("http://", "webcal://") + "/calendar/feed/" in html
    assert client.get(f"/calendar/feed/{match.group(1)}.ics").status_code == 200
    again = client.get("/account/calendar/").content.decode()
    assert match.group(1) not in again  # shown once only
    assert "Replace my calendar address" in again and "Stop my calendar address working" in again
    client.post("/account/calendar/revoke/")
    assert client.get(f"/calendar/feed/{match.group(1)}.ics").status_code == 404


def test_the_new_address_comes_with_a_copy_button_for_scripts_and_steps_for_outlook_and_google(client, ect):
    from bs4 import BeautifulSoup

    client.force_login(ect.user)
    page = BeautifulSoup(client.post("/account/calendar/create/", follow=True).content, "html.parser")
    button = page.select_one("button[data-hub-copy]")
    assert button is not None and button.has_attr("hidden")  # app.js shows it when it can copy
    assert "/calendar/feed/" in page.select_one(button["data-hub-copy"]).get_text()
    assert page.select_one(f"#{button['aria-describedby']}")["role"] == "status"
    assert "Subscribe from web" in page.select_one('[data-calendar-help="outlook"]').get_text()
    assert "From URL" in page.select_one('[data-calendar-help="google"]').get_text()
    assert not page.select("script:not([src])")  # no inline script: the policy allows none


def test_one_persons_address_never_shows_another_persons_dates(client, cohort, ect, other_ect):
    session = make_session(make_event(cohort))
    assign(other_ect, session)
    create_feed_token(user=other_ect.user, actor=other_ect.user)
    mine = create_feed_token(user=ect.user, actor=ect.user)
    assert _events(client.get(f"/calendar/feed/{mine}.ics")) == []
    client.force_login(ect.user)
    page = as_read(client.get("/account/calendar/").content.decode())
    # The other person's full name and address, not a bare "Ed": random CSRF tokens and
    # CSP nonces can contain any two letters.
    assert other_ect.user.full_name not in page
    assert other_ect.user.email not in page


def test_account_actions_need_sign_in_and_post(client, ect):
    assert client.get("/account/calendar/").status_code == 302
    assert client.post("/account/calendar/create/").status_code == 302
    assert not CalendarFeedToken.objects.exists()
    client.force_login(ect.user)
    assert client.get("/account/calendar/create/").status_code == 405


@time_machine.travel("2025-12-01 10:00 +00:00", tick=False)
def test_a_facilitator_gets_the_sessions_they_deliver(client, cohort, facilitator):
    session = make_session(make_event(cohort))
    session.facilitators.add(facilitator)
    token = create_feed_token(user=facilitator, actor=facilitator)
    (event,) = _events(client.get(f"/calendar/feed/{token}.ics"))
    assert event.uid.value == session.ical_uid


def _by_uid(client, token):  # type: ignore[no-untyped-def]
    return {e.uid.value: e for e in _events(client.get(f"/calendar/feed/{token}.ics"))}


@time_machine.travel("2025-11-03 10:00 +00:00", tick=False)
def test_when_i_am_moved_my_old_date_shows_cancelled_and_my_new_one_confirmed(client, cohort, ect, hub_admin):
    from ecfhub.scheduling.services import place_manually

    event = make_event(cohort)
    old = make_session(event, datetime.date(2026, 1, 14))
    new = make_session(event, datetime.date(2026, 1, 21))
    assign(ect, old)
    token = create_feed_token(user=ect.user, actor=ect.user)
    before = _by_uid(client, token)[old.ical_uid]
    place_manually(participant=ect, session=new, actor=hub_admin)

    after = _by_uid(client, token)
    assert set(after) == {old.ical_uid, new.ical_uid}
    assert after[old.ical_uid].status.value == "CANCELLED"
    assert int(after[old.ical_uid].sequence.value) > int(before.sequence.value)
    assert "no longer booked" in after[old.ical_uid].description.value
    assert after[new.ical_uid].status.value == "CONFIRMED"
    again = _by_uid(client, token)  # the same on every request, so calendar apps see no churn
    assert {u: (e.status.value, e.sequence.value) for u, e in again.items()} == {
        u: (e.status.value, e.sequence.value) for u, e in after.items()
    }


@time_machine.travel("2025-11-03 10:00 +00:00", tick=False)
def test_when_i_am_released_my_future_date_shows_cancelled(client, cohort, ect, hub_admin):
    from ecfhub.scheduling.services import release_future_assignments

    session = make_session(make_event(cohort), datetime.date(2026, 1, 14))
    assign(ect, session)
    token = create_feed_token(user=ect.user, actor=ect.user)
    (before,) = _events(client.get(f"/calendar/feed/{token}.ics"))
    release_future_assignments(participant=ect, on=datetime.date(2025, 11, 3), actor=hub_admin)
    (after,) = _events(client.get(f"/calendar/feed/{token}.ics"))
    assert after.uid.value == before.uid.value == session.ical_uid
    assert (before.status.value, after.status.value) == ("CONFIRMED", "CANCELLED")
    assert int(after.sequence.value) == int(before.sequence.value) + 1


@time_machine.travel("2025-11-03 10:00 +00:00", tick=False)
def test_coming_back_to_a_date_i_left_confirms_it_with_a_higher_sequence(client, cohort, ect, hub_admin):
    from ecfhub.scheduling.services import place_manually

    event = make_event(cohort)
    first = make_session(event, datetime.date(2026, 1, 14))
    second = make_session(event, datetime.date(2026, 1, 21))
    assign(ect, first)
    token = create_feed_token(user=ect.user, actor=ect.user)
    place_manually(participant=ect, session=second, actor=hub_admin)
    left = _by_uid(client, token)[first.ical_uid]
    place_manually(participant=ect, session=first, actor=hub_admin)
    back = _by_uid(client, token)
    assert back[first.ical_uid].status.value == "CONFIRMED"
    assert int(back[first.ical_uid].sequence.value) > int(left.sequence.value)
    assert back[second.ical_uid].status.value == "CANCELLED"


def test_a_date_i_left_long_ago_is_no_longer_sent(client, cohort, ect, hub_admin):
    from ecfhub.scheduling.services import release_future_assignments

    session = make_session(make_event(cohort), datetime.date(2026, 1, 14))
    assign(ect, session)
    token = create_feed_token(user=ect.user, actor=ect.user)
    with time_machine.travel("2025-11-03 10:00 +00:00", tick=False):
        release_future_assignments(participant=ect, on=datetime.date(2025, 11, 3), actor=hub_admin)
    with time_machine.travel("2026-04-10 10:00 +00:00", tick=False):  # more than 60 days after the session
        assert _events(client.get(f"/calendar/feed/{token}.ics")) == []
    with time_machine.travel("2026-02-20 10:00 +00:00", tick=False):  # within 60 days: still sent as cancelled
        (event,) = _events(client.get(f"/calendar/feed/{token}.ics"))
        assert event.status.value == "CANCELLED"


@time_machine.travel("2025-11-03 10:00 +00:00", tick=False)
def test_the_private_feed_makes_the_same_queries_for_a_short_or_long_history(
    client, cohort, ect, hub_admin, django_assert_num_queries
):
    from ecfhub.scheduling.models import Assignment

    token = create_feed_token(user=ect.user, actor=ect.user)
    event = make_event(cohort)
    assign(ect, make_session(event, datetime.date(2026, 1, 14)))
    client.get(f"/calendar/feed/{token}.ics")  # first use: marks the token used, creates the hub settings
    with django_assert_num_queries(4):  # token, hub settings, assignments, facilitated sessions
        client.get(f"/calendar/feed/{token}.ics")
    for n in range(12):
        session = make_session(make_event(cohort, order=n + 2), datetime.date(2026, 2, 2) + datetime.timedelta(days=n))
        Assignment.objects.create(participant=ect, event=session.event, session=session, status=Assignment.Status.MOVED)
    with django_assert_num_queries(4):
        assert len(_events(client.get(f"/calendar/feed/{token}.ics"))) == 13
