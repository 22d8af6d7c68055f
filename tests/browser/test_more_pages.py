"""The pages and form errors the four journeys pass by: changing events and sessions, giving one
person a date by hand, a participant leaving, used invitation links, data protection, the outbox,
and a locked sign-in. Each page passes axe, reflows at 320 px, and is screenshotted."""

from __future__ import annotations

import datetime

from playwright.sync_api import expect

from tests.browser.building import (
    add_academic_year,
    add_event,
    add_sessions,
    local_today,
    register_a_school_and_an_ect,
    school_days,
    set_up_link,
    sign_out,
    this_academic_year,
)
from tests.browser.conftest import PASSWORD
from tests.browser.support import check_page, fill_date, sign_in

OTHERS = "their-own-passphrase-64"


def test_changing_an_event_a_session_and_placing_one_person_pass_the_checks(page, site, hub_admin, mailbox):
    from ecfhub.programme.models import Cohort

    register_a_school_and_an_ect(page, mailbox, admin_password=PASSWORD, password=OTHERS)
    sign_in(page, "hana@hub.test", PASSWORD)
    add_academic_year(page, this_academic_year())
    add_academic_year(page, this_academic_year() + 1)
    cohort = Cohort.objects.get(start_year=this_academic_year())
    today = local_today()
    day = school_days(today + datetime.timedelta(days=7), today + datetime.timedelta(days=400))[0]
    year = cohort.programme_year_on(day)
    add_event(page, cohort=str(cohort), audience="ECTs", kind="Conference", year=year, order=1,
              title="Behaviour that lets everyone learn", focus="Managing behaviour")  # fmt: skip
    add_sessions(page, dates=[day], capacity=25)

    page.get_by_role("link", name="Edit event").click()
    check_page(page, "event-edit")
    page.get_by_label("Title").fill("")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the event's title.")
    check_page(page, "event-edit-empty-title")
    page.get_by_role("link", name="Back").click()

    page.get_by_role("link", name="Change session on").click()
    check_page(page, "session-edit")
    page.get_by_label("Capacity").fill("")
    page.get_by_role("button", name="Save").first.click()
    expect(page.get_by_role("alert")).to_contain_text("Enter how many people the session can take")
    check_page(page, "session-edit-no-capacity")
    # A colleague saves the session meanwhile: this save is refused with what is saved now.
    from ecfhub.events.models import Session

    Session.objects.update(capacity=40)
    page.get_by_label("Capacity").fill("30")
    page.get_by_role("button", name="Save").first.click()
    expect(page.get_by_role("alert")).to_contain_text("Someone else saved changes to this session")
    expect(page.get_by_role("alert")).to_contain_text("Capacity is 40")
    check_page(page, "session-edit-conflict")
    page.get_by_role("button", name="Save").first.click()  # deliberately replace theirs
    expect(page.get_by_role("main")).to_contain_text("Session saved.")

    page.get_by_role("link", name="Cancel session on").click()
    check_page(page, "session-cancel")
    page.get_by_role("button", name="Cancel").last.click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the reason for cancelling")
    check_page(page, "session-cancel-no-reason")

    page.goto("/manage/scheduling/")
    page.get_by_role("link", name="Give one person a date by hand").click()
    check_page(page, "place")
    find = page.get_by_role("main").get_by_role("button", name="Find")
    find.click()
    expect(page.get_by_role("alert")).to_contain_text("Enter a name, e-mail address or TRN")
    check_page(page, "place-empty")
    page.get_by_label("Name, e-mail address or TRN").fill("nobody by this name")
    find.click()
    expect(page.get_by_role("main")).to_contain_text("No active participant has that name")
    page.get_by_label("Name, e-mail address or TRN").fill("erin")
    find.click()
    check_page(page, "place-found")
    page.get_by_role("link", name="Erin Ect").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Give Erin Ect a date")
    expect(page.get_by_role("main")).to_contain_text("Behaviour that lets everyone learn")
    check_page(page, "place-person")
    give = page.get_by_role("button", name="Give this date")
    give.click()
    expect(page.get_by_role("alert")).to_contain_text("Choose a date.")
    check_page(page, "place-no-date")
    page.get_by_role("radio").first.check()
    page.get_by_label("Waive the notice").check()
    give.click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the reason for waiving the notice.")
    check_page(page, "place-no-reason")


def test_a_tutor_reports_a_leaver_and_the_participant_pages_pass_the_checks(page, site, hub_admin, mailbox):
    register_a_school_and_an_ect(page, mailbox, admin_password=PASSWORD, password=OTHERS)
    sign_in(page, "tess@riverside.test", OTHERS)
    check_page(page, "tutor-my-programme-with-a-school")
    page.get_by_role("link", name="My schools").click()
    page.get_by_role("link", name="Riverside Primary").click()

    page.get_by_role("link", name="Training dates coming up").click()
    expect(page.get_by_role("main")).to_contain_text("None of your staff has a training date coming up.")
    check_page(page, "school-dates-empty")
    _give_erin_a_conference_date()
    page.reload()
    expect(page.get_by_role("main")).to_contain_text("1 needs cover")
    check_page(page, "school-dates")
    page.get_by_role("link", name="Back to Riverside Primary").click()
    page.get_by_role("link", name="Erin Ect", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Erin Ect")
    check_page(page, "participant")

    page.get_by_role("link", name="Change their details").click()
    check_page(page, "details")
    page.get_by_label("Teacher reference number (TRN)").fill("12345")
    page.get_by_role("button", name="Save details").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the TRN as 7 digits")
    check_page(page, "details-bad-trn")
    page.get_by_label("Teacher reference number (TRN)").fill("1000009")
    page.get_by_label("Friday").check()  # she works part-time
    page.get_by_role("button", name="Save details").click()
    expect(page.get_by_role("main")).to_contain_text("Details saved.")
    expect(page.get_by_role("main")).to_contain_text("1000009")
    expect(page.get_by_role("main")).to_contain_text("Friday")

    page.get_by_role("link", name="Report a break (deferral)").click()
    check_page(page, "status-defer")
    page.go_back()
    page.get_by_role("link", name="Report that they are leaving the programme").first.click()
    check_page(page, "status-withdraw")
    page.get_by_role("button", name="Confirm they are leaving").click()
    expect(page.get_by_role("alert")).to_be_visible()
    check_page(page, "status-withdraw-errors")


def test_a_used_invitation_link_offers_a_new_one_and_the_pages_pass_the_checks(page, site, hub_admin, mailbox):
    register_a_school_and_an_ect(page, mailbox, admin_password=PASSWORD, password=OTHERS)
    page.goto(set_up_link(mailbox, "erin@riverside.test"))  # Erin has already used it
    expect(page.get_by_role("heading", level=1)).to_have_text("This link has already been used")
    check_page(page, "link-used")
    page.get_by_role("button", name="Send me a new link").click()
    expect(page.get_by_role("alert")).to_be_visible()
    check_page(page, "new-link-empty")
    page.get_by_label("Your e-mail address").fill("erin@riverside.test")
    page.get_by_role("button", name="Send me a new link").click()
    check_page(page, "new-link-sent")


def test_the_data_protection_pages_and_the_outbox_pass_the_checks(page, site, hub_admin, mailbox):
    register_a_school_and_an_ect(page, mailbox, admin_password=PASSWORD, password=OTHERS)
    sign_in(page, "erin@riverside.test", OTHERS)
    page.get_by_role("link", name="Your data").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your data")
    check_page(page, "my-data")
    sign_out(page)

    sign_in(page, "hana@hub.test", PASSWORD)
    page.goto("/manage/")
    page.get_by_role("link", name="E-mail outbox").click()
    check_page(page, "outbox-with-messages")
    page.get_by_role("main").get_by_role("link", name="Set up your ECF Hub account").first.click()
    check_page(page, "outbox-message")

    page.goto("/manage/privacy/")
    check_page(page, "privacy-admin")
    page.get_by_label("Find a person").fill("Erin")
    page.get_by_role("button", name="Search").click()
    check_page(page, "privacy-admin-search")
    page.get_by_role("main").get_by_role("link", name="Erin Ect").click()
    check_page(page, "privacy-person")  # no "Anonymise" form: Erin is still taking part

    # Once she has left, a request to be forgotten can be carried out: the confirmation, its
    # error state and the anonymised record.
    from ecfhub.people.models import Participant

    Participant.objects.filter(user__email="erin@riverside.test").update(
        status=Participant.Status.WITHDRAWN, status_reason="other", status_changed_on=local_today()
    )
    page.reload()
    anonymise = page.get_by_role("button", name="Anonymise Erin Ect")
    check_page(page, "privacy-person-who-has-left")
    anonymise.click()
    expect(page.get_by_role("alert")).to_contain_text("Tick the box to confirm")
    check_page(page, "privacy-anonymise-not-confirmed")
    page.get_by_label("I understand this removes their name").check()
    page.get_by_role("button", name="Anonymise Erin Ect").click()
    expect(page.get_by_role("main")).to_contain_text("Anonymised.")
    check_page(page, "privacy-person-anonymised")


def test_repeated_failed_sign_ins_lock_the_account_on_an_accessible_page(page, site, hub_admin, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.goto("/account/login/")
        page.get_by_label("E-mail address").fill("hana@hub.test")
        page.get_by_label("Password").fill("wrong-every-time")
        page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Too many sign-in attempts")
    check_page(page, "locked-out")


def test_the_scheduling_scope_error_passes_the_checks(page, site, hub_admin):
    from ecfhub.events.models import TrainingEvent
    from ecfhub.programme.services import get_or_create_cohort

    # Two cohorts are needed to reach the one error the scope form can show; the UI has no quicker
    # way to make a second cohort than registering someone, so they are made here.
    older = get_or_create_cohort(start_year=this_academic_year() - 1)
    newer = get_or_create_cohort(start_year=this_academic_year())
    for cohort in (older, newer):
        TrainingEvent.objects.create(
            cohort=cohort, kind="clinic", audience="ect", programme_year=1, order=1, title=f"Clinic for {cohort}"
        )
    sign_in(page, "hana@hub.test", PASSWORD)
    page.goto("/manage/scheduling/")
    page.get_by_label("Cohort", exact=True).select_option(label=str(newer))
    page.get_by_label(f"Clinic for {older}").check()
    fill_date(page, "Sessions up to", datetime.date(this_academic_year() + 1, 3, 31))
    page.get_by_role("button", name="Start a dry run").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose events of the chosen cohort")
    check_page(page, "scheduling-scope-other-cohort")


def test_a_facilitators_sessions_and_who_is_booked_pass_the_checks(page, site, hub_admin):
    from ecfhub.events.models import Session, TrainingEvent
    from ecfhub.events.services import local_datetime
    from ecfhub.people.models import User
    from ecfhub.programme.services import get_or_create_cohort

    # Made through the ORM: the journeys already add events and sessions through the pages.
    fred = User.objects.create_user(
        email="fred@hub.test", password=PASSWORD, full_name="Fred Facilitator", is_facilitator=True
    )
    event = TrainingEvent.objects.create(
        cohort=get_or_create_cohort(start_year=this_academic_year()), kind="clinic", audience="ect",
        programme_year=1, order=1, title="Routines that free up learning time",
    )  # fmt: skip
    day = local_today() + datetime.timedelta(days=14)  # any day: these pages do not check school days
    session = Session.objects.create(
        event=event, starts_at=local_datetime(day, datetime.time(16, 0)), ends_at=local_datetime(day, datetime.time(17, 0)),
        mode="online", joining_url="https://meet.example.com/routines", capacity=20,
    )  # fmt: skip
    session.facilitators.add(fred)

    sign_in(page, "fred@hub.test", PASSWORD)
    expect(page.get_by_role("main")).to_contain_text("Sessions you facilitate")
    check_page(page, "facilitator-my-programme")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="My sessions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My sessions")
    check_page(page, "facilitator-my-sessions")
    page.get_by_role("link", name="Who is booked").first.click()
    expect(page.get_by_role("main")).to_contain_text("Nobody is booked on this session yet.")
    check_page(page, "session-people-empty")
    sign_out(page)

    sign_in(page, "hana@hub.test", PASSWORD)
    page.goto(f"/manage/events/{event.pk}/")
    page.get_by_role("link", name="Who is booked on").first.click()
    check_page(page, "session-people-hub-admin")


def _give_erin_a_conference_date() -> None:
    """Through the ORM: the scheduling journey gives dates through the pages already."""
    from ecfhub.events.models import Session, TrainingEvent
    from ecfhub.events.services import local_datetime
    from ecfhub.people.models import Participant
    from ecfhub.scheduling.models import Assignment

    erin = Participant.objects.get(user__email="erin@riverside.test")
    event = TrainingEvent.objects.create(
        cohort=erin.cohort, kind="conference", audience="ect", programme_year=1, order=1, title="Adaptive teaching"
    )
    day = local_today() + datetime.timedelta(days=21)
    session = Session.objects.create(
        event=event, starts_at=local_datetime(day, datetime.time(9, 30)), ends_at=local_datetime(day, datetime.time(15, 30)),
        mode="in_person", capacity=40,
    )  # fmt: skip
    Assignment.objects.create(participant=erin, event=event, session=session)
