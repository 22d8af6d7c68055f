"""Each role's day on a phone (375 px), through the pages issue 30 changed, axe clean on each:

- the ECT (keyboard only): "Next for you" first on My programme (next date with time and place, this
  week's module, the open action step), then My events with the kind, times and venue of every date;
- the mentor: an observation dated the last school day by default, a step chosen from the library by
  searching it, and a meeting that closes the step it reviewed;
- the induction tutor: the school page's addresses breaking only after "@" and ".", registering an ECT
  and going straight on to their mentor, the start date offered being the ECT's start.

The hub's records are made through the ORM, with the demo hub's sign-in addresses."""

from __future__ import annotations

import datetime

from playwright.sync_api import expect

from tests.browser.building import local_today, school_days
from tests.browser.conftest import PASSWORD
from tests.browser.support import check_phone, fill_date, press_and_follow, sign_in, tab_to
from tests.browser.test_journey_coaching import ECT, MENTOR, TUTOR, a_demo_pair

PHONE = {"width": 375, "height": 812}
STEP = "Use a consistent signal for attention and wait for silence"
VENUE = "The Forum, Millennium Plain, Norwich"


def a_day_in_the_programme() -> dict:  # type: ignore[type-arg]
    """The demo pair, a conference for the ECT with a date ahead, a module every week, an open step."""
    from ecfhub.events.models import Session, TrainingEvent
    from ecfhub.events.services import local_datetime
    from ecfhub.learning.models import Module
    from ecfhub.learning.services import set_action_step
    from ecfhub.people.models import Mentorship
    from ecfhub.scheduling.models import Assignment

    world = a_demo_pair()
    ect = world["ect"]
    mentor = Mentorship.objects.get(ect=ect).mentor
    day = school_days(local_today() + datetime.timedelta(days=20), local_today() + datetime.timedelta(days=200))[0]
    event = TrainingEvent.objects.create(
        cohort=ect.cohort, kind="conference", audience="ect", programme_year=1, order=1, title="How pupils learn"
    )
    session = Session.objects.create(
        event=event,
        starts_at=local_datetime(day, datetime.time(9, 30)),
        ends_at=local_datetime(day, datetime.time(15, 30)),
        mode="in_person",
        venue=VENUE,
        capacity=40,
    )
    Assignment.objects.create(participant=ect, event=event, session=session)
    for kind in ("ect", "mentor"):
        for week in range(1, 46):
            Module.objects.create(
                participant_type=kind,
                programme_year=1,
                week=week,
                title=f"{kind.upper()} module for week {week}",
                content="Read this.",
                areas=["how-pupils-learn"],
            )
    set_action_step(
        ect=ect,
        mentor=mentor,
        values={"step": "Narrate the positive", "success_looks_like": "Praise names the behaviour.",
                "check_back_on": local_today() + datetime.timedelta(days=7)},
        actor=mentor.user,
    )  # fmt: skip
    return {**world, "day": day, "mentor": mentor}


def test_the_ects_day_on_a_phone_by_keyboard_next_date_module_and_step_first_then_every_date_in_full(page, site):  # type: ignore[no-untyped-def]
    world = a_day_in_the_programme()
    page.set_viewport_size(PHONE)
    sign_in(page, ECT, PASSWORD)
    page.goto("/my/")
    first = page.locator(".hub-next")
    day = world["day"]
    expect(first).to_contain_text(f"{day:%A} {day.day} {day:%B %Y}, 09:30 to 15:30")
    expect(first).to_contain_text("How pupils learn (conference)")
    expect(first).to_contain_text(VENUE)
    expect(first).to_contain_text("This week's module")
    expect(first).to_contain_text("Narrate the positive")
    # What to do next is on the first screen of a phone.
    bottom = page.evaluate("() => document.querySelector('.hub-next').getBoundingClientRect().bottom")
    assert bottom <= PHONE["height"], f"Next for you ends at {bottom}px"
    expect(page.get_by_role("main")).not_to_contain_text("declaration")
    check_phone(page, "ect-home")

    tab_to(page, page.get_by_role("link", name="All my dates"))
    press_and_follow(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("My events")
    entry = page.locator(".hub-my-session").first
    expect(entry).to_contain_text(f"Conference: {day:%A} {day.day} {day:%B %Y}, 09:30 to 15:30")
    expect(entry.locator("[data-where]")).to_contain_text(VENUE)
    check_phone(page, "ect-my-events")


def test_the_mentors_day_observation_on_the_last_school_day_a_library_step_found_by_word_and_a_meeting_that_closes_it(  # type: ignore[no-untyped-def]
    page, site
):
    from ecfhub.learning.models import ActionStep
    from ecfhub.terms.schooldays import last_school_day

    world = a_day_in_the_programme()
    page.set_viewport_size(PHONE)
    sign_in(page, MENTOR, PASSWORD)
    page.goto("/my/")
    expect(page.locator(".hub-next")).to_contain_text("Coaching Ella Ect")
    expect(page.get_by_role("main")).not_to_contain_text("two years")
    expect(page.get_by_role("main")).not_to_contain_text("induction from")
    check_phone(page, "mentor-home")

    page.get_by_role("link", name="Record an observation of Ella Ect").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record an observation")
    seen = last_school_day()
    date_group = page.get_by_role("group", name="Date of the observation")
    assert date_group.get_by_label("Day").input_value() == str(seen.day)
    assert date_group.get_by_label("Month").input_value() == str(seen.month)
    check_phone(page, "mentor-observation")
    page.get_by_label("Class or year group").fill("Year 4")
    page.get_by_label("Managing behaviour").check()
    page.get_by_label("What went well").fill("A calm start.")
    page.get_by_label("What to work on").fill("Silence before instructions.")
    page.get_by_role("button", name="Save observation").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Set an action step")
    page.get_by_label("Search the library by word").fill("silent")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("main")).to_contain_text("All pupils stop, face you and are silent before you speak.")
    check_phone(page, "mentor-library-search")
    page.get_by_role("link", name="Use this step").filter(has_text=STEP).click()
    expect(page.get_by_label("The action step")).to_have_value(STEP)
    fill_date(page, "Check-back date", local_today() + datetime.timedelta(days=7))
    check_phone(page, "mentor-step-from-library")
    page.get_by_role("button", name="Set step").click()
    expect(page.get_by_role("main")).to_contain_text("Action step set for Ella Ect.")

    page.goto(f"/learning/ects/{world['ect'].pk}/meetings/new/")
    page.get_by_label("Notes").fill("Silence every time this week.")
    page.get_by_role("group", name="Steps looked at").get_by_label(STEP, exact=False).check()
    page.get_by_role("group", name="Steps to close").get_by_label(STEP, exact=False).check()
    check_phone(page, "mentor-meeting")
    page.get_by_role("button", name="Save meeting").click()
    expect(page.get_by_role("main")).to_contain_text("Meeting saved; 1 step closed.")
    assert ActionStep.objects.get(step=STEP).status == ActionStep.Status.CLOSED


def test_the_tutors_day_addresses_wrap_whole_and_registering_an_ect_goes_on_to_their_mentor_from_their_start(  # type: ignore[no-untyped-def]
    page, site
):
    from ecfhub.people.models import Participant

    world = a_day_in_the_programme()
    page.set_viewport_size(PHONE)
    sign_in(page, TUTOR, PASSWORD)
    page.goto("/my/")
    check_phone(page, "tutor-home")
    page.get_by_role("link", name="ECTs and mentors at Norwich St Mary's Primary School").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Norwich St Mary's Primary School")
    # Addresses may break only after "@" and "." (the breakable filter), never inside a word.
    assert page.locator("td wbr, th wbr").count() > 0
    wrap = page.evaluate("() => getComputedStyle(document.querySelector('.hub-wrap')).overflowWrap")
    assert wrap == "break-word", wrap
    check_phone(page, "tutor-school")

    page.get_by_role("button", name="Register an ECT or mentor").click()
    page.get_by_label("Full name").fill("Nia Newton")
    page.get_by_label("E-mail address").fill("nia.newton@stmarys.test")
    page.get_by_label("Teacher reference number (TRN)").fill("1000555")
    start = world["ect"].induction_start_date
    fill_date(page, "Start date", start)
    page.get_by_label("ECT", exact=True).check()
    check_phone(page, "tutor-register")
    page.get_by_role("button", name="Register").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Their mentor")
    expect(page.get_by_role("main")).to_contain_text("Nia Newton is registered.")
    starts = page.get_by_role("group", name="Mentoring starts on")
    assert starts.get_by_label("Day").input_value() == str(start.day)
    assert starts.get_by_label("Year").input_value() == str(start.year)
    check_phone(page, "tutor-their-mentor")
    page.get_by_label("Mentor").select_option(label="Maya Mentor")
    page.get_by_role("button", name="Save mentor").click()
    expect(page.get_by_role("main")).to_contain_text("Maya Mentor now mentors Nia Newton.")
    nia = Participant.objects.get(user__email="nia.newton@stmarys.test")
    assert nia.current_mentorship().started_on == start
