"""The hub admins' own pages and their forms' error states pass the checks."""

from __future__ import annotations

import datetime

from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD
from tests.browser.support import check_page, fill_date, sign_in


def test_the_manage_menu_and_hub_settings_pass_the_checks(page, site, hub_admin):
    sign_in(page, "hana@hub.test", PASSWORD)
    page.get_by_role("link", name="Manage programme").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Manage the programme")
    check_page(page, "manage")

    page.get_by_role("link", name="Hub settings").click()
    check_page(page, "hub-settings")

    page.get_by_label("Hub name", exact=True).fill("")
    page.get_by_label("Contact e-mail address").fill("not-an-address")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_role("alert")).to_be_visible()
    check_page(page, "hub-settings-errors")

    page.get_by_label("Hub name", exact=True).fill("Broadland Teaching School Hub")
    page.get_by_label("Contact e-mail address").fill("ecf@broadland.test")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_role("alert")).to_contain_text("Hub settings saved.")
    check_page(page, "hub-settings-saved")


def test_the_term_calendar_and_its_forms_pass_the_checks(page, site, hub_admin):
    sign_in(page, "hana@hub.test", PASSWORD)
    page.goto("/manage/")
    page.get_by_role("link", name="Term calendar").click()
    expect(page.get_by_text("No academic years yet.")).to_be_visible()
    check_page(page, "terms-empty")

    page.get_by_role("button", name="Add year").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the year the academic year starts")
    check_page(page, "terms-add-year-empty")

    page.get_by_label("Year the academic year starts").fill("2025")
    page.get_by_role("button", name="Add year").click()
    expect(page.get_by_role("alert")).to_contain_text("Academic year 2025/26 added")
    check_page(page, "terms-2025-26")

    page.get_by_role("button", name="Add closure day").click()
    expect(page.get_by_role("alert")).to_be_visible()
    check_page(page, "terms-closure-day-empty")

    page.goto("/manage/terms/")
    fill_date(page, "Date", datetime.date(2025, 11, 22))  # a Saturday
    page.get_by_label("Reason").fill("Staff training")
    page.get_by_role("button", name="Add closure day").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose a weekday")
    check_page(page, "terms-closure-day-weekend")


def test_the_about_pages_editor_passes_the_checks(page, site, hub_admin):
    sign_in(page, "hana@hub.test", PASSWORD)
    page.goto("/about/")
    check_page(page, "about-index-hub-admin")

    page.get_by_role("link", name="Edit Welcome").click()
    check_page(page, "about-edit")

    page.get_by_label("Title").fill("")
    page.get_by_role("button", name="Save page").click()
    expect(page.get_by_role("alert")).to_be_visible()
    check_page(page, "about-edit-empty-title")

    page.get_by_label("Title").fill("Welcome to the programme")
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("heading", name="Preview")).to_be_visible()
    check_page(page, "about-edit-preview")


def test_the_audit_log_and_outbox_pass_the_checks(page, site, hub_admin):
    sign_in(page, "hana@hub.test", PASSWORD)
    page.goto("/manage/")
    page.get_by_role("link", name="Audit log").click()
    check_page(page, "audit-log")
    page.get_by_role("button", name="Apply filter").click()
    check_page(page, "audit-log-filtered")

    page.goto("/manage/")
    page.get_by_role("link", name="E-mail outbox").click()
    check_page(page, "outbox")
