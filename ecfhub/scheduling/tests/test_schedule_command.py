"""manage.py schedule: the same dry run and commit from the shell."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from ecfhub.notifications.models import OutboundMessage
from ecfhub.scheduling.models import Assignment

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("schedule", *args, stdout=out)
    return out.getvalue()


def test_a_dry_run_prints_a_summary_and_saves_nothing(sessions, ect, other_ect) -> None:
    out = run("--dry-run", "--as-of", "2025-09-03", "--cohort", "2025")
    assert "Placed 4 of 4" in out and "proven optimal" in out and "nothing saved" in out
    assert not Assignment.objects.exists()


def test_a_commit_saves_and_queues_one_notice_each(sessions, ect, other_ect) -> None:
    out = run("--commit", "--as-of", "2025-09-03")
    assert "Saved 4 dates for 2 people; 2 notices queued." in out
    assert OutboundMessage.objects.filter(kind="new_dates").count() == 2


def test_a_quiet_commit_marks_the_dates_notified_on_the_as_of_day(sessions, ect) -> None:
    run("--commit", "--as-of", "2025-09-03", "--no-email")
    assert not OutboundMessage.objects.exists()
    assert {a.notified_at.date().isoformat() for a in Assignment.objects.all()} == {"2025-09-03"}
