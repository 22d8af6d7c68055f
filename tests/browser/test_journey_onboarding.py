"""Journeys 1 and 2: a hub admin adds a school and its induction tutor; the tutor sets up an account
from the invitation e-mail, registers a mentor by form and an ECT by CSV upload, and pairs them; the
ECT then opens their own invitation, sets a password (keyboard only) and sees their programme.

Everything goes through the pages, from an empty database: only the hub admin is made directly."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

from tests.browser.building import set_up_link, this_september
from tests.browser.conftest import PASSWORD
from tests.browser.support import check_page, fill_date, is_focused, press_and_follow, sign_in, tab_to

TUTOR_PASSWORD = "tutors-own-passphrase-31"
ECT_PASSWORD = "ects-own-passphrase-58"


def hub_admin_adds_riverside(page) -> None:
    sign_in(page, "hana@hub.test", PASSWORD)
    page.get_by_role("link", name="Manage programme").click()
    page.get_by_role("link", name="Schools and participants").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Schools and participants")
    check_page(page, "admin-schools-empty")

    page.get_by_role("button", name="Add a school").click()
    check_page(page, "add-school")
    page.get_by_role("button", name="Add the school").click()
    expect(page.get_by_role("alert")).to_be_visible()
    check_page(page, "add-school-empty")

    page.get_by_label("URN").fill("12345")
    page.get_by_label("School name").fill("Riverside Primary")
    page.get_by_label("Town").fill("Norwich")
    page.get_by_label("Induction tutor's full name").fill("Tess Tutor")
    page.get_by_label("Induction tutor's e-mail address").fill("tess@riverside")
    page.get_by_role("button", name="Add the school").click()
    expect(page.get_by_role("alert")).to_be_visible()
    check_page(page, "add-school-invalid")

    page.get_by_label("URN").fill("100001")
    page.get_by_label("Induction tutor's e-mail address").fill("tess@riverside.test")
    page.get_by_role("button", name="Add the school").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Riverside Primary")
    expect(page.get_by_role("alert")).to_contain_text("We have e-mailed tess@riverside.test")
    check_page(page, "school-added")
    page.get_by_role("button", name="Sign out").click()


def tutor_sets_up_their_account(page, link: str) -> None:
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your account")
    check_page(page, "tutor-set-up")

    page.get_by_label("Your full name").fill("")
    page.get_by_role("button", name="Set up my account").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter your full name.")
    check_page(page, "tutor-set-up-empty")

    page.get_by_label("Your full name").fill("Tess Tutor")
    page.get_by_label("Choose a password").fill(TUTOR_PASSWORD)
    page.get_by_label("Type the password again").fill("something-else-entirely")
    page.get_by_role("button", name="Set up my account").click()
    expect(page.get_by_role("alert")).to_contain_text("The two passwords are different")
    check_page(page, "tutor-set-up-mismatch")

    page.get_by_label("Choose a password").fill(TUTOR_PASSWORD)
    page.get_by_label("Type the password again").fill(TUTOR_PASSWORD)
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Set up my account").click()
    expect(page.get_by_text("Signed in as")).to_contain_text("Tess Tutor")
    check_page(page, "tutor-my-programme")


def tutor_registers_a_mentor_by_form(page) -> None:
    page.get_by_role("link", name="My schools").click()
    check_page(page, "tutor-my-schools")
    page.get_by_role("link", name="Riverside Primary").click()
    check_page(page, "tutor-school-empty")

    page.get_by_role("button", name="Register an ECT or mentor").click()
    check_page(page, "register")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter their full name.")
    check_page(page, "register-empty")

    page.get_by_label("Full name").fill("Max Mentor")
    page.get_by_label("E-mail address").fill("max@riverside.test")
    page.get_by_label("Teacher reference number (TRN)").fill("12-34")
    fill_date(page, "Start date", this_september())
    page.get_by_label("Mentor", exact=True).check()
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("alert")).to_contain_text("TRN")
    check_page(page, "register-bad-trn")

    page.get_by_label("Teacher reference number (TRN)").fill("2000001")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Riverside Primary")
    expect(page.get_by_role("table", name=re.compile("Mentors"))).to_contain_text("Max Mentor")
    check_page(page, "school-with-mentor")


def tutor_registers_an_ect_by_csv(page, tmp_path: Path) -> None:
    start = this_september().strftime("%d/%m/%Y")
    bad = tmp_path / "riverside-with-a-mistake.csv"
    bad.write_text(
        f"Full name,E-mail address,TRN,Induction start date,Type\nErin Ect,erin@riverside.test,10001,{start},ECT\n"
    )
    good = tmp_path / "riverside.csv"
    good.write_text(
        f"Full name,E-mail address,TRN,Induction start date,Type\nErin Ect,erin@riverside.test,1000001,{start},ECT\n"
    )

    page.get_by_role("button", name="Register several from a CSV file").click()
    check_page(page, "csv-upload")
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("alert")).to_be_visible()
    check_page(page, "csv-upload-no-file")

    page.get_by_label("Upload a CSV file").set_input_files(str(bad))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Problems in the file")
    expect(page.get_by_role("table")).to_contain_text("TRN")
    check_page(page, "csv-problems")

    page.get_by_label("Upload a CSV file").set_input_files(str(good))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check and confirm 1 participant")
    check_page(page, "csv-preview")

    page.get_by_role("button", name="Confirm and register 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("1 participant registered")
    check_page(page, "csv-saved")
    page.get_by_role("link", name="See everyone at Riverside Primary").click()
    expect(page.get_by_role("table", name=re.compile("ECTs"))).to_contain_text("Erin Ect")


def tutor_pairs_them(page) -> None:
    page.get_by_role("link", name="Choose a mentor for Erin Ect").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a mentor")
    check_page(page, "pair")
    page.get_by_role("button", name="Save mentor").click()
    expect(page.get_by_role("alert")).to_be_visible()
    check_page(page, "pair-empty")

    page.get_by_label("Mentor", exact=True).select_option(label="Max Mentor")
    page.get_by_role("button", name="Save mentor").click()
    expect(page.get_by_role("alert")).to_contain_text("Max Mentor now mentors Erin Ect.")
    check_page(page, "participant-paired")


def test_a_hub_admin_adds_a_school_and_its_tutor_registers_and_pairs_an_ect_and_a_mentor(
    page, site, hub_admin, mailbox, tmp_path
):
    hub_admin_adds_riverside(page)
    tutor_sets_up_their_account(page, set_up_link(mailbox, "tess@riverside.test"))
    tutor_registers_a_mentor_by_form(page)
    tutor_registers_an_ect_by_csv(page, tmp_path)
    tutor_pairs_them(page)

    page.get_by_role("link", name="My schools").click()
    page.get_by_role("link", name="Riverside Primary").click()
    expect(page.get_by_role("table", name=re.compile("ECTs"))).to_contain_text("Max Mentor")
    check_page(page, "school-paired")

    # Journey 2 (in the same database, since the ECT must first be registered through the pages):
    # the ECT opens their invitation and sets up their account with the keyboard alone.
    ect_sets_up_their_account_by_keyboard(page, set_up_link(mailbox, "erin@riverside.test"))


def ect_sets_up_their_account_by_keyboard(page, link: str) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your account")
    check_page(page, "ect-set-up")

    name = page.get_by_label("Your full name")
    tab_to(page, name)
    expect(name).to_have_value("Erin Ect")
    tab_to(page, page.get_by_label("Choose a password"))
    page.keyboard.type(ECT_PASSWORD)
    tab_to(page, page.get_by_label("Type the password again"))
    page.keyboard.type(ECT_PASSWORD)
    privacy = page.get_by_label("I have read the privacy notice")
    tab_to(page, privacy)
    page.keyboard.press("Space")
    expect(privacy).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Set up my account"))
    press_and_follow(page, "Enter")

    expect(page.get_by_text("Signed in as")).to_contain_text("Erin Ect")
    main = page.get_by_role("main")
    expect(main).to_contain_text("Riverside Primary")
    expect(main).to_contain_text("Max Mentor")
    check_page(page, "ect-my-programme")

    # The programme, from the menu, by keyboard too.
    tab_to(page, page.get_by_role("link", name="Participants' area"))
    press_and_follow(page, "Enter")
    expect(page.get_by_role("table", name=re.compile("Training events"))).to_be_visible()
    check_page(page, "ect-participants-area")

    # Signing back in later, by keyboard.
    tab_to(page, page.get_by_role("button", name="Sign out"))
    press_and_follow(page, "Enter")
    tab_to(page, page.get_by_role("banner").get_by_role("link", name="Sign in"))
    press_and_follow(page, "Enter")
    email = page.get_by_label("E-mail address")
    if not is_focused(email):
        tab_to(page, email)
    page.keyboard.type("erin@riverside.test")
    tab_to(page, page.get_by_label("Password"))
    page.keyboard.type(ECT_PASSWORD)
    tab_to(page, page.get_by_role("button", name="Sign in"))
    press_and_follow(page, "Space")
    expect(page.get_by_text("Signed in as")).to_contain_text("Erin Ect")
