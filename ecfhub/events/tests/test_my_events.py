import datetime

import time_machine

from ecfhub.events.tests.factories import assign, make_event, make_session


@time_machine.travel("2026-01-20 10:00 +00:00", tick=False)
def test_it_lists_my_sessions_upcoming_and_past_with_how_to_join(client, cohort, calendar_2025, ect, other_ect):
    clinic = make_event(cohort, title="Routines that work", order=1)
    conference = make_event(cohort, kind="conference", title="How pupils learn", order=2)
    past = make_session(clinic, datetime.date(2026, 1, 14))
    upcoming = make_session(
        conference,
        datetime.date(2026, 3, 4),
        start=(9, 30),
        end=(15, 30),
        mode="in_person",
        venue="Thetford satellite, Croxton Road",
    )
    not_mine = make_session(clinic, datetime.date(2026, 1, 28))
    assign(ect, past)
    assign(ect, upcoming)
    assign(other_ect, not_mine)

    client.force_login(ect.user)
    html = client.get("/events/").content.decode()
    coming, _, gone = html.partition(">Past<")
    assert "How pupils learn" in coming and "Wednesday 4 March 2026, 09:30 to 15:30" in coming
    assert "Thetford satellite, Croxton Road" in coming
    assert f"/events/sessions/{upcoming.pk}/calendar.ics" in coming
    assert "Routines that work" in gone and "Wednesday 14 January 2026" in gone
    assert "Wednesday 28 January" not in html  # someone else's date


@time_machine.travel("2026-01-05 10:00 +00:00", tick=False)
def test_an_online_session_shows_its_joining_link(client, cohort, calendar_2025, ect):
    assign(ect, make_session(make_event(cohort)))
    client.force_login(ect.user)
    assert "https://meet.example.com/secret-room" in client.get("/events/").content.decode()


def test_without_dates_it_says_so_and_points_to_the_calendar(client, ect):
    client.force_login(ect.user)
    html = client.get("/events/").content.decode()
    assert "You have no dates yet." in html
    assert 'href="/calendar/"' in html


def test_visitors_are_asked_to_sign_in(client):
    response = client.get("/events/")
    assert response.status_code == 302 and response["Location"].startswith("/account/login/")
