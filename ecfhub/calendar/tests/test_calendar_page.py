import datetime

import pytest
import time_machine

from ecfhub.events.services import cancel_session
from ecfhub.events.tests.factories import assign, make_event, make_session
from ecfhub.hub.models import HubSettings

pytestmark = pytest.mark.usefixtures("calendar_2025")

SCHOOL_DAYS = [datetime.date(2026, 1, d) for d in (7, 8, 9, 12, 13, 14, 15, 16, 19, 20, 21, 22, 23, 26, 27, 28, 29, 30)]


def _many(event, count):  # type: ignore[no-untyped-def]
    return [make_session(event, SCHOOL_DAYS[i % len(SCHOOL_DAYS)], capacity=10 + i) for i in range(count)]


@time_machine.travel("2025-12-01 10:00 +00:00", tick=False)
def test_it_shows_each_session_with_seats_left_but_never_who_is_booked(client, cohort, ect, other_ect):
    session = make_session(make_event(cohort, title="Routines that work"), capacity=20)
    assign(ect, session)
    assign(other_ect, session)
    html = client.get("/calendar/").content.decode()
    assert "Routines that work" in html
    assert "Wed 14 Jan, 16:00–17:00" in html
    assert "Online" in html
    assert "18 seats left" in html
    for private in ("Erin", "Ed Ect", "erin@riverside.test", "Riverside", "Oakfield", "meet.example.com"):
        assert private not in html


@time_machine.travel("2025-12-01 10:00 +00:00", tick=False)
def test_a_signed_in_visitor_sees_no_names_either(client, cohort, ect, hub_admin):
    assign(ect, make_session(make_event(cohort)))
    client.force_login(hub_admin)
    html = client.get("/calendar/").content.decode()
    assert "Erin Ect" not in html and "secret-room" not in html


@time_machine.travel("2025-12-01 10:00 +00:00", tick=False)
def test_it_groups_the_year_by_half_term_and_marks_full_and_cancelled_dates(client, cohort, hub_admin, ect):
    clinic = make_event(cohort)
    full = make_session(clinic, datetime.date(2025, 12, 10), capacity=1)
    assign(ect, full)
    cancelled = make_session(clinic, datetime.date(2026, 3, 4))
    cancel_session(session=cancelled, reason="Snow", actor=hub_admin)
    html = client.get("/calendar/").content.decode()
    assert html.index("Autumn 2: 3 November to 19 December 2025") < html.index("Spring 2: 23 February to 27 March 2026")
    assert "Full" in html and "Cancelled" in html


@time_machine.travel("2025-12-01 10:00 +00:00", tick=False)
def test_it_filters_by_kind_audience_half_term_and_year(client, cohort):
    make_session(make_event(cohort, title="ECT clinic", order=1), datetime.date(2025, 12, 10))
    make_session(make_event(cohort, title="ECT conference", kind="conference", order=2), datetime.date(2026, 1, 14))
    make_session(make_event(cohort, title="Mentor clinic", audience="mentor", order=1), datetime.date(2026, 1, 15))
    make_session(make_event(cohort, title="Year two clinic", year=2, order=1), datetime.date(2026, 9, 16))

    def titles(query: str) -> set[str]:
        html = client.get(f"/calendar/?{query}").content.decode()
        return {t for t in ("ECT clinic", "ECT conference", "Mentor clinic", "Year two clinic") if t in html}

    assert titles("") == {"ECT clinic", "ECT conference", "Mentor clinic"}  # this academic year only
    assert titles("kind=clinic") == {"ECT clinic", "Mentor clinic"}
    assert titles("audience=mentor") == {"Mentor clinic"}
    assert titles("half_term=3") == {"ECT conference", "Mentor clinic"}
    assert titles("year=2026") == {"Year two clinic"}
    assert titles("year=1999&kind=nonsense") == {"ECT clinic", "ECT conference", "Mentor clinic"}  # falls back


@time_machine.travel("2025-12-01 10:00 +00:00", tick=False)
def test_the_month_view_is_a_table_of_school_weeks(client, cohort):
    make_session(make_event(cohort, title="Routines that work"), datetime.date(2026, 1, 14))
    html = client.get("/calendar/?view=month").content.decode()
    assert '<caption class="govuk-table__caption govuk-table__caption--m">January 2026</caption>' in html
    assert '<th scope="col" class="govuk-table__header">Mon</th>' in html
    assert "Wed 14 Jan" in html and "Routines that work" in html
    assert "Sat" not in html.split("January 2026")[1].split("</table>")[0]


@time_machine.travel("2025-12-01 10:00 +00:00", tick=False)
def test_the_month_view_shades_holidays_and_closure_days_and_says_why(client, cohort, hub_admin):
    from bs4 import BeautifulSoup

    from ecfhub.terms.services import add_closure_day

    make_session(make_event(cohort, title="Routines that work"), datetime.date(2026, 1, 14))
    client.get("/calendar/?view=month")  # kept whole: a new closure day must show all the same
    add_closure_day(day=datetime.date(2026, 1, 16), reason="Staff training day", actor=hub_admin)
    page = BeautifulSoup(client.get("/calendar/?view=month").content, "html.parser")
    closed = {
        cell.select_one(".hub-month__date").get_text(): cell.select_one(".hub-month__closed").get_text()
        for cell in page.select(".hub-month__day--closed")
    }
    assert closed["Thu 1 Jan"] == "Bank holiday"
    assert closed["Fri 2 Jan"] == "School holiday"
    assert closed["Fri 16 Jan"] == "Closed: Staff training day"
    assert "Wed 14 Jan" not in closed


@time_machine.travel("2025-12-01 10:00 +00:00", tick=False)
def test_it_says_when_nothing_matches(client, cohort):
    html = client.get("/calendar/?audience=mentor").content.decode()
    assert "No dates match." in html


@pytest.mark.parametrize("view", ["list", "month"])
@time_machine.travel("2025-12-01 10:00 +00:00", tick=False)
def test_the_page_makes_the_same_queries_for_3_or_60_sessions(client, cohort, ect, view, django_assert_num_queries):
    clinic = make_event(cohort, order=1)
    conference = make_event(cohort, kind="conference", order=2)
    first = _many(clinic, 3)
    assign(ect, first[0])
    url = f"/calendar/?view={view}"
    HubSettings.load()  # the settings row exists on any running hub
    # academic years, hub settings, half terms, closure days, the venues (the filter), the sessions'
    # values (the page is kept under them), and when no page is kept, the sessions with seats to render
    with django_assert_num_queries(7):
        client.get(url)
    with django_assert_num_queries(6):
        client.get(url)  # served from the cache
    _many(conference, 57)
    with django_assert_num_queries(7):
        html = client.get(url).content.decode()
    assert html.count("seat") >= 60


@time_machine.travel("2025-12-01 10:00 +00:00", tick=False)
def test_it_opens_on_the_dates_from_today_with_the_held_ones_one_link_away(client, cohort, ect):
    clinic = make_event(cohort, title="Routines that work")
    held = make_session(clinic, datetime.date(2025, 11, 12), capacity=20)
    assign(ect, held)
    make_session(clinic, datetime.date(2026, 1, 14), capacity=20)

    html = client.get("/calendar/").content.decode()
    assert "Wed 14 Jan" in html and "Wed 12 Nov" not in html
    assert "1 date from today." in html
    assert "Show the 1 date already held in 2025/26" in html

    html = client.get("/calendar/?earlier=1").content.decode()
    assert "Wed 12 Nov" in html and "Wed 14 Jan" in html
    # A date already held says so, not how many seats it had left.
    held_item = html.split("Wed 12 Nov")[1].split("</li>")[0]
    assert "Held" in held_item and "seats left" not in held_item
    assert "Show only dates from today" in html


@time_machine.travel("2027-10-01 10:00 +01:00", tick=False)
def test_a_year_that_is_over_shows_all_its_dates_as_held(client, cohort):
    make_session(make_event(cohort, title="Routines that work"), datetime.date(2026, 1, 14))
    html = client.get("/calendar/?year=2025").content.decode()
    assert "Wed 14 Jan" in html and "Held" in html
    assert "already held" not in html  # nothing to fold away: every date of that year is held
