"""The learning pages the coaching journey passes by: an ECT's modules (marking one done), a mentor's
meeting form with its errors, and the hub's module, library and settings pages. Each page passes axe,
reflows at 320 px, and is screenshotted."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD
from tests.browser.support import check_page, follow_menu_link, sign_in
from tests.browser.test_journey_coaching import ECT, MENTOR, PHONE, a_demo_pair


def some_modules() -> None:
    from ecfhub.learning.models import Module

    for week in range(1, 46):
        Module.objects.create(
            participant_type="ect",
            programme_year=1,
            week=week,
            title=f"Week {week}: routines that free up attention",
            areas=["managing-behaviour"],
            content="## Read\n\nA short summary.\n\n- Plan it\n- Try it",
            resource_links="https://educationendowmentfoundation.org.uk/ Education Endowment Foundation",
        )


def test_an_ect_marks_this_weeks_module_done_on_a_phone(page, site):  # type: ignore[no-untyped-def]
    a_demo_pair()
    some_modules()
    page.set_viewport_size(PHONE)
    sign_in(page, ECT, PASSWORD)
    page.goto("/learning/modules/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My modules")
    check_page(page, "ect-modules")
    page.locator("h2:text('This week') + ul a").first.click()
    check_page(page, "ect-module")
    page.get_by_role("button", name="Mark as done").click()
    expect(page.get_by_role("main")).to_contain_text("marked done")
    follow_menu_link(page, "Learning")
    check_page(page, "ect-learning")


def test_a_mentor_is_told_what_a_meeting_record_needs(page, site):  # type: ignore[no-untyped-def]
    world = a_demo_pair()
    page.set_viewport_size(PHONE)
    sign_in(page, MENTOR, PASSWORD)
    page.goto(f"/learning/ects/{world['ect'].pk}/meetings/new/")
    group = page.get_by_role("group", name="Date of the meeting", exact=True)
    for part in ("Day", "Month", "Year"):
        group.get_by_label(part).fill("")
    page.get_by_role("button", name="Save meeting").click()
    expect(page.get_by_role("heading", level=2, name="There is a problem")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Enter notes.")
    check_page(page, "mentor-meeting-errors")


def test_the_hubs_module_library_and_settings_pages_pass_the_checks(page, site, hub_admin):  # type: ignore[no-untyped-def]
    a_demo_pair()
    sign_in(page, "hana@hub.test", PASSWORD)
    page.goto("/manage/")
    page.get_by_role("link", name="Modules").click()
    check_page(page, "hub-modules")
    page.get_by_role("link", name="Add a module").click()
    page.get_by_role("button", name="Save module").click()
    expect(page.get_by_role("heading", level=2, name="There is a problem")).to_be_visible()
    check_page(page, "hub-module-errors")
    page.get_by_label("Mentor", exact=True).check()
    page.get_by_label("Year 1").check()
    page.get_by_label("Week").fill("3")
    page.get_by_label("Title").fill("Feedback that agrees one action step")
    page.get_by_label("Professional behaviours").check()
    page.get_by_label("Content").fill("## Read\n\nOne step, agreed and rehearsed.")
    page.get_by_role("button", name="Save module").click()
    expect(page.get_by_role("main")).to_contain_text("Feedback that agrees one action step")
    page.goto("/learning/manage/action-steps/")
    check_page(page, "hub-action-step-library")
    page.goto("/learning/manage/settings/")
    check_page(page, "hub-learning-settings")
    page.goto("/learning/engagement/")
    check_page(page, "hub-engagement-schools")
