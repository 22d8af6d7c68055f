"""Changes to the term calendar go through terms.services, which audits them (from the page and the admin)."""

import datetime

import pytest

from ecfhub.audit.models import AuditEntry
from ecfhub.events.tests.factories import make_event, make_session
from ecfhub.lib.errors import DomainError
from ecfhub.terms.models import ClosureDay, HalfTerm
from ecfhub.terms.services import add_closure_day

URL = "/manage/terms/closure-days/add/"


def test_a_closure_day_added_on_the_page_is_audited(client, hub_admin, calendar_2025):
    client.force_login(hub_admin)
    response = client.post(URL, {"date": "2026-02-02", "reason": "Trust INSET"}, follow=True)
    assert "Closure day added" in response.text
    closure = ClosureDay.objects.get(date=datetime.date(2026, 2, 2))
    entry = AuditEntry.objects.get(action="closure_day.added")
    assert entry.actor == hub_admin and entry.target_id == str(closure.pk) and "Trust INSET" in entry.summary


def test_the_page_warns_about_sessions_already_on_a_new_closure_day(client, hub_admin, calendar_2025, cohort):
    make_session(make_event(cohort, title="Routines that work"), datetime.date(2026, 2, 3))
    client.force_login(hub_admin)
    response = client.post(URL, {"date": "2026-02-03", "reason": "Trust INSET"}, follow=True)
    assert "1 session is already on that day (Routines that work at" in response.text
    assert "Move or cancel it" in response.text


def test_no_warning_when_the_day_is_free(client, hub_admin, calendar_2025, cohort):
    make_session(make_event(cohort), datetime.date(2026, 2, 4))
    client.force_login(hub_admin)
    response = client.post(URL, {"date": "2026-02-03", "reason": "Trust INSET"}, follow=True)
    assert "already on that day" not in response.text


def test_the_service_refuses_a_weekend_and_a_day_already_closed(hub_admin, calendar_2025):
    with pytest.raises(DomainError) as weekend:
        add_closure_day(day=datetime.date(2026, 2, 7), reason="", actor=hub_admin)
    assert weekend.value.code == "weekend"
    add_closure_day(day=datetime.date(2026, 2, 2), reason="", actor=hub_admin)
    with pytest.raises(DomainError) as again:
        add_closure_day(day=datetime.date(2026, 2, 2), reason="", actor=hub_admin)
    assert again.value.code == "already_closed"
    assert AuditEntry.objects.filter(action="closure_day.added").count() == 1


def test_correcting_a_half_term_in_the_admin_is_audited(client, hub_admin, calendar_2025):
    term = HalfTerm.objects.order_by("starts_on").first()
    client.force_login(hub_admin)
    new_end = term.ends_on - datetime.timedelta(days=1)
    response = client.post(
        f"/admin/terms/halfterm/{term.pk}/change/",
        {"starts_on": term.starts_on.isoformat(), "ends_on": new_end.isoformat()},
    )
    assert response.status_code == 302
    term.refresh_from_db()
    assert term.ends_on == new_end
    entry = AuditEntry.objects.get(action="half_term.changed")
    assert entry.actor == hub_admin and entry.details["to"][1] == new_end.isoformat()


def test_removing_a_closure_day_in_the_admin_is_audited_and_adding_one_there_is_refused(
    client, hub_admin, calendar_2025
):
    closure = ClosureDay.objects.first()
    client.force_login(hub_admin)
    assert client.post("/admin/terms/closureday/add/", {"date": "2026-02-02"}).status_code == 403
    assert client.post(f"/admin/terms/closureday/{closure.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not ClosureDay.objects.filter(pk=closure.pk).exists()
    assert AuditEntry.objects.get(action="closure_day.removed").actor == hub_admin
