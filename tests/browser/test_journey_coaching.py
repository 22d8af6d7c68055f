"""Journey: the demo mentor records a lesson observation and sets an action step on a phone-sized
screen (375 px); the ECT sees it on their home page, responds and marks the step practised; the
induction tutor's engagement view changes for this week and shows no coaching text. axe on each page.

The hub's records (terms, cohort, school, the demo people and their pairing, one library step) are
made through the ORM; the people carry the demo hub's sign-in addresses."""

from __future__ import annotations

import datetime

from playwright.sync_api import expect

from tests.browser.building import local_today
from tests.browser.conftest import PASSWORD
from tests.browser.support import check_page, fill_date, follow_menu_link, sign_in

PHONE = {"width": 375, "height": 800}
MENTOR = "mentor@demo.ecfhub.test"
ECT = "ect@demo.ecfhub.test"
TUTOR = "tutor@demo.ecfhub.test"
TO_WORK_ON = "Wait for complete silence before the next instruction"
RESPONSE = "I will use the countdown with Year 4 on Monday"
REFLECTION = "Tried it three times; by Friday the class settled in ten seconds"


def a_demo_pair() -> dict:  # type: ignore[type-arg]
    from ecfhub.conftest import make_participant
    from ecfhub.learning.models import Goal, LibraryStep, Strand
    from ecfhub.people.models import Mentorship, School, User
    from ecfhub.programme.services import get_or_create_cohort
    from ecfhub.terms.services import create_standard_year

    today = local_today()
    year = today.year if today.month >= 9 else today.year - 1
    for start in (year - 1, year, year + 1):
        create_standard_year(start_year=start)
    cohort = get_or_create_cohort(start_year=year)
    school = School.objects.create(urn="120001", name="Norwich St Mary's Primary School", town="Norwich")
    tutor = User.objects.create_user(email=TUTOR, password=PASSWORD, full_name="Tara Tutor")
    school.induction_tutors.add(tutor)
    mentor = make_participant(
        email=MENTOR, name="Maya Mentor", school=school, cohort=cohort, kind="mentor", trn="2000001"
    )
    ect = make_participant(email=ECT, name="Ella Ect", school=school, cohort=cohort, kind="ect", trn="1000001")
    Mentorship.objects.create(mentor=mentor, ect=ect, started_on=ect.induction_start_date)
    goal = Goal.objects.create(strand=Strand.objects.create(title="Behaviour"), title="Establish routines")
    LibraryStep.objects.create(
        goal=goal,
        title="Use a consistent signal for attention and wait for silence",
        success_criteria="All pupils stop, face you and are silent before you speak.",
        practice_task="Rehearse the signal three times with your mentor.",
    )
    return {"ect": ect, "school": school}


def engagement_this_week(page, school_id: int, ect_id: int) -> str:  # type: ignore[no-untyped-def]
    page.goto(f"/learning/engagement/{school_id}/")
    return page.locator(f"table[data-person='{ect_id}'] tbody tr").last.inner_text()


def test_a_mentor_observes_and_sets_a_step_the_ect_practises_it_and_the_tutor_sees_only_counts(page, site):  # type: ignore[no-untyped-def]
    world = a_demo_pair()
    today = local_today()
    page.set_viewport_size(PHONE)

    # The tutor's view before: nothing held this week.
    sign_in(page, TUTOR, PASSWORD)
    before = engagement_this_week(page, world["school"].pk, world["ect"].pk)
    assert before.rstrip().endswith("None"), before
    page.get_by_role("button", name="Sign out").click()

    # The mentor records an observation of Ella.
    sign_in(page, MENTOR, PASSWORD)
    follow_menu_link(page, "Learning")
    expect(page.get_by_role("heading", level=1)).to_have_text("Learning")
    check_page(page, "mentor-learning")
    page.get_by_role("link", name="Record an observation of Ella Ect").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record an observation")
    page.get_by_role("button", name="Save observation").click()
    expect(page.get_by_role("heading", level=2, name="There is a problem")).to_be_visible()
    check_page(page, "mentor-observation-errors")
    page.get_by_label("Class or year group").fill("Year 4")
    page.get_by_label("Subject", exact=True).fill("Maths")
    page.get_by_label("Managing behaviour").check()
    page.get_by_label("What went well").fill("Calm, warm start; the first task was ready.")
    page.get_by_label("What to work on").fill(TO_WORK_ON)
    page.get_by_role("button", name="Save observation").click()

    # … and sets a step from it, chosen from the library.
    expect(page.get_by_role("heading", level=1)).to_have_text("Set an action step")
    check_page(page, "mentor-set-step")
    page.get_by_text("Behaviour", exact=True).click()  # the strand opens: its goals and steps, with success criteria
    expect(page.get_by_role("main")).to_contain_text("All pupils stop, face you and are silent before you speak.")
    page.get_by_role("link", name="Use this step").filter(has_text="Use a consistent signal").click()
    expect(page.get_by_role("main")).to_contain_text("From the library:")
    fill_date(page, "Check-back date", today + datetime.timedelta(days=7))
    page.get_by_role("button", name="Set step").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Coaching: Ella Ect")
    main = page.get_by_role("main")
    expect(main).to_contain_text("Action step set for Ella Ect.")
    expect(main).to_contain_text(TO_WORK_ON)
    check_page(page, "mentor-timeline")
    page.get_by_role("button", name="Sign out").click()

    # Ella sees the open step on her home page, reads the observation and responds.
    sign_in(page, ECT, PASSWORD)
    page.goto("/my/")
    expect(page.get_by_role("main")).to_contain_text("Use a consistent signal for attention and wait for silence")
    check_page(page, "ect-home-with-step")
    page.get_by_role("link", name="Open the step “Use a consistent signal for attention and wait for silence”").click()
    check_page(page, "ect-step")
    page.get_by_role("link", name=f"the observation of {today.day} {today:%B}").click()
    expect(page.get_by_role("main")).to_contain_text(TO_WORK_ON)
    page.get_by_label("Your response").fill(RESPONSE)
    page.get_by_role("button", name="Save response").click()
    expect(page.get_by_role("main")).to_contain_text("Your response is saved.")
    check_page(page, "ect-observation-responded")

    # … then marks the step practised; a reflection is asked for first.
    page.get_by_role("link", name="Use a consistent signal for attention and wait for silence").click()
    page.get_by_role("button", name="Mark as practised").click()
    expect(page.get_by_role("heading", level=2, name="There is a problem")).to_be_visible()
    page.get_by_label("How it went").fill(REFLECTION)
    page.get_by_role("button", name="Mark as practised").click()
    main = page.get_by_role("main")
    expect(main).to_contain_text("Marked practised.")
    expect(main.locator(".govuk-summary-list")).to_contain_text("Practised")
    check_page(page, "ect-step-practised")
    page.get_by_role("button", name="Sign out").click()

    # The tutor's view after: this week has one observation, dated, and no words from either of them.
    sign_in(page, TUTOR, PASSWORD)
    after = engagement_this_week(page, world["school"].pk, world["ect"].pk)
    assert after != before
    assert f"1: {today:%a} {today.day}" in after, after
    body = page.get_by_role("main").inner_text()
    for words in (TO_WORK_ON, RESPONSE, REFLECTION, "consistent signal", "Calm, warm start", "Year 4", "Maths"):
        assert words not in body
    check_page(page, "tutor-engagement")
