"""Journey 4: a visitor filters the public events calendar by kind and half term, and downloads the feed.

The hub admin builds next academic year's programme through the pages first (next year's, so every
date is in the future whenever this runs)."""

from __future__ import annotations

import re

import vobject
from playwright.sync_api import expect

from tests.browser.building import (
    add_academic_year,
    add_event,
    add_sessions,
    half_term,
    school_days,
    this_academic_year,
)
from tests.browser.conftest import PASSWORD
from tests.browser.support import check_page, sign_in


def build_next_years_programme(page) -> tuple[int, str]:
    year = this_academic_year() + 1
    sign_in(page, "hana@hub.test", PASSWORD)
    add_academic_year(page, year)
    # No page creates a cohort: one comes into being when its first participant is registered
    # (onboarding). This journey is about the public calendar, so the cohort is made directly.
    from ecfhub.programme.services import get_or_create_cohort

    cohort = str(get_or_create_cohort(start_year=year))  # "2027/28 cohort", as the select lists it

    spring_start, spring_end, spring = half_term(year, 3)
    summer_start, summer_end, _ = half_term(year, 5)
    spring_days = school_days(spring_start, spring_end)
    summer_days = school_days(summer_start, summer_end)

    add_event(page, cohort=cohort, audience="ECTs", kind="Clinic", year=1, order=1,
              title="Questioning that makes pupils think", focus="Classroom practice")  # fmt: skip
    add_sessions(
        page, dates=[spring_days[5], spring_days[12]], capacity=30, joining_url="https://meet.example.com/clinic-1"
    )
    add_sessions(page, dates=[summer_days[4]], capacity=30, joining_url="https://meet.example.com/clinic-1b")
    add_event(page, cohort=cohort, audience="ECTs", kind="Conference", year=1, order=2,
              title="How pupils remember", focus="How pupils learn")  # fmt: skip
    add_sessions(page, dates=[spring_days[8]], capacity=60)
    page.get_by_role("button", name="Sign out").click()
    return year, spring


def test_a_visitor_filters_the_calendar_by_kind_and_half_term_and_downloads_the_feed(page, site, hub_admin):
    year, spring = build_next_years_programme(page)
    label = f"{year}/{(year + 1) % 100:02d}"

    page.goto("/")
    page.get_by_role("link", name="Events calendar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Events calendar")
    check_page(page, "calendar")

    # The filters are folded so that a phone shows dates first.
    expect(page.get_by_label("Academic year")).to_be_hidden()
    page.get_by_text("Choose which dates to show").click()
    page.get_by_label("Academic year").select_option(label=label)
    page.get_by_role("button", name="Show dates").click()
    expect(page.get_by_role("status")).to_have_text("4 dates.")
    check_page(page, "calendar-year")

    if not page.get_by_label("Type of event").is_visible():
        # The year chosen is the calendar's default (the only one it has), so the filters are folded again.
        page.get_by_text("Choose which dates to show").click()
    page.get_by_label("Type of event").select_option(label="Clinic")
    page.get_by_role("button", name="Show dates").click()
    expect(page.get_by_role("status")).to_have_text("3 dates.")
    expect(page.get_by_role("main")).not_to_contain_text("How pupils remember")
    check_page(page, "calendar-clinics")

    page.get_by_label("Half term").select_option(label=spring)
    page.get_by_role("button", name="Show dates").click()
    expect(page.get_by_role("status")).to_have_text("2 dates.")
    expect(page.get_by_role("heading", level=2, name=re.compile(spring))).to_be_visible()
    check_page(page, "calendar-clinics-spring-1")

    page.get_by_role("link", name="Month by month").click()
    expect(page.get_by_role("status")).to_have_text("2 dates.")
    check_page(page, "calendar-clinics-spring-1-months")

    # The page gives the feed's address to copy; download it with the browser's own session.
    page.get_by_text("Add these dates to your calendar").click()
    subscribe = page.get_by_role("link", name="this calendar").get_attribute("href")
    feed_url = subscribe.replace("webcal://", "http://")
    assert feed_url.split("?", 1)[0].endswith("/calendar.ics")
    expect(page.get_by_role("main")).to_contain_text(feed_url)
    response = page.request.get(feed_url)
    assert response.ok
    assert response.headers["content-type"].startswith("text/calendar")
    calendar = vobject.readOne(response.text())
    events = calendar.contents["vevent"]
    assert len(events) == 2
    assert all(e.summary.value.startswith("Questioning that makes pupils think") for e in events)
    assert all(e.dtstart.value.tzinfo is not None for e in events)
