"""The audit log records what the issue lists — registration, pairing and status changes, exports,
erasure — with who and when, through the real pages; hub admins read it, nobody edits it."""

from __future__ import annotations

import datetime

from django.test import Client
from django.urls import reverse

from ecfhub.audit.models import AuditEntry
from ecfhub.people.models import Participant
from tests.security.world import HUB_ADMIN, TUTOR, World


def _as(world: World, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def test_a_tutors_registration_pairing_and_withdrawal_are_each_audited(world):
    tutor = _as(world, TUTOR)
    response = tutor.post(
        reverse("onboarding:register", kwargs={"school_id": world.school.pk}),
        {
            "full_name": "Rhys Newteacher",
            "email": "rhys@riverside.test",
            "trn": "1000009",
            "induction_start_date": "2025-09-03",
            "participant_type": "ect",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    rhys = Participant.objects.get(trn="1000009")
    tutor.post(
        reverse("onboarding:pair", kwargs={"participant_id": rhys.pk}),
        {"mentor": world.mentor.pk, "starts_on": "2025-09-10"},
    )
    tutor.post(
        reverse("onboarding:status", kwargs={"participant_id": rhys.pk, "action": "withdraw"}),
        {"on": datetime.date.today().isoformat(), "reason": "moved-school"},
    )
    actions = list(AuditEntry.objects.filter(actor=world.users[TUTOR]).values_list("action", flat=True))
    assert "participant.registered" in actions
    assert "mentorship.changed" in actions
    assert "participant.withdrawn" in actions

    log = _as(world, HUB_ADMIN).get(reverse("audit:log"), {"actor": "tess"}).content.decode()
    assert "Rhys Newteacher" in log and "Tess Tutor" in log


def test_exports_and_erasure_are_audited_and_visible_to_hub_admins(world):
    _as(world, "ect").post(reverse("privacy:mine"))
    admin = _as(world, HUB_ADMIN)
    admin.post(reverse("privacy:person_export", kwargs={"user_id": world.other_ect.user.pk}))
    Participant.objects.filter(pk=world.other_ect.pk).update(
        status="completed", status_changed_on=datetime.date(2015, 7, 1)
    )
    admin.post(reverse("privacy:person_anonymise", kwargs={"user_id": world.other_ect.user.pk}), {"confirm": "on"})
    assert AuditEntry.objects.filter(action="privacy.exported").count() == 2
    erased = AuditEntry.objects.get(action="privacy.anonymised")
    assert erased.actor == world.users[HUB_ADMIN]
    page = admin.get(reverse("audit:log"), {"action": "privacy.anonymised"}).content.decode()
    assert f"Former participant #{world.other_ect.user.pk}" in page


def test_nobody_can_change_the_log_through_the_admin(world):
    entry = AuditEntry.objects.create(action="test.entry", summary="Original")
    admin = _as(world, HUB_ADMIN)
    admin.post(reverse("admin:audit_auditentry_change", args=[entry.pk]), {"summary": "Rewritten"})
    admin.post(reverse("admin:audit_auditentry_delete", args=[entry.pk]), {"post": "yes"})
    assert AuditEntry.objects.get(pk=entry.pk).summary == "Original"
    assert admin.get(reverse("admin:audit_auditentry_add")).status_code == 403
