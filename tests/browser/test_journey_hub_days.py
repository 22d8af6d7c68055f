"""The hub admin's day and the facilitator's day on a phone (375 px), through the pages issue 30 changed:
the hub admin by keyboard alone, from signing in to the start page's attention list, the scheduling
run it links to, and a whole kind of provider-file differences accepted at once; the facilitator from
"My programme" to their sessions and the calendar's month view. axe and the phone checks on each."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD
from tests.browser.support import PHONE, check_phone, is_focused, press_and_follow, tab_to


def _run_and_file(admin: Any) -> None:
    from ecfhub.leadprovider.models import ProviderFile
    from ecfhub.scheduling.models import ScheduleRun

    unplaced = [{"name": "Erin Ect", "school": "Riverside Primary", "event": "Routines that work",
                 "reason": "joined after the last session"}]  # fmt: skip
    stats = {"placed": 4, "wanted": 5, "people_placed": 2, "people_needing_dates": 3, "unplaced": 1,
             "people_unplaced": 1, "placements_optimal": True, "max_staff_per_school_day": 2}  # fmt: skip
    result = {"as_of": "2026-01-05", "until": None, "cohort_year": None, "event_ids": [], "earliest_day": None,
              "digest": "x", "placements": [], "sessions": [], "unplaced": unplaced, "clashes": [], "stats": stats}  # fmt: skip
    ScheduleRun.objects.create(
        as_of=datetime.date(2026, 1, 5), status="committed", committed_at=timezone.now(), result=result,
        stage="4 dates given to 2 people; nobody was e-mailed",
    )  # fmt: skip
    differences = [
        {"n": n, "kind": "missing_here", "can_accept": True, "name": f"New Teacher {n}", "trn": f"100000{n}",
         "type": "ect", "row": n, "note": ""}
        for n in range(1, 4)
    ]  # fmt: skip
    ProviderFile.objects.create(
        uploaded_by=admin, filename="provider.csv", sha256="a" * 64, digest="b" * 64, differences=differences
    )


def test_a_hub_admins_day_on_a_phone_by_keyboard_alone(page: Any, site: str, hub_admin: Any) -> None:
    _run_and_file(hub_admin)
    page.set_viewport_size(PHONE)
    page.goto("/account/login/")
    email = page.get_by_label("E-mail address")
    if not is_focused(email):
        tab_to(page, email)
    page.keyboard.type("hana@hub.test")
    tab_to(page, page.get_by_label("Password"))
    page.keyboard.type(PASSWORD)
    tab_to(page, page.get_by_role("button", name="Sign in"))
    press_and_follow(page, "Enter")

    # She lands on the hub's start page, its attention list first.
    expect(page.get_by_role("heading", level=1)).to_have_text("Manage the programme")
    main = page.get_by_role("main")
    expect(main).to_contain_text("1 person could not be placed by the scheduler's latest runs")
    expect(main).to_contain_text("3 differences between the lead provider's file and our records wait")
    check_phone(page, "hub-admin-start")

    tab_to(page, main.get_by_role("link", name="See who and why"))
    press_and_follow(page, "Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dates given")
    expect(page.get_by_role("main")).to_contain_text("Who could not be placed, and why")
    check_phone(page, "hub-admin-run")

    # The link led to the "could not be placed" part (#unplaced): back up from there to the back link.
    back = page.locator("a.govuk-back-link")
    for _ in range(40):
        page.keyboard.press("Shift+Tab")
        if is_focused(back):
            break
    assert is_focused(back)
    press_and_follow(page, "Enter")
    expect(page.get_by_role("main")).to_contain_text("Dates given: 4 dates given to 2 people")
    check_phone(page, "hub-admin-scheduling")

    # Back to the start page through the folded menu, then the provider's file.
    tab_to(page, page.get_by_role("button", name="Menu"))
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_role("link", name="Manage programme", exact=True))
    press_and_follow(page, "Enter")
    tab_to(page, page.get_by_role("main").get_by_role("link", name="Review the provider's file"))
    press_and_follow(page, "Enter")
    expect(page.get_by_role("table", name="Differences by kind")).to_be_visible()
    check_phone(page, "hub-admin-provider-file")
    tab_to(page, page.get_by_role("button", name="Accept all 3"))
    press_and_follow(page, "Enter")
    expect(page.get_by_role("main")).to_contain_text("Accepted 3 difference(s)")
    check_phone(page, "hub-admin-provider-file-accepted")


def test_a_facilitators_day_on_a_phone(page: Any, site: str, transactional_db: None) -> None:
    from ecfhub.events.tests.factories import make_event, make_session
    from ecfhub.people.models import User
    from ecfhub.programme.services import get_or_create_cohort
    from ecfhub.terms.services import create_standard_year

    facilitator = User.objects.create_user(
        email="fay@hub.test", password=PASSWORD, full_name="Fay Facilitator", is_facilitator=True
    )
    today = timezone.localdate()
    start_year = today.year if today.month >= 9 else today.year - 1
    create_standard_year(start_year=start_year)
    cohort = get_or_create_cohort(start_year=start_year)
    ahead = today + datetime.timedelta(days=14)
    while ahead.weekday() > 3:
        ahead += datetime.timedelta(days=1)
    session = make_session(make_event(cohort, title="Checking for understanding"), ahead)
    session.facilitators.add(facilitator)

    page.set_viewport_size(PHONE)
    page.goto("/account/login/")
    page.get_by_label("E-mail address").fill(facilitator.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Sessions you facilitate")).to_be_visible()
    check_phone(page, "facilitator-start")

    page.get_by_role("main").get_by_role("link", name="My sessions").click()
    expect(page.get_by_role("main")).to_contain_text("Checking for understanding")
    check_phone(page, "facilitator-sessions")

    page.goto("/calendar/?view=month")
    expect(page.get_by_role("main")).to_contain_text("Checking for understanding")
    check_phone(page, "facilitator-calendar-month")
