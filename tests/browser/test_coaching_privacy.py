"""Journey: a new mentor, with the hub's setting *A new mentor can read the ECT's earlier coaching* off,
meets none of the earlier mentor's words on the learning pages or the new-meeting form (issue 26).

The earlier pair's records are made through the services, then the tutor's replacement through
onboarding's `change_mentor`, as in the coaching journey."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.building import local_today
from tests.browser.conftest import PASSWORD
from tests.browser.support import check_page, follow_menu_link, sign_in
from tests.browser.test_journey_coaching import a_demo_pair

NEW_MENTOR = "nina@demo.ecfhub.test"
EARLIER_WORDS = ("Maya's note on the plenary", "Maya's step: cold call twice", "Maya's meeting about seating")


def earlier_coaching_then_a_new_mentor(world: dict) -> None:  # type: ignore[type-arg]
    import datetime

    from ecfhub.conftest import make_participant
    from ecfhub.learning.models import LearningSettings
    from ecfhub.learning.services import record_meeting, record_observation, set_action_step
    from ecfhub.onboarding.services.participants import change_mentor
    from ecfhub.people.models import User

    ect = world["ect"]
    maya = ect.current_mentorship().mentor
    today = local_today()
    observation = record_observation(
        ect=ect,
        mentor=maya,
        values={
            "observed_on": today,
            "class_or_year_group": "Year 5",
            "went_well": "Calm start.",
            "to_work_on": EARLIER_WORDS[0],
        },
        actor=maya.user,
    )
    set_action_step(
        ect=ect,
        mentor=maya,
        values={
            "step": EARLIER_WORDS[1],
            "success_looks_like": "Every pupil answers",
            "check_back_on": today + datetime.timedelta(days=7),
        },
        observation=observation,
        actor=maya.user,
    )
    record_meeting(ect=ect, mentor=maya, values={"met_on": today, "notes": EARLIER_WORDS[2]}, actor=maya.user)
    nina = make_participant(
        email=NEW_MENTOR, name="Nina New", school=world["school"], cohort=ect.cohort, kind="mentor", trn="2000002"
    )
    nina.user.set_password(PASSWORD)
    nina.user.save()
    change_mentor(ect=ect, mentor=nina, on=today, actor=User.objects.get(email="tutor@demo.ecfhub.test"))
    row = LearningSettings.load()
    row.new_mentor_reads_history = False
    row.save()


def test_a_new_mentor_sees_nothing_the_earlier_mentor_wrote_when_the_hub_keeps_it_private(page, site):  # type: ignore[no-untyped-def]
    world = a_demo_pair()
    earlier_coaching_then_a_new_mentor(world)
    ect = world["ect"]

    sign_in(page, NEW_MENTOR, PASSWORD)
    follow_menu_link(page, "Learning")
    expect(page.get_by_role("heading", level=1)).to_have_text("Learning")
    pages = {"learning": page.get_by_role("main").inner_text()}
    page.goto(f"/learning/ects/{ect.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Coaching: Ella Ect")
    expect(page.get_by_role("main")).to_contain_text("Nothing recorded yet.")
    pages["timeline"] = page.get_by_role("main").inner_text()
    page.get_by_role("link", name="Record a meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a meeting")
    check_page(page, "new-mentor-meeting-form")
    pages["new meeting"] = page.get_by_role("main").inner_text()
    for name, text in pages.items():
        for words in EARLIER_WORDS:
            assert words not in text, (name, words)
