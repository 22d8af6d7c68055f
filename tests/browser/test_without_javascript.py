"""Pages work without JavaScript (GOV.UK's progressive enhancement): sign in, read the programme,
and filter the events calendar in a browser with scripts switched off."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD


@pytest.fixture
def plain_page(browser: Any, site: str) -> Iterator[Any]:
    context = browser.new_context(base_url=site, java_script_enabled=False, viewport={"width": 320, "height": 640})
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_signing_in_and_filtering_the_calendar_work_without_javascript(plain_page, hub_admin):
    page = plain_page
    page.goto("/")
    assert page.evaluate("() => document.body.classList.contains('js-enabled')") is False
    page.get_by_role("banner").get_by_role("link", name="Sign in").click()
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    page.get_by_label("E-mail address").fill("hana@hub.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Signed in as")).to_be_visible()

    page.get_by_role("link", name="Events calendar").click()
    page.get_by_text("Choose which dates to show").click()  # a details element opens without scripts
    page.get_by_label("Type of event").select_option(label="Clinic")
    page.get_by_label("Show as").select_option(label="Month by month")
    page.get_by_role("button", name="Show dates").click()
    expect(page).to_have_url(re.compile(r"kind=clinic.*view=month"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Events calendar")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("banner").get_by_role("link", name="Sign in")).to_be_visible()
