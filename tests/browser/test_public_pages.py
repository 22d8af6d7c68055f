"""Pages anyone can reach without an account: each passes axe, reflows at 320 px, and its forms'
error states pass too."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from ecfhub.notifications.testing import text_of
from tests.browser.conftest import PASSWORD
from tests.browser.support import check_page, sign_in


def test_the_participants_area_and_about_pages_pass_the_checks(page, site):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("participants' area")
    check_page(page, "home")

    page.get_by_role("link", name="About the programme").first.click()
    expect(page.get_by_role("heading", level=1, name="About the programme")).to_be_visible()
    check_page(page, "about-index")

    page.get_by_role("main").get_by_role("link").first.click()
    check_page(page, "about-page")

    page.get_by_role("link", name="Privacy notice").click()
    check_page(page, "privacy-notice")


def test_the_sign_in_page_and_its_errors_pass_the_checks(page, site, hub_admin):
    page.goto("/account/login/")
    check_page(page, "sign-in")

    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter your e-mail address.")
    check_page(page, "sign-in-empty")

    page.get_by_label("E-mail address").fill("not an address")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter an e-mail address like")
    check_page(page, "sign-in-invalid-address")

    page.get_by_label("E-mail address").fill("hana@hub.test")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("not right")
    check_page(page, "sign-in-wrong-password")

    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Signed in as")).to_be_visible()
    check_page(page, "dashboard-hub-admin")


def test_a_forgotten_password_is_reset_from_the_e_mailed_link(page, site, hub_admin, mailbox):
    page.goto("/account/login/")
    page.get_by_role("link", name="Forgotten your password?").click()
    check_page(page, "password-reset")

    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter your e-mail address.")
    check_page(page, "password-reset-empty")

    page.get_by_label("E-mail address").fill("hana@hub.test")
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail")
    check_page(page, "password-reset-sent")

    (message,) = mailbox.to("hana@hub.test")
    link = re.search(r"https?://\S+/account/reset/\S+", text_of(message)).group(0)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a new password")
    check_page(page, "password-reset-choose")

    page.get_by_role("button", name="Save password").click()
    expect(page.get_by_role("alert")).to_be_visible()
    check_page(page, "password-reset-choose-empty")

    page.get_by_label("New password", exact=True).fill("short")
    page.get_by_label("New password confirmation").fill("different")
    page.get_by_role("button", name="Save password").click()
    expect(page.get_by_role("alert")).to_be_visible()
    check_page(page, "password-reset-choose-invalid")

    page.get_by_label("New password", exact=True).fill("a-brand-new-passphrase-9")
    page.get_by_label("New password confirmation").fill("a-brand-new-passphrase-9")
    page.get_by_role("button", name="Save password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your new password is saved")
    check_page(page, "password-reset-complete")

    page.get_by_role("main").get_by_role("link", name="Sign in").click()
    page.get_by_label("E-mail address").fill("hana@hub.test")
    page.get_by_label("Password").fill("a-brand-new-passphrase-9")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Signed in as")).to_be_visible()


def test_the_not_found_and_refused_pages_keep_the_service_around_them_and_pass_the_checks(page, site, hub_admin):
    response = page.goto("/no-such-page/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.get_by_role("navigation", name="Menu")).to_be_visible()
    check_page(page, "not-found")

    from ecfhub.people.models import User

    # A signed-in person without the hub admin role, made directly: only the refusal page is under test.
    User.objects.create_user(
        email="fred@hub.test", password=PASSWORD, full_name="Fred Facilitator", is_facilitator=True
    )
    sign_in(page, "fred@hub.test", PASSWORD)
    response = page.goto("/manage/")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot see this page")
    check_page(page, "forbidden")
