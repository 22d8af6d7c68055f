"""The pages about places: people without a date (the hub's list, the person's My programme), a
person's place history, the check before a booked session's day changes, and the warning before
adding dates that event order leaves to nobody. Each passes axe, reflows at 320 px, and is
screenshotted.

The programme is made through the ORM and the services: the journeys already build terms, events
and sessions through the pages; these checks are about the pages that show the rules' verdicts."""

from __future__ import annotations

import datetime

from playwright.sync_api import expect

from tests.browser.building import local_today, school_days, sign_out, this_academic_year
from tests.browser.conftest import PASSWORD
from tests.browser.support import check_page, fill_date, sign_in


def _programme():  # type: ignore[no-untyped-def]
    """Erin, an ECT with a date for the second clinic only, and the first clinic's one session after it."""
    from ecfhub.events.models import Session, TrainingEvent
    from ecfhub.events.services import local_datetime
    from ecfhub.people.models import Participant, School, User
    from ecfhub.programme.services import get_or_create_cohort
    from ecfhub.scheduling.services import places
    from ecfhub.terms.services import create_standard_year

    year = this_academic_year()
    create_standard_year(start_year=year)
    create_standard_year(start_year=year + 1)
    cohort = get_or_create_cohort(start_year=year)
    school = School.objects.create(urn="100001", name="Riverside Primary", town="Norwich")
    erin = Participant.objects.create(
        user=User.objects.create_user(email="erin@riverside.test", password=PASSWORD, full_name="Erin Ect"),
        school=school, cohort=cohort, participant_type="ect", trn="1000001",
        induction_start_date=datetime.date(year, 9, 3),
    )  # fmt: skip
    today = local_today()
    programme_year = cohort.programme_year_on(today) or 1
    days = [
        d
        for d in school_days(today + datetime.timedelta(days=3), today + datetime.timedelta(days=200))
        if cohort.programme_year_on(d) == programme_year
    ]
    first = TrainingEvent.objects.create(
        cohort=cohort, kind="clinic", audience="ect", programme_year=programme_year, order=1, title="Routines that work"
    )
    second = TrainingEvent.objects.create(
        cohort=cohort, kind="clinic", audience="ect", programme_year=programme_year, order=2, title="Checking for understanding"
    )  # fmt: skip

    def session(event: TrainingEvent, day: datetime.date) -> Session:
        return Session.objects.create(
            event=event, starts_at=local_datetime(day, datetime.time(16)), ends_at=local_datetime(day, datetime.time(17)),
            mode="online", joining_url="https://meet.example.com/clinic", capacity=10,
        )  # fmt: skip

    booked = session(second, days[0])
    session(first, days[2])  # after their date for the second clinic: out of order
    places.place(participant=erin, session=booked, actor=None, source="manual", waive_notice=True,
                 waiver_reason="Joined late")  # fmt: skip
    return erin, booked, first, days


def test_the_pages_about_places_pass_the_checks(page, site, hub_admin):
    erin, booked, first, days = _programme()

    sign_in(page, "hana@hub.test", PASSWORD)
    page.goto("/manage/")
    page.get_by_role("link", name="People without a date").click()
    expect(page.get_by_role("main")).to_contain_text("no session left keeps their events in order")
    check_page(page, "people-without-a-date")

    page.get_by_role("link", name="Erin Ect").click()
    expect(page.get_by_role("main")).to_contain_text("Place history")
    check_page(page, "participant-place-history")

    # The session's new day is one Erin does not work: the page lists her before saving anything.
    new_day = days[1]
    erin.unavailable_weekdays = [new_day.weekday()]
    erin.save()
    page.goto(f"/manage/events/sessions/{booked.pk}/edit/")
    fill_date(page, "Date", new_day)
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("main")).to_contain_text("Check who the new day affects")
    check_page(page, "session-edit-day-change-check")

    page.goto(f"/manage/events/{first.pk}/sessions/add/")
    fill_date(page, "Date 1", days[3])
    page.get_by_label("Joining link (online sessions)").fill("https://meet.example.com/clinic")
    page.get_by_label("Capacity").fill("10")
    page.get_by_role("button", name="Add sessions").click()
    expect(page.get_by_role("main")).to_contain_text("Check these dates")
    check_page(page, "sessions-add-order-warning")
    sign_out(page)

    sign_in(page, "erin@riverside.test", PASSWORD)
    expect(page.get_by_role("main")).to_contain_text("We cannot give you a date for Routines that work yet")
    check_page(page, "my-programme-without-a-date")
