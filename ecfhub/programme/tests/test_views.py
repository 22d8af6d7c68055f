"""The hub admins' requirement rows page: every row, who it applies to, and changing its figures."""

from __future__ import annotations

import pytest

from ecfhub.audit.models import AuditEntry
from ecfhub.conftest import make_participant
from ecfhub.people.models import Participant
from ecfhub.programme.models import ProgrammeRequirement
from ecfhub.programme.queries import requirement_rows
from ecfhub.programme.services import get_or_create_cohort

pytestmark = pytest.mark.django_db

URL = "/manage/requirements/"


def counts() -> dict[tuple[int, str, str, str], int]:
    return {
        (r.requirement.cohort.start_year, r.requirement.participant_type, r.requirement.mentor_training,
         r.requirement.schedule_kind): r.people
        for r in requirement_rows()
    }  # fmt: skip


def test_each_row_counts_the_active_people_it_is_the_most_specific_row_for(ect, mentor, other_ect, school, cohort):
    trained = make_participant(email="tia@riverside.test", name="Tia Trained", school=school, cohort=cohort,
                               kind="mentor", trn="2000009")  # fmt: skip
    Participant.objects.filter(pk=trained.pk).update(mentor_training="trained")
    Participant.objects.filter(pk=other_ect.pk).update(status="deferred", status_reason="other")
    reduced = ProgrammeRequirement.objects.create(
        cohort=cohort, participant_type="ect", schedule_kind="reduced", clinics=3, conferences=1
    )
    found = counts()
    assert found[(2025, "ect", "", "")] == 1  # Erin; the deferred ECT is not counted
    assert found[(2025, "ect", "", "reduced")] == 0
    assert found[(2025, "mentor", "", "")] == 2  # Max and Ed's mentor, new to mentor training
    assert found[(2025, "mentor", "trained", "")] == 1  # Tia: the trained row, not the base one
    Participant.objects.filter(pk=ect.pk).update(schedule_identifier="ecf-reduced-september")
    assert counts()[(reduced.cohort.start_year, "ect", "", "reduced")] == 1


def test_the_page_lists_every_row_of_every_cohort_with_who_it_applies_to(client, hub_admin, ect):
    get_or_create_cohort(start_year=2026)
    client.force_login(hub_admin)
    html = client.get(URL).content.decode()
    assert html.count("2025/26") >= 4 and html.count("2026/27") >= 4
    assert "Already trained" in html and "1 person" in html
    assert html.count('href="/manage/requirements/') == ProgrammeRequirement.objects.count()


def test_a_hub_admin_changes_a_row_and_it_is_audited(client, hub_admin, cohort):
    row = ProgrammeRequirement.objects.get(cohort=cohort, participant_type="mentor", mentor_training="trained")
    client.force_login(hub_admin)
    response = client.post(f"{URL}{row.pk}/change/", {"clinics": "1", "conferences": "0"})
    assert response.status_code == 302 and response.url == URL
    row.refresh_from_db()
    assert (row.clinics, row.conferences) == (1, 0)
    entry = AuditEntry.objects.get(action="requirement.changed")
    assert entry.details == {"from": [0, 0], "to": [1, 0]}


def test_figures_outside_0_to_50_are_refused_with_a_message_and_nothing_changes(client, hub_admin, cohort):
    row = ProgrammeRequirement.objects.get(cohort=cohort, participant_type="ect", mentor_training="", schedule_kind="")
    client.force_login(hub_admin)
    html = client.post(f"{URL}{row.pk}/change/", {"clinics": "51", "conferences": ""}).content.decode()
    assert "Enter a whole number from 0 to 50." in html and "Enter how many conferences, or 0." in html
    row.refresh_from_db()
    assert (row.clinics, row.conferences) == (6, 3)
    assert not AuditEntry.objects.filter(action="requirement.changed").exists()


def test_the_page_runs_the_same_queries_for_one_cohort_or_four(client, hub_admin, ect, django_assert_num_queries):
    client.force_login(hub_admin)
    client.get(URL)  # warm the session and the hub settings
    with django_assert_num_queries(7) as one:  # session, account, hub settings, menus; the rows and the counts
        client.get(URL)
    for year in (2022, 2023, 2024):
        cohort = get_or_create_cohort(start_year=year)
        for n in range(3):
            make_participant(email=f"p{year}{n}@riverside.test", name=f"P {year} {n}", school=ect.school,
                             cohort=cohort, kind="ect" if n else "mentor", trn=f"3{year}{n:02d}")  # fmt: skip
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(URL)
