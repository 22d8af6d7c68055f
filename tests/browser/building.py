"""A hub admin building the programme through the pages: term dates, training events, sessions.

Dates are read back from the term calendar the pages created (reading is not a shortcut), so the
journeys work whatever day they run on."""

from __future__ import annotations

import datetime
from typing import Any

from playwright.sync_api import expect

from tests.browser.support import check_page, fill_date


def local_today() -> datetime.date:
    """Today where the hub is (Europe/London), as the server sees it."""
    from django.utils import timezone

    return timezone.localdate()


def this_academic_year() -> int:
    today = local_today()
    return today.year if today.month >= 9 else today.year - 1


def add_academic_year(page: Any, start_year: int) -> None:
    page.goto("/manage/terms/")
    page.get_by_label("Year the academic year starts").fill(str(start_year))
    page.get_by_role("button", name="Add year").click()
    expect(page.get_by_role("alert")).to_contain_text(f"Academic year {start_year}/")


def school_days(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """School days in [start, end] by the calendar the pages built (half terms, bank holidays, closures)."""
    from ecfhub.terms.schooldays import SchoolCalendar

    return [day for day in SchoolCalendar.load(start, end).days if start <= day <= end]


def half_term(start_year: int, number: int) -> tuple[datetime.date, datetime.date, str]:
    from ecfhub.terms.models import HalfTerm

    term = HalfTerm.objects.get(academic_year__start_year=start_year, number=number)
    return term.starts_on, term.ends_on, term.name


def add_event(
    page: Any,
    *,
    cohort: str,
    audience: str,
    kind: str,
    year: int,
    order: int,
    title: str,
    focus: str,
    check: bool = False,
) -> None:
    """From the training events list; leaves the browser on the new event's "Add repeat sessions" page."""
    page.goto("/manage/events/")
    page.get_by_role("link", name="Add a training event").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a training event")
    if check:
        check_page(page, "event-new")
        page.get_by_role("button", name="Add event").click()
        expect(page.get_by_role("alert")).to_contain_text("Enter the event's title.")
        check_page(page, "event-new-empty")
    page.get_by_label("Cohort").select_option(label=cohort)
    page.get_by_role("group", name="Audience").get_by_label(audience).check()
    page.get_by_role("group", name="Kind").get_by_label(kind).check()
    page.get_by_role("group", name="Programme year").get_by_label(f"Year {year}").check()
    page.get_by_label("Position in the programme year").fill(str(order))
    page.get_by_label("Title").fill(title)
    page.get_by_role("group", name="Focus").get_by_label(focus).check()
    page.get_by_role("button", name="Add event").click()
    # A new event goes straight on to its repeat sessions.
    expect(page.get_by_role("heading", level=1)).to_have_text("Add repeat sessions")
    expect(page.get_by_role("main")).to_contain_text(title)


def add_sessions(
    page: Any, *, dates: list[datetime.date], capacity: int, joining_url: str = "", check: bool = False
) -> None:
    """On an event's page (or its "Add repeat sessions" page): add sessions with the kind's default times and mode."""
    if page.get_by_role("heading", level=1).inner_text() != "Add repeat sessions":
        page.get_by_role("link", name="Add repeat sessions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add repeat sessions")
    if check:
        check_page(page, "sessions-add")
        page.get_by_role("button", name="Add sessions").click()
        expect(page.get_by_role("alert")).to_contain_text("Choose at least one date.")
        check_page(page, "sessions-add-empty")
        saturday = dates[0] + datetime.timedelta(days=(5 - dates[0].weekday()) % 7)
        fill_date(page, "Date 1", saturday)
        page.get_by_role("button", name="Add sessions").click()
        expect(page.get_by_role("alert")).to_be_visible()
        check_page(page, "sessions-add-not-a-school-day")
    for n, day in enumerate(dates, start=1):
        fill_date(page, f"Date {n}", day)
    if joining_url:
        page.get_by_label("Joining link (online sessions)").fill(joining_url)
    page.get_by_label("Capacity").fill(str(capacity))
    page.get_by_role("button", name="Add sessions").click()
    expect(page.get_by_role("table", name="Repeat sessions")).to_contain_text(
        f"{dates[0]:%a} {dates[0].day} {dates[0]:%b %Y}"
    )
    if check:
        check_page(page, "event-with-sessions")


# --- people, through the onboarding pages -----------------------------------------------------------


def this_september() -> datetime.date:
    """The start of the current academic year, so an induction start date is always accepted."""
    return datetime.date(this_academic_year(), 9, 3)


def set_up_link(mailbox: Any, address: str) -> str:
    import re

    from ecfhub.notifications.testing import text_of

    messages = mailbox.to(address)
    assert messages, f"no invitation e-mail reached {address}"
    match = re.search(r"https?://\S+/account/set-up/\S+/", text_of(messages[-1]))
    assert match, text_of(messages[-1])
    return match.group(0)


def set_up_account(page: Any, link: str, password: str) -> None:
    page.goto(link)
    page.get_by_label("Choose a password").fill(password)
    page.get_by_label("Type the password again").fill(password)
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Set up my account").click()
    page.get_by_text("Signed in as").wait_for()


def sign_out(page: Any) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("banner").get_by_role("link", name="Sign in").wait_for()


def register_a_school_and_an_ect(page: Any, mailbox: Any, *, admin_password: str, password: str) -> None:
    """Riverside Primary, its tutor Tess and its ECT Erin, all through the pages, quickly (no checks:
    the onboarding journey checks these pages). Leaves nobody signed in; both accounts use `password`."""
    from tests.browser.support import sign_in

    sign_in(page, "hana@hub.test", admin_password)
    page.goto("/manage/schools/add/")
    page.get_by_label("URN").fill("100001")
    page.get_by_label("School name").fill("Riverside Primary")
    page.get_by_label("Induction tutor's full name").fill("Tess Tutor")
    page.get_by_label("Induction tutor's e-mail address").fill("tess@riverside.test")
    page.get_by_role("button", name="Add the school").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Riverside Primary")
    sign_out(page)

    set_up_account(page, set_up_link(mailbox, "tess@riverside.test"), password)
    page.get_by_role("link", name="My schools").click()
    page.get_by_role("link", name="Riverside Primary").click()
    page.get_by_role("button", name="Register an ECT or mentor").click()
    page.get_by_label("Full name").fill("Erin Ect")
    page.get_by_label("E-mail address").fill("erin@riverside.test")
    page.get_by_label("Teacher reference number (TRN)").fill("1000001")
    fill_date(page, "Start date", this_september())
    page.get_by_label("ECT", exact=True).check()
    page.get_by_role("button", name="Register").click()
    # DfE's order: then their mentor; the school has none yet, so "Choose later".
    expect(page.get_by_role("heading", level=1)).to_have_text("Their mentor")
    page.get_by_role("link", name="Choose later").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Riverside Primary")
    sign_out(page)

    set_up_account(page, set_up_link(mailbox, "erin@riverside.test"), password)
    sign_out(page)
