"""The demo hub's registers: taken for every session already held, mostly present, a few people missing."""

from __future__ import annotations

import datetime
import io
from collections import Counter

from django.core.management import call_command
from django.db.models import Sum

from ecfhub.attendance.models import AttendanceRecord, ProgressSnapshot
from ecfhub.scheduling.models import Assignment


def test_the_demo_takes_registers_for_sessions_already_held(db) -> None:
    out = io.StringIO()
    call_command(
        "seed_demo", "--today=2026-11-28", "--participants=60", "--schools=6", "--solver-seconds=0.1", stdout=out
    )
    marks = Counter(AttendanceRecord.objects.values_list("mark", flat=True))
    total = sum(marks.values())
    assert total > 0, out.getvalue()
    assert marks["present"] > total / 2
    assert marks["absent"] > 0 and marks["late"] + marks["left_early"] > 0
    assert not AttendanceRecord.objects.filter(session__starts_at__date__gte="2026-11-28").exists()
    assert "Registers:" in out.getvalue()
    # One person who missed a session has chosen a catch-up; the others still have to.
    assert Assignment.objects.filter(status="missed").count() == 1, out.getvalue()
    assert "Catch-up:" in out.getvalue()
    # Most people are on track; a few are behind or at risk, so every list shows something true.
    totals = ProgressSnapshot.objects.aggregate(on_track=Sum("on_track"), at_risk=Sum("at_risk"), behind=Sum("behind"))
    everyone = sum(totals.values())
    assert totals["on_track"] > everyone * 0.6, totals
    assert totals["at_risk"] + totals["behind"] > 0, totals
    # Progress is recorded for the demo's today only: no history is made up.
    assert set(ProgressSnapshot.objects.values_list("day", flat=True)) == {datetime.date(2026, 11, 28)}
    assert "Progress recorded for 2026-11-28:" in out.getvalue()
