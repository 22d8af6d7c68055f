"""The audit log page: hub admins read it, nobody edits it."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from ecfhub.audit.models import AuditEntry
from ecfhub.audit.services import record


def test_a_hub_admin_sees_who_did_what(client, hub_admin, tutor):
    record(actor=tutor, action="participant.registered", summary="Registered Erin Ect at Riverside Primary")
    client.force_login(hub_admin)
    response = client.get("/manage/audit/")
    assert response.status_code == 200
    assert "Registered Erin Ect at Riverside Primary" in response.text
    assert "Tess Tutor &lt;tess@riverside.test&gt;" in response.text


@pytest.mark.parametrize("who", ["tutor", "facilitator"])
def test_other_roles_are_refused(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get("/manage/audit/").status_code == 403


def test_it_filters_by_action_actor_and_date(client, hub_admin, tutor):
    with time_machine.travel(datetime.datetime(2026, 1, 10, 12, tzinfo=datetime.UTC)):
        record(actor=tutor, action="participant.registered", summary="January registration")
    with time_machine.travel(datetime.datetime(2026, 3, 10, 12, tzinfo=datetime.UTC)):
        record(actor=tutor, action="participant.registered", summary="March registration")
        record(actor=None, action="assignment.moved", summary="March move by the scheduler")
    client.force_login(hub_admin)

    by_action = client.get("/manage/audit/", {"action": "assignment.moved"}).text
    assert "March move by the scheduler" in by_action and "March registration" not in by_action

    by_actor = client.get("/manage/audit/", {"actor": "tess"}).text
    assert "January registration" in by_actor and "March move" not in by_actor

    by_date = client.get("/manage/audit/", {"date_from": "2026-03-01", "date_to": "2026-03-31"}).text
    assert "March registration" in by_date and "January registration" not in by_date


def test_a_backwards_date_range_is_explained(client, hub_admin):
    client.force_login(hub_admin)
    response = client.get("/manage/audit/", {"date_from": "2026-03-01", "date_to": "2026-01-01"})
    assert response.status_code == 200
    assert "The “to” date must be on or after the “from” date." in response.text


def test_it_pages_long_logs_newest_first(client, hub_admin):
    for n in range(60):
        record(actor=None, action="test.entry", summary=f"Entry number {n:02d}")
    client.force_login(hub_admin)
    first = client.get("/manage/audit/").text
    assert "Entry number 59" in first and "Entry number 00" not in first
    second = client.get("/manage/audit/", {"page": 2}).text
    assert "Entry number 00" in second and "Entry number 59" not in second


def test_the_page_offers_no_way_to_change_anything(client, hub_admin):
    client.force_login(hub_admin)
    assert client.post("/manage/audit/").status_code == 405


def test_entries_cannot_be_changed_or_deleted(db):
    entry = record(actor=None, action="test.entry", summary="Written once")
    entry.summary = "Rewritten"
    with pytest.raises(PermissionDenied):
        entry.save()
    with pytest.raises(PermissionDenied):
        entry.delete()
    assert AuditEntry.objects.get().summary == "Written once"


def test_the_admin_shows_entries_read_only(client, hub_admin):
    entry = record(actor=None, action="test.entry", summary="Read only in the admin")
    client.force_login(hub_admin)
    assert client.get("/admin/audit/auditentry/").status_code == 200
    page = client.get(f"/admin/audit/auditentry/{entry.pk}/change/")
    assert page.status_code == 200
    assert 'name="summary"' not in page.text
    assert client.post(f"/admin/audit/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_the_log_names_actions_and_records_in_words_not_codes(client, hub_admin, tutor, ect):
    record(actor=tutor, action="participant.registered", summary="Registered Erin Ect", target=ect)
    record(actor=tutor, action="provider_file.confirmed", summary="Gone", details={})
    AuditEntry.objects.filter(action="provider_file.confirmed").update(
        target_type="leadprovider.providerfile", target_id="999"
    )
    client.force_login(hub_admin)
    page = client.get("/manage/audit/").text
    assert f"people.participant {ect.pk}" not in page
    assert "Participant registered · Participant: Erin Ect (ECT, 2025/26 cohort)" in page
    assert "Provider file confirmed · Lead provider&#x27;s file: no longer held" in page
    assert '<option value="provider_file.confirmed">Provider file confirmed</option>' in page


def test_the_privacy_page_counts_records_by_what_they_are(client, hub_admin, ect):
    client.force_login(hub_admin)
    page = client.get(f"/manage/privacy/people/{ect.user.pk}/").text
    assert "people.participant" not in page
    assert "Participant records" in page
