"""On a phone (375 px): the pages each role uses, in the demo hub. The menu folds behind a button,
tables keep their words whole (stacked where a phone cannot hold their columns), My events is a
compact list, the calendar's filters are folded, and dates are typed as day, month and year.
Screenshots of every page at 375 px go to test-artifacts/screenshots/ for reviewers."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from ecfhub.demo.context import DEMO_DOMAIN, DEMO_PASSWORD
from tests.browser.support import PHONE, check_page, check_phone, sign_in


@pytest.fixture
def demo(site):
    # A small demo hub (the pages' shapes, not its size, are under test): 60 people in 6 schools seed in
    # a few seconds, the default 500 in half a minute, and every test here starts from an empty database.
    call_command("seed_demo", "--participants=60", "--schools=6", "--solver-seconds=0.2", stdout=io.StringIO())
    from ecfhub.people.models import Participant, School

    school = School.objects.get(induction_tutors__email=f"tutor@{DEMO_DOMAIN}")
    ect = Participant.objects.get(user__email=f"ect@{DEMO_DOMAIN}")
    from ecfhub.events.models import TrainingEvent

    return {"school": school, "ect": ect, "event": TrainingEvent.objects.order_by("pk").first()}


def _as(page, who: str) -> None:
    page.context.clear_cookies()
    sign_in(page, f"{who}@{DEMO_DOMAIN}", DEMO_PASSWORD)


def test_the_menu_folds_behind_a_button_on_a_phone(page, demo):
    page.set_viewport_size(PHONE)
    _as(page, "tutor")
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_be_visible()
    expect(page.get_by_role("link", name="My schools")).to_be_hidden()
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    page.get_by_role("link", name="My schools").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My schools")
    check_phone(page, "my-schools")


def test_a_tutors_pages_fit_a_phone(page, demo):
    school, ect = demo["school"], demo["ect"]
    _as(page, "tutor")
    for path, name in [
        (f"/schools/{school.pk}/", "school"),
        (f"/schools/{school.pk}/training-dates/", "training-dates"),
        (f"/participants/{ect.pk}/", "participant"),
        (f"/participants/{ect.pk}/mentor/", "pair"),
        (f"/schools/{school.pk}/upload/", "upload"),
    ]:
        page.goto(path)
        check_phone(page, name)
    # The school page says what its two columns mean, in words a tutor reads.
    page.goto(f"/schools/{school.pk}/")
    expect(page.get_by_role("columnheader", name="Hub account").first).to_be_attached()
    expect(page.get_by_role("columnheader", name="Training status").first).to_be_attached()


def test_dates_are_typed_as_day_month_and_year_with_errors_a_teacher_reads(page, demo):
    school = demo["school"]
    _as(page, "tutor")
    page.goto(f"/schools/{school.pk}/register/")
    start = page.get_by_role("group", name="Start date")
    expect(start.get_by_label("Day")).to_be_visible()
    assert not page.locator("input[type=date]").count()
    start.get_by_label("Day").fill("31")
    start.get_by_label("Month").fill("2")
    start.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Register", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the start date as a real date")
    expect(start.get_by_label("Day")).to_have_value("31")
    check_page(page, "register-bad-date")
    check_phone(page, "register-bad-date")


def test_my_events_is_a_compact_list_with_the_detail_one_tap_away(page, demo):
    _as(page, "ect")
    page.set_viewport_size(PHONE)
    page.goto("/events/")
    dates = page.locator(".hub-my-session")
    assert dates.count() >= 3
    # Several dates fit on one screen: each takes well under a third of it.
    heights = [dates.nth(i).bounding_box()["height"] for i in range(3)]
    assert max(heights) < PHONE["height"] / 3, heights
    where = dates.first.get_by_text("Where and what")
    expect(dates.first.locator("dt", has_text="Where")).to_be_hidden()
    where.click()
    expect(dates.first.locator("dt", has_text="Where")).to_be_visible()
    check_phone(page, "my-events")


def test_the_calendar_shows_dates_first_with_its_filters_folded(page, demo):
    _as(page, "ect")
    page.set_viewport_size(PHONE)
    page.goto("/calendar/")
    expect(page.get_by_label("Type of event")).to_be_hidden()
    first_date = page.locator(".hub-sessions__item").first.bounding_box()
    assert first_date["y"] < PHONE["height"], "the first date is below the first screen"
    check_phone(page, "calendar")
    page.get_by_text("Choose which dates to show").click()
    page.get_by_label("Type of event").select_option(label="Clinic")
    page.get_by_role("button", name="Show dates").click()
    expect(page.get_by_label("Type of event")).to_be_visible()  # kept open once something is chosen
    expect(page.get_by_text("Choose which dates to show (1 chosen)")).to_be_visible()


def test_a_facilitators_and_the_hubs_pages_fit_a_phone(page, demo):
    _as(page, "facilitator")
    page.goto("/events/facilitating/")
    check_phone(page, "my-sessions")
    _as(page, "admin")
    for path, name in [
        ("/manage/", "manage"),
        ("/manage/settings/", "hub-settings"),
        ("/manage/events/", "events"),
        (f"/manage/events/{demo['event'].pk}/", "event"),
        ("/manage/schools/", "schools"),
        ("/manage/scheduling/", "scheduling"),
        ("/manage/scheduling/without-dates/", "without-dates"),
        ("/manage/date-changes/", "date-changes"),
        ("/manage/terms/", "terms"),
        ("/manage/requirements/", "requirements"),
        ("/manage/attendance/", "attendance"),
        ("/manage/attendance/trends/", "attendance-trends"),
    ]:
        page.goto(path)
        check_phone(page, name)


def test_the_evidence_files_download_is_on_the_first_screen_of_a_phone_and_works_by_keyboard(page, demo):
    from tests.browser.support import tab_to

    _as(page, "admin")
    page.set_viewport_size(PHONE)
    page.goto("/manage/attendance/lead-provider-evidence/")
    csv_link = page.get_by_role("button", name="Download CSV")
    box = csv_link.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE["height"], f"the download starts at {box}"
    check_phone(page, "evidence")
    tab_to(page, csv_link)
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    name = download.value.suggested_filename
    assert name.startswith("norwich-teaching-school-hub-evidence-all-cohorts-") and name.endswith(".csv"), name
    page.keyboard.press("Tab")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.endswith(".xlsx")
