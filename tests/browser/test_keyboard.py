"""Signing in and choosing a password with the keyboard alone: Tab, Shift+Tab, Enter and Space,
never a click, with a visible focus indicator at every stop."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from ecfhub.notifications.testing import text_of
from tests.browser.conftest import PASSWORD
from tests.browser.support import check_page, is_focused, press_and_follow, tab_to


def test_the_skip_link_is_the_first_stop_and_moves_to_the_content(page, site):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert is_focused(skip)
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")  # a same-page link: no navigation to wait for
    expect(page).to_have_url(re.compile(r"#main-content$"))


def test_a_hub_admin_signs_in_with_the_keyboard_alone(page, site, hub_admin):
    page.goto("/")
    tab_to(page, page.get_by_role("banner").get_by_role("link", name="Sign in"))
    press_and_follow(page, "Enter")

    email = page.get_by_label("E-mail address")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    if not is_focused(email):  # the field has autofocus; reach it by Tab if the browser ignored that
        tab_to(page, email)
    page.keyboard.type("hana@hub.test")
    tab_to(page, page.get_by_label("Password"))
    page.keyboard.type(PASSWORD)
    tab_to(page, page.get_by_role("button", name="Sign in"))
    press_and_follow(page, "Space")

    expect(page.get_by_text("Signed in as")).to_be_visible()
    check_page(page, "signed-in")

    tab_to(page, page.get_by_role("button", name="Sign out"))
    press_and_follow(page, "Enter")
    expect(page.get_by_role("banner").get_by_role("link", name="Sign in")).to_be_visible()


def test_a_new_password_is_chosen_with_the_keyboard_alone(page, site, hub_admin, mailbox):
    page.goto("/account/login/")
    tab_to(page, page.get_by_role("link", name="Forgotten your password?"))
    press_and_follow(page, "Enter")
    tab_to(page, page.get_by_label("E-mail address"))
    page.keyboard.type("hana@hub.test")
    tab_to(page, page.get_by_role("button", name="Send the link"))
    press_and_follow(page, "Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail")

    (message,) = mailbox.to("hana@hub.test")
    page.goto(re.search(r"https?://\S+/account/reset/\S+", text_of(message)).group(0))
    tab_to(page, page.get_by_label("New password", exact=True))
    page.keyboard.type("keyboard-only-passphrase-7")
    tab_to(page, page.get_by_label("New password confirmation"))
    page.keyboard.type("keyboard-only-passphrase-7")
    tab_to(page, page.get_by_role("button", name="Save password"))
    press_and_follow(page, "Space")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your new password is saved")
