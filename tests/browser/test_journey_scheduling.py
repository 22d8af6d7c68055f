"""Journey 3: a hub admin runs a scheduling dry run, reads the preview and commits it; the ECT's
events page and private calendar feed then show their dates.

The school, its tutor and the ECT are registered through the onboarding pages; the term calendar,
training events and sessions through the hub admin pages. Session dates are chosen from the term
calendar those pages made, around the hub's notice rule, so the journey works whatever day it runs."""

from __future__ import annotations

import datetime

import vobject
from playwright.sync_api import expect

from ecfhub.notifications.testing import text_of
from tests.browser.building import (
    add_academic_year,
    add_event,
    add_sessions,
    local_today,
    register_a_school_and_an_ect,
    school_days,
    sign_out,
    this_academic_year,
)
from tests.browser.conftest import PASSWORD
from tests.browser.support import check_page, sign_in

ERIN_PASSWORD = "erins-own-passphrase-77"


def long_date(day: datetime.date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def plan_dates() -> dict[str, list[datetime.date]]:
    """Two clinic dates and a later conference date, all with enough notice and in one academic year
    (so in one programme year), and, when the same year has one, a date too soon for the notice rule."""
    from ecfhub.hub.models import HubSettings
    from ecfhub.programme.models import cohort_start_year_for

    notice = HubSettings.load().minimum_notice_school_days
    today = local_today()
    days = school_days(today + datetime.timedelta(days=1), today + datetime.timedelta(days=500))
    # School days strictly between today and days[notice] number `notice`: days[notice] is the first
    # date with enough notice; start one later to be clear of the boundary.
    later = days[notice + 1 :]
    same_year = [d for d in later if cohort_start_year_for(d) == cohort_start_year_for(later[0])]
    if len(same_year) < 11:  # the notice ran into the end of an academic year: use the next one
        same_year = [d for d in later if cohort_start_year_for(d) == cohort_start_year_for(later[0]) + 1]
    too_soon = [d for d in days[:notice] if cohort_start_year_for(d) == cohort_start_year_for(same_year[0])]
    return {"too_soon": too_soon[:1], "clinic": [same_year[0], same_year[5]], "conference": [same_year[10]]}


def build_the_programme(page) -> dict[str, list[datetime.date]]:
    from ecfhub.programme.models import Cohort

    sign_in(page, "hana@hub.test", PASSWORD)
    add_academic_year(page, this_academic_year())
    add_academic_year(page, this_academic_year() + 1)
    dates = plan_dates()
    # The cohort was made by the ECT's registration; ask it which programme year the dates fall in.
    cohort = Cohort.objects.get(start_year=this_academic_year())
    year = cohort.programme_year_on(dates["conference"][0])

    add_event(page, cohort=str(cohort), audience="ECTs", kind="Clinic", year=year, order=1,
              title="Routines that free up learning time", focus="Managing behaviour", check=True)  # fmt: skip
    add_sessions(page, dates=dates["too_soon"] + dates["clinic"], capacity=20,
                 joining_url="https://meet.example.com/routines", check=True)  # fmt: skip
    add_event(page, cohort=str(cohort), audience="ECTs", kind="Conference", year=year, order=2,
              title="Adapting lessons for every pupil", focus="Adaptive teaching")  # fmt: skip
    add_sessions(page, dates=dates["conference"], capacity=40)
    page.goto("/manage/events/")
    check_page(page, "events-admin-list")
    return dates


def test_a_dry_run_is_previewed_and_committed_and_the_ect_sees_their_dates(page, site, hub_admin, mailbox):
    register_a_school_and_an_ect(page, mailbox, admin_password=PASSWORD, password=ERIN_PASSWORD)
    dates = build_the_programme(page)

    page.goto("/manage/")
    page.get_by_role("link", name="Scheduling").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Scheduling")
    check_page(page, "scheduling")

    # The form's one error state (events of another cohort) is checked in test_more_pages.py.

    page.get_by_role("button", name="Start a dry run").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Working out the dates")
    check_page(page, "scheduling-working")

    mailbox.deliver()  # the task worker works out the plan; the page notices by itself (app.js)
    expect(page.get_by_role("heading", level=1)).to_have_text("Preview of the dates", timeout=10_000)
    main = page.get_by_role("main")
    expect(main).to_contain_text("2 of 2 needed, for 1 of 1 people")
    if dates["too_soon"]:
        expect(main).to_contain_text("Too soon")
    check_page(page, "scheduling-preview")
    assert not mailbox.to("erin@riverside.test")[1:], "a dry run must not tell anyone"

    page.get_by_role("button", name="Confirm and tell people").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dates given")
    expect(page.get_by_role("alert")).to_contain_text("2 dates given to 1 people; 1 notice e-mails are on their way.")
    check_page(page, "scheduling-committed")
    sign_out(page)

    notices = [m for m in mailbox.to("erin@riverside.test") if "set-up" not in text_of(m)]
    assert len(notices) == 1, [m["Subject"] for m in notices]

    # The ECT sees the dates on My events...
    sign_in(page, "erin@riverside.test", ERIN_PASSWORD)
    # Signing in lands on My programme: the next date is there, and how many events have a date.
    expect(page.get_by_role("heading", level=1)).to_have_text("My programme")
    expect(page.get_by_role("main")).to_contain_text("You have a date for 2 of the 2 events planned so far.")
    expect(page.get_by_role("main")).to_contain_text("Routines that free up learning time")
    check_page(page, "ect-my-programme-with-dates")
    # It links to My events too; use the menu, as a person would.
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="My events").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My events")
    cards = page.locator(".hub-my-session")  # one list item per date
    expect(cards).to_have_count(2)
    text = page.get_by_role("main").inner_text()
    clinic_day = next(day for day in dates["clinic"] if long_date(day) in text)
    assert long_date(dates["conference"][0]) in text
    assert not any(long_date(day) in text for day in dates["too_soon"])
    check_page(page, "ect-my-events")

    # ...and in their private calendar feed.
    page.get_by_role("link", name="private calendar address").click()
    check_page(page, "ect-calendar-address")
    page.get_by_role("button", name="Create my calendar address").click()
    feed_url = page.locator(".govuk-panel__body").inner_text().strip()
    check_page(page, "ect-calendar-address-created")
    response = page.request.get(feed_url)
    assert response.ok
    feed = vobject.readOne(response.text())
    starts = sorted(event.dtstart.value.date() for event in feed.contents["vevent"])
    assert starts == sorted([clinic_day, dates["conference"][0]])
