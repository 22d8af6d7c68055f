"""A person's data export: everything held about them, as a JSON download, audited."""

from __future__ import annotations

import json

import pytest

from ecfhub.audit.models import AuditEntry
from ecfhub.audit.services import record
from ecfhub.scheduling.models import Assignment


@pytest.fixture
def booked_ect(ect, other_ect, cohort):
    import datetime

    from django.utils import timezone

    from ecfhub.events.models import Session, TrainingEvent

    event = TrainingEvent.objects.create(
        cohort=cohort, kind="clinic", audience="ect", programme_year=1, order=1, title="Behaviour clinic"
    )
    starts = timezone.make_aware(datetime.datetime(2026, 3, 3, 15, 30))
    session = Session.objects.create(
        event=event, starts_at=starts, ends_at=starts + datetime.timedelta(hours=1), mode="online", capacity=20
    )
    Assignment.objects.create(participant=ect, event=event, session=session)
    Assignment.objects.create(participant=other_ect, event=event, session=session)
    return ect


def _download(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    return json.loads(response.content)


def test_a_participant_downloads_everything_held_about_them(client, booked_ect, mentor):
    record(actor=None, action="participant.registered", summary="Registered Erin Ect", target=booked_ect)
    client.force_login(booked_ect.user)
    assert "Download your data" in client.get("/account/my-data/").text
    data = _download(client.post("/account/my-data/"))

    assert data["person"]["email"] == "erin@riverside.test"
    assert data["roles"] == ["ect"]
    assert [p["trn"] for p in data["records"]["people.participant"]] == ["1000001"]
    assert len(data["records"]["scheduling.assignment"]) == 1
    assert data["records"]["people.mentorship"][0]["mentor_id"] == mentor.pk
    assert any(e["summary"] == "Registered Erin Ect" for e in data["audit_log"])


def test_the_export_holds_nobody_elses_records_and_no_secrets(client, booked_ect, other_ect):
    client.force_login(booked_ect.user)
    text = client.post("/account/my-data/").content.decode()
    assert "ed@oakfield.test" not in text and "1000002" not in text
    assert "password" not in text and "md5$" not in text


def test_outbox_messages_to_their_address_are_included(client, ect):
    from ecfhub.notifications.models import OutboundMessage

    OutboundMessage.objects.create(
        to="ERIN@riverside.test", kind="invitation", subject="Set up your account", body_text="Hi"
    )
    OutboundMessage.objects.create(to="ed@oakfield.test", kind="invitation", subject="Not Erin's", body_text="Hi")
    client.force_login(ect.user)
    data = _download(client.post("/account/my-data/"))
    subjects = [m["subject"] for m in data["messages_to_your_address"]["notifications.outboundmessage"]]
    assert subjects == ["Set up your account"]


def test_every_export_is_audited(client, ect, hub_admin):
    client.force_login(ect.user)
    client.post("/account/my-data/")
    client.force_login(hub_admin)
    _download(client.post(f"/manage/privacy/people/{ect.user.pk}/export/"))
    entries = AuditEntry.objects.filter(action="privacy.exported").order_by("id")
    assert [(e.actor, e.target_id) for e in entries] == [(ect.user, str(ect.user.pk)), (hub_admin, str(ect.user.pk))]
    assert "at their request" in entries[0].summary


def test_only_hub_admins_export_someone_else(client, tutor, ect):
    client.force_login(tutor)
    assert client.post(f"/manage/privacy/people/{ect.user.pk}/export/").status_code == 403
    assert not AuditEntry.objects.filter(action="privacy.exported").exists()


def test_an_export_needs_a_post_so_a_link_cannot_trigger_it(client, hub_admin, ect):
    client.force_login(hub_admin)
    assert client.get(f"/manage/privacy/people/{ect.user.pk}/export/").status_code == 405
