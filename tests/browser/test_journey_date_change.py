"""Journey: an ECT who cannot make a date changes it on a phone (375 px) with the keyboard alone;
their induction tutor sees the new date on the ECT's page; their private calendar feed shows the
new date and the old one cancelled.

The hub's records (terms, cohort, school, people, one event with two dates, Erin's place) are made
through the ORM: the pages that make them are walked by the onboarding and scheduling journeys."""

from __future__ import annotations

import datetime

import vobject
from playwright.sync_api import expect

from ecfhub.notifications.testing import send_held
from tests.browser.building import local_today, school_days
from tests.browser.conftest import PASSWORD
from tests.browser.support import check_page, is_focused, press_and_follow, sign_in, tab_to

PHONE = {"width": 375, "height": 800}


def long_date(day: datetime.date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def a_programme_with_two_dates() -> dict:  # type: ignore[type-arg]
    from ecfhub.conftest import make_participant
    from ecfhub.events.models import Session, TrainingEvent
    from ecfhub.events.services import local_datetime
    from ecfhub.people.models import Mentorship, School, User
    from ecfhub.programme.models import cohort_start_year_for
    from ecfhub.programme.services import get_or_create_cohort
    from ecfhub.scheduling.models import Assignment
    from ecfhub.terms.services import create_standard_year

    year = local_today().year if local_today().month >= 9 else local_today().year - 1
    for start in (year, year + 1):
        create_standard_year(start_year=start)
    days = school_days(local_today() + datetime.timedelta(days=40), local_today() + datetime.timedelta(days=400))
    first, second = days[0], days[7]
    cohort = get_or_create_cohort(start_year=cohort_start_year_for(first))
    school = School.objects.create(urn="100001", name="Riverside Primary", town="Norwich")
    tutor = User.objects.create_user(email="tess@riverside.test", password=PASSWORD, full_name="Tess Tutor")
    school.induction_tutors.add(tutor)
    mentor = make_participant(
        email="max@riverside.test", name="Max Mentor", school=school, cohort=cohort, kind="mentor", trn="2000001"
    )
    erin = make_participant(
        email="erin@riverside.test", name="Erin Ect", school=school, cohort=cohort, kind="ect", trn="1000001"
    )
    Mentorship.objects.create(mentor=mentor, ect=erin, started_on=erin.induction_start_date)
    event = TrainingEvent.objects.create(
        cohort=cohort, kind="clinic", audience="ect", programme_year=1, order=1, title="Routines that work"
    )
    sessions = [
        Session.objects.create(
            event=event,
            starts_at=local_datetime(day, datetime.time(16, 0)),
            ends_at=local_datetime(day, datetime.time(17, 0)),
            mode="online",
            joining_url="https://meet.example.com/routines",
            capacity=20,
        )
        for day in (first, second)
    ]
    Assignment.objects.create(participant=erin, event=event, session=sessions[0])
    return {"erin": erin, "first": first, "second": second, "sessions": sessions}


def test_an_ect_changes_a_date_on_a_phone_with_the_keyboard_and_their_tutor_and_feed_follow(
    page, site, hub_admin, mailbox
):
    from django.urls import reverse

    from ecfhub.calendar.services import create_feed_token

    world = a_programme_with_two_dates()
    page.set_viewport_size(PHONE)
    sign_in(page, "erin@riverside.test", PASSWORD)
    page.goto("/events/")
    expect(page.get_by_role("main")).to_contain_text(long_date(world["first"]))

    # From here on, only the keyboard.
    tab_to(page, page.get_by_role("link", name="Can't make this date? (Routines that work)"))
    press_and_follow(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Can't make this date?")
    check_page(page, "ect-change-date")

    # Sent without a choice, the page explains what is missing and the summary links to it.
    tab_to(page, page.get_by_role("button", name="Ask for this date"))
    press_and_follow(page)
    expect(page.get_by_role("heading", level=2, name="There is a problem")).to_be_visible()

    new_date = page.get_by_role("radio", name=f"{long_date(world['second'])}, 16:00 to 17:00")
    tab_to(page, new_date)
    page.keyboard.press("Space")
    assert new_date.is_checked()
    reason = page.get_by_role("radio", name="Something at school on that day", exact=False)
    tab_to(page, reason)
    page.keyboard.press("Space")
    assert reason.is_checked()
    check_page(page, "ect-change-date-errors")
    tab_to(page, page.get_by_label("Anything the hub should know"))
    page.keyboard.type("Year 6 residential trip.")
    tab_to(page, page.get_by_role("button", name="Ask for this date"))
    assert is_focused(page.get_by_role("button", name="Ask for this date"))
    press_and_follow(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("My events")
    main = page.get_by_role("main")
    expect(main).to_contain_text(f"Date changed to {world['second']:%A} {world['second'].day} {world['second']:%B}")
    expect(main).to_contain_text(long_date(world["second"]))
    expect(main).not_to_contain_text(long_date(world["first"]))
    check_page(page, "ect-my-events-after-change")
    assert not [m for m in mailbox.to("erin@riverside.test") if "new date" in str(m["Subject"]).lower()]
    send_held()  # the periodic job, once no change has come for the quiet period (notifications/pace.py)
    changed = [m for m in mailbox.to("erin@riverside.test") if "new date" in str(m["Subject"]).lower()]
    assert len(changed) == 1, [str(m["Subject"]) for m in mailbox.to("erin@riverside.test")]

    # The private feed: the new date confirmed, the old one cancelled.
    token = create_feed_token(user=world["erin"].user, actor=world["erin"].user)
    feed = vobject.readOne(page.request.get(reverse("calendar:private_feed", args=[token])).text())
    status = {event.dtstart.value.date(): event.status.value for event in feed.contents["vevent"]}
    assert status == {world["second"]: "CONFIRMED", world["first"]: "CANCELLED"}

    # The tutor sees the new date on Erin's page.
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "tess@riverside.test", PASSWORD)
    page.goto(f"/participants/{world['erin'].pk}/")
    dates = page.get_by_role("main")
    expect(dates).to_contain_text(f"Routines that work: {long_date(world['second'])}, 16:00")
    expect(dates).not_to_contain_text(long_date(world["first"]))
    check_page(page, "tutor-sees-the-changed-date")
