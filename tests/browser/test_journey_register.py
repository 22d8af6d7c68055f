"""Journey: a facilitator takes a register on a phone (375 px) straight after the session; the ECT's
progress on "My programme" and their induction tutor's school page change with it.

The hub's records (a cohort, a school, two ECTs placed on a session that has just ended) are made
through the ORM: the pages that make them are walked by the onboarding and scheduling journeys."""

from __future__ import annotations

import datetime

from playwright.sync_api import expect

from tests.browser.building import sign_out
from tests.browser.conftest import PASSWORD
from tests.browser.support import check_page, sign_in

PHONE = {"width": 375, "height": 800}


def a_session_that_has_just_ended() -> dict:  # type: ignore[type-arg]
    from django.utils import timezone

    from ecfhub.conftest import make_participant
    from ecfhub.events.models import Session, TrainingEvent
    from ecfhub.people.models import School, User
    from ecfhub.programme.models import cohort_start_year_for
    from ecfhub.programme.services import get_or_create_cohort
    from ecfhub.scheduling.models import Assignment

    now = timezone.now().replace(second=0, microsecond=0)
    cohort = get_or_create_cohort(start_year=cohort_start_year_for(timezone.localdate()))
    school = School.objects.create(urn="100001", name="Riverside Primary", town="Norwich")
    tutor = User.objects.create_user(email="tess@riverside.test", password=PASSWORD, full_name="Tess Tutor")
    school.induction_tutors.add(tutor)
    fred = User.objects.create_user(
        email="fred@hub.test", password=PASSWORD, full_name="Fred Facilitator", is_facilitator=True
    )
    erin = make_participant(
        email="erin@riverside.test", name="Erin Ect", school=school, cohort=cohort, kind="ect", trn="1000001"
    )
    ivy = make_participant(
        email="ivy@riverside.test", name="Ivy Ect", school=school, cohort=cohort, kind="ect", trn="1000002"
    )
    for person in (erin, ivy):
        person.user.set_password(PASSWORD)
        person.user.save()
    event = TrainingEvent.objects.create(
        cohort=cohort, kind="clinic", audience="ect", programme_year=1, order=1, title="Routines that work"
    )
    session = Session.objects.create(
        event=event,
        starts_at=now - datetime.timedelta(hours=1, minutes=30),
        ends_at=now - datetime.timedelta(minutes=30),
        mode="online",
        joining_url="https://meet.example.com/routines",
        capacity=20,
    )
    session.facilitators.add(fred)
    for person in (erin, ivy):
        Assignment.objects.create(participant=person, event=event, session=session)
    return {"erin": erin, "ivy": ivy, "session": session, "school": school}


def test_a_facilitator_takes_a_register_on_a_phone_and_progress_follows(page, site) -> None:
    world = a_session_that_has_just_ended()
    page.set_viewport_size(PHONE)

    # Before: Erin has attended nothing yet.
    sign_in(page, "erin@riverside.test", PASSWORD)
    page.goto("/my/")
    expect(page.get_by_role("main")).to_contain_text("Clinics 0 of 6")
    sign_out(page)

    sign_in(page, "fred@hub.test", PASSWORD)
    page.goto("/registers/")
    check_page(page, "facilitator-registers-to-take")
    page.get_by_role("link", name="Routines that work", exact=False).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Routines that work")
    check_page(page, "register-before")

    page.get_by_role("button", name="Mark everyone present", exact=False).click()
    main = page.get_by_role("main")
    expect(main).to_contain_text("Marked 2 people present.")
    expect(main).to_contain_text("0 not marked yet")

    # One tap changes Ivy to absent; the page comes back to her row with her mark.
    page.get_by_role("button", name="Absent for Ivy Ect").click()
    expect(main).to_contain_text("Ivy Ect: absent.")
    expect(page.get_by_role("button", name="Absent for Ivy Ect")).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("button", name="Present for Erin Ect")).to_have_attribute("aria-pressed", "true")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width
    check_page(page, "register-taken")
    sign_out(page)

    # Erin's progress now counts the clinic.
    sign_in(page, "erin@riverside.test", PASSWORD)
    page.goto("/my/")
    expect(page.get_by_role("main")).to_contain_text("Clinics 1 of 6")
    check_page(page, "ect-progress-after-register")
    sign_out(page)

    # The tutor sees both: Erin's clinic, and Ivy's missed session.
    sign_in(page, "tess@riverside.test", PASSWORD)
    page.goto(f"/schools/{world['school'].pk}/progress/")
    main = page.get_by_role("main")
    expect(main.get_by_role("row", name="Erin Ect", exact=False)).to_contain_text("Clinics 1 of 6")
    expect(main.get_by_role("row", name="Erin Ect", exact=False).locator(".govuk-tag")).to_have_text("On track")
    # Ivy's only session so far was missed: 75% can no longer be reached before the next declaration.
    expect(main.get_by_role("row", name="Ivy Ect", exact=False).locator(".govuk-tag")).to_have_text("Behind")
    expect(main).to_contain_text("Ivy Ect missed Routines that work")
    page.get_by_text("Why behind", exact=False).click()
    expect(main).to_contain_text("75% engagement can no longer be reached before the")
    check_page(page, "tutor-school-progress")


def test_a_facilitator_fills_a_register_from_the_meeting_report_and_the_hub_reads_it(page, site, hub_admin) -> None:
    from django.utils import timezone

    world = a_session_that_has_just_ended()
    session = world["session"]
    start = timezone.localtime(session.starts_at)
    at = lambda minutes: (start + datetime.timedelta(minutes=minutes)).strftime("%Y-%m-%d %H:%M")  # noqa: E731
    report = (
        "Name,Email,Join time,Leave time\n"
        f"Erin Ect,erin@riverside.test,{at(-2)},{at(30)}\n"
        f"Erin Ect,erin@riverside.test,{at(32)},{at(60)}\n"
        f"Ivy on her phone,,{at(0)},{at(20)}\n"
    )
    page.set_viewport_size(PHONE)
    sign_in(page, "fred@hub.test", PASSWORD)
    page.goto(f"/registers/sessions/{session.pk}/")
    page.get_by_role("link", name="Fill the register from the meeting's attendance report").click()
    check_page(page, "meeting-report-upload")
    page.get_by_label("The meeting's attendance report (CSV)").set_input_files(
        files=[{"name": "report.csv", "mimeType": "text/csv", "buffer": report.encode()}]
    )
    page.get_by_role("button", name="Check the report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the report before saving")
    main = page.get_by_role("main")
    expect(main).to_contain_text("Not matched (1)")
    expect(main).to_contain_text("joined 2 times")
    check_page(page, "meeting-report-preview")
    page.get_by_label("Ivy on her phone", exact=False).select_option(label="Ivy Ect")
    page.get_by_role("button", name="Save the register").click()
    expect(main).to_contain_text("Register saved from the attendance report: 2 marks changed.")
    expect(page.get_by_role("button", name="Present for Erin Ect")).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("button", name="Left early for Ivy Ect")).to_have_attribute("aria-pressed", "true")
    sign_out(page)

    page.set_viewport_size({"width": 1024, "height": 800})
    sign_in(page, "hana@hub.test", PASSWORD)
    page.goto("/manage/attendance/")
    main = page.get_by_role("main")
    expect(main).to_contain_text("Routines that work")
    expect(main).to_contain_text("2 of 20 (10%)")
    check_page(page, "hub-attendance")


def test_a_facilitator_fills_a_register_from_a_teams_report_then_a_zoom_report_as_each_tool_exports_them(
    page, site
) -> None:
    from django.utils import timezone

    from ecfhub.attendance.tests.meeting_reports import Stay, teams_report, zoom_report

    world = a_session_that_has_just_ended()
    session = world["session"]
    start = timezone.localtime(session.starts_at).replace(tzinfo=None)
    at = lambda minutes: start + datetime.timedelta(minutes=minutes)  # noqa: E731
    fred = Stay("Fred Facilitator", "fred@hub.test", at(-5), at(62), role="Organizer")
    erin = [
        Stay("Erin Ect", "erin@riverside.test", at(-1), at(25)),
        Stay("Erin Ect", "erin@riverside.test", at(28), at(60)),
    ]
    ivy = Stay("Ivy Ect", "ivy@riverside.test", at(2), at(40))
    # Teams: UTF-16 with a byte-order mark, tabs, its three sections, US dates ("12/4/25, 3:31:22 PM").
    teams = teams_report([fred, *erin, ivy], title="Routines that work")

    sign_in(page, "fred@hub.test", PASSWORD)
    page.goto(f"/registers/sessions/{session.pk}/")
    page.get_by_role("link", name="Fill the register from the meeting's attendance report").click()
    field = page.get_by_label("The meeting's attendance report (CSV)")
    field.set_input_files(
        files=[{"name": "Routines that work - Attendance report.csv", "mimeType": "text/csv", "buffer": teams}]
    )
    page.get_by_role("button", name="Check the report").click()
    main = page.get_by_role("main")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the report before saving")
    expect(main).to_contain_text("Read as a Microsoft Teams attendance report (UTF-16, tab-separated).")
    expect(main).to_contain_text("Matched (2)")
    expect(main).not_to_contain_text("Not matched")
    expect(main.get_by_role("listitem").filter(has_text="Fred Facilitator")).to_contain_text(": Facilitator")
    expect(main.get_by_role("row", name="Erin Ect", exact=False)).to_contain_text("joined 2 times")
    check_page(page, "meeting-report-teams-preview")
    page.get_by_role("button", name="Save the register").click()
    expect(main).to_contain_text("Register saved from the attendance report: 2 marks changed.")
    expect(page.get_by_role("button", name="Present for Erin Ect")).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("button", name="Left early for Ivy Ect")).to_have_attribute("aria-pressed", "true")

    # Zoom's report of the same meeting shows Ivy came back after her connection dropped: US dates
    # ("12/04/2025 03:31:22 PM"), the meeting's row above naming Fred as host.
    ivy_again = [ivy, Stay("Ivy Ect (Ivy's iPad)", "ivy@riverside.test", at(41), at(60))]
    zoom = zoom_report([fred, *erin, *ivy_again], topic="Routines that work", host_email="fred@hub.test")
    page.get_by_role("link", name="Fill the register from the meeting's attendance report").click()
    field.set_input_files(files=[{"name": "participants_85218486288.csv", "mimeType": "text/csv", "buffer": zoom}])
    page.get_by_role("button", name="Check the report").click()
    expect(main).to_contain_text("Read as a Zoom participants report (UTF-8, comma-separated).")
    expect(main).to_contain_text("Matched (2)")
    expect(main).not_to_contain_text("Not matched")
    expect(main.get_by_role("listitem").filter(has_text="Fred Facilitator")).to_contain_text(": Facilitator")
    expect(main.get_by_role("row", name="Ivy Ect", exact=False)).to_contain_text("joined 2 times")
    check_page(page, "meeting-report-zoom-preview")
    page.get_by_role("button", name="Save the register").click()
    expect(main).to_contain_text("Register saved from the attendance report: 1 marks changed.")
    expect(page.get_by_role("button", name="Present for Ivy Ect")).to_have_attribute("aria-pressed", "true")
