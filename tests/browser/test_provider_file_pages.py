"""The lead provider's participant file: upload, problems by row, the differences and the confirm pass the checks."""

from __future__ import annotations

import datetime

from playwright.sync_api import expect

from ecfhub.leadprovider.tests.files import csv_bytes, pid, row
from ecfhub.people.models import Participant, School, User
from ecfhub.programme.services import get_or_create_cohort
from tests.browser.conftest import PASSWORD
from tests.browser.support import check_page, sign_in


def test_reconciling_a_provider_file_passes_the_checks(page, site, hub_admin, tmp_path):
    school = School.objects.create(urn="100001", name="Riverside Primary")
    Participant.objects.create(
        user=User.objects.create_user(email="erin@riverside.test", full_name="Erin Ect"),
        school=school,
        cohort=get_or_create_cohort(start_year=2025),
        participant_type="ect",
        trn="1000001",
        induction_start_date=datetime.date(2025, 9, 3),
    )
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes([row(teacher_reference_number="12")]))
    good = tmp_path / "provider.csv"
    good.write_bytes(
        csv_bytes(
            [
                row(participant_id=pid(1), schedule_identifier="ecf-standard-january"),
                row(participant_id=pid(2), teacher_reference_number="1000002", full_name="Nia New"),
            ]
        )
    )

    sign_in(page, "hana@hub.test", PASSWORD)
    page.goto("/manage/")
    page.get_by_role("link", name="Lead provider's participant file").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reconcile the lead provider's participant file")
    check_page(page, "provider-file-upload")

    page.get_by_label("Upload the lead provider's participant file").set_input_files(str(bad))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Problems in the file")
    check_page(page, "provider-file-problems")

    page.get_by_label("Upload the lead provider's participant file").set_input_files(str(good))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("provider.csv")
    expect(page.get_by_text("Schedule differs (1)")).to_be_visible()
    check_page(page, "provider-file-differences")

    page.get_by_label("Erin Ect", exact=False).check()
    page.get_by_role("button", name="Confirm these decisions").click()
    expect(page.get_by_role("alert")).to_contain_text("Confirmed: accepted 1 difference")
    check_page(page, "provider-file-confirmed")
    assert Participant.objects.get(trn="1000001").schedule_identifier == "ecf-standard-january"
