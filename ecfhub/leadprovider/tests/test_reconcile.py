"""The reconciliation: each kind of difference, and confirming the hub's decisions in one audited transaction."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from ecfhub.audit.models import AuditEntry
from ecfhub.leadprovider.reading import read_file
from ecfhub.leadprovider.services import confirm_file, store_file
from ecfhub.leadprovider.tests.files import csv_bytes, pid, row
from ecfhub.lib.errors import DomainError
from ecfhub.people.models import Participant, TrainingStatusChange

pytestmark = pytest.mark.django_db


def everyone_as_we_have_them() -> list[dict[str, str]]:
    # Max (mentor) and Erin (ECT) at Riverside; Olga (mentor) and Ed (ECT) at Oakfield.
    return [
        row(participant_id=pid(1), teacher_reference_number="1000001", school_urn="100001", mentor_id=pid(2)),
        row(participant_id=pid(2), teacher_reference_number="2000001", participant_type="mentor", school_urn="100001"),
        row(participant_id=pid(3), teacher_reference_number="1000002", school_urn="100002", mentor_id=pid(4)),
        row(participant_id=pid(4), teacher_reference_number="2000002", participant_type="mentor", school_urn="100002"),
    ]


@pytest.fixture
def everyone(ect, mentor, other_ect, other_mentor):  # type: ignore[no-untyped-def]
    return {"erin": ect, "max": mentor, "ed": other_ect, "olga": other_mentor}


def upload(rows, actor):  # type: ignore[no-untyped-def]
    read = read_file(csv_bytes(rows))
    assert read.ok, read.problems
    return store_file(read=read, filename="provider.csv", actor=actor)


def kinds(provider_file) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(d["kind"], d["name"]) for d in provider_file.differences]


def test_a_file_that_matches_our_records_has_no_differences(everyone, hub_admin):
    assert upload(everyone_as_we_have_them(), hub_admin).differences == []


def test_someone_only_the_provider_has_is_missing_here(everyone, hub_admin):
    rows = [
        *everyone_as_we_have_them(),
        row(participant_id=pid(9), teacher_reference_number="1000099", full_name="New Person"),
    ]
    assert kinds(upload(rows, hub_admin)) == [("missing_here", "New Person")]


def test_someone_only_we_have_is_missing_there(everyone, hub_admin):
    rows = everyone_as_we_have_them()[:3]
    rows[2] = {**rows[2], "mentor_id": ""}  # the provider does not say who mentors Ed
    assert kinds(upload(rows, hub_admin)) == [("missing_there", "Olga Mentor")]


def test_a_different_status_school_schedule_and_mentor_are_each_found(everyone, hub_admin):
    rows = everyone_as_we_have_them()
    rows[0] = {**rows[0], "training_status": "deferred", "deferral_reason": "parental-leave"}
    rows[1] = {**rows[1], "school_urn": "100002"}
    rows[2] = {**rows[2], "schedule_identifier": "ecf-reduced-january", "mentor_id": pid(2)}
    found = upload(rows, hub_admin).differences
    by_kind = {d["kind"]: d for d in found}
    assert set(by_kind) == {"status", "school", "schedule", "mentor"}
    assert by_kind["status"]["theirs"] == "Deferred (parental-leave)" and by_kind["status"]["ours"] == "Active"
    assert (by_kind["school"]["ours"], by_kind["school"]["theirs"]) == ("URN 100001", "URN 100002")
    assert by_kind["schedule"]["theirs"] == "ecf-reduced-january"
    assert (by_kind["mentor"]["ours"], by_kind["mentor"]["theirs"]) == ("Olga Mentor", "Max Mentor")


def test_a_school_we_do_not_have_cannot_be_accepted(everyone, hub_admin):
    rows = everyone_as_we_have_them()
    rows[0] = {**rows[0], "school_urn": "999999"}
    (difference,) = upload(rows, hub_admin).differences
    assert not difference["can_accept"] and "add the school first" in difference["note"]


@time_machine.travel(datetime.datetime(2025, 9, 8, 9, 0), tick=False)
def test_accepted_differences_change_our_records_together_and_the_rest_stay(everyone, hub_admin):
    rows = everyone_as_we_have_them()
    rows[0] = {**rows[0], "training_status": "deferred", "deferral_reason": "parental-leave"}
    rows[2] = {**rows[2], "schedule_identifier": "ecf-reduced-january"}
    rows[3] = {**rows[3], "training_status": "withdrawn", "withdrawal_reason": "moved-school"}
    provider_file = upload(rows, hub_admin)
    numbers = {d["name"]: d["n"] for d in provider_file.differences}
    confirm_file(
        provider_file=provider_file,
        accepted=[numbers["Erin Ect"], numbers["Ed Ect"]],
        sha256=provider_file.sha256,
        actor=hub_admin,
    )
    erin, ed, olga = (Participant.objects.get(pk=everyone[k].pk) for k in ("erin", "ed", "olga"))
    assert (erin.status, erin.status_reason) == ("deferred", "parental-leave")
    assert ed.schedule_identifier == "ecf-reduced-january"
    assert olga.status == "active"  # rejected
    assert TrainingStatusChange.objects.get(participant=erin).source == "lead provider"
    assert erin.provider_participant_id == pid(1) and olga.provider_participant_id == pid(4)
    provider_file.refresh_from_db()
    assert provider_file.status == "confirmed" and provider_file.rows == []
    entry = AuditEntry.objects.get(action="provider_file.confirmed")
    assert entry.details["by_kind"] == {"status": 1, "schedule": 1}
    assert AuditEntry.objects.filter(action="participant.schedule_changed").count() == 1


@time_machine.travel(datetime.datetime(2025, 9, 8, 9, 0), tick=False)
def test_one_change_that_fails_saves_nothing(everyone, hub_admin):
    rows = everyone_as_we_have_them()
    rows[0] = {**rows[0], "schedule_identifier": "ecf-extended-september"}
    rows[2] = {**rows[2], "mentor_id": pid(2)}  # Max is at Riverside, Ed at Oakfield: a pairing across schools
    provider_file = upload(rows, hub_admin)
    with pytest.raises(DomainError) as refused:
        confirm_file(
            provider_file=provider_file,
            accepted=[d["n"] for d in provider_file.differences],
            sha256=provider_file.sha256,
            actor=hub_admin,
        )
    assert "Nothing was saved" in refused.value.message
    assert Participant.objects.get(pk=everyone["erin"].pk).schedule_identifier == "ecf-standard-september"
    provider_file.refresh_from_db()
    assert provider_file.status == "checked"


def test_a_file_is_confirmed_once_and_only_while_our_records_are_as_reviewed(everyone, hub_admin):
    rows = everyone_as_we_have_them()
    rows[0] = {**rows[0], "schedule_identifier": "ecf-extended-september"}
    provider_file = upload(rows, hub_admin)
    Participant.objects.filter(pk=everyone["erin"].pk).update(schedule_identifier="ecf-reduced-september")
    with pytest.raises(DomainError) as changed:
        confirm_file(provider_file=provider_file, accepted=[1], sha256=provider_file.sha256, actor=hub_admin)
    assert changed.value.code == "records_changed"
    Participant.objects.filter(pk=everyone["erin"].pk).update(schedule_identifier="ecf-standard-september")
    with pytest.raises(DomainError) as other_file:
        confirm_file(provider_file=provider_file, accepted=[1], sha256="0" * 64, actor=hub_admin)
    assert other_file.value.code == "stale_preview"
    confirm_file(provider_file=provider_file, accepted=[1], sha256=provider_file.sha256, actor=hub_admin)
    with pytest.raises(DomainError) as again:
        confirm_file(provider_file=provider_file, accepted=[1], sha256=provider_file.sha256, actor=hub_admin)
    assert again.value.code == "already_confirmed"


def test_finding_the_differences_takes_the_same_queries_for_more_people(everyone, hub_admin, django_assert_num_queries):
    from ecfhub.leadprovider.reconcile import find_differences

    rows = read_file(csv_bytes(everyone_as_we_have_them())).rows
    with django_assert_num_queries(3):
        find_differences(rows)
