"""The demo's schedule: built half term by half term, every date with the notice it needs, the same every time."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from ecfhub.hub.models import HubSettings
from ecfhub.notifications.models import OutboundMessage
from ecfhub.scheduling.models import Assignment
from ecfhub.terms.schooldays import SchoolCalendar

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 28)


def seed() -> list[tuple[int, int, int]]:
    call_command("seed_demo", today=TODAY, participants=60, schools=6, solver_seconds=0.1, stdout=StringIO())
    return sorted(
        Assignment.objects.values_list("participant__trn", "event__order", "session__starts_at__date").distinct()
    )  # type: ignore[return-value]


def test_every_demo_date_had_the_notice_and_upcoming_sessions_are_assigned() -> None:
    seed()
    calendar = SchoolCalendar.load()
    notice = HubSettings.load().minimum_notice_school_days
    assignments = list(Assignment.objects.select_related("session"))
    assert assignments
    for a in assignments:
        if a.source == Assignment.Source.REQUEST:
            continue  # the demo's catch-up after a missed session: chosen by the person today, so no notice
        told = timezone.localtime(a.notified_at).date()
        assert calendar.school_days_between(told, a.session.date) >= notice
        assert told <= TODAY
    upcoming = [a for a in assignments if a.session.date > TODAY]
    assert upcoming, "sessions still to come already have people on them"
    # The schedule's past is sent no e-mail: only the demo ECT and mentor get theirs (demo/emails.py).
    told_by_email = sorted(OutboundMessage.objects.filter(kind="new_dates").values_list("to", flat=True))
    assert told_by_email == ["ect@demo.ecfhub.test", "mentor@demo.ecfhub.test"], "no e-mail for the demo's past"


def test_the_demo_schedule_is_the_same_every_time() -> None:
    from django.db import transaction

    with transaction.atomic():
        first = seed()
        transaction.set_rollback(True)
    assert seed() == first
