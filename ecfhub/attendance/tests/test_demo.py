"""The demo hub's registers: taken for every session already held, mostly present, a few people missing."""

from __future__ import annotations

import datetime
import io
from collections import Counter, defaultdict

from django.core.management import call_command
from django.db.models import Sum

from ecfhub.attendance import evidence
from ecfhub.attendance.evidence import Facts, Line
from ecfhub.attendance.models import AttendanceRecord, ProgressSnapshot
from ecfhub.attendance.queries import evidence_file
from ecfhub.attendance.queries.evidence import evidence_people
from ecfhub.people.models import Participant
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


def test_the_demos_evidence_file_holds_only_valid_sequences_dated_in_their_windows(db) -> None:
    call_command(
        "seed_demo",
        "--today=2026-11-28",
        "--participants=60",
        "--schools=6",
        "--solver-seconds=0.1",
        stdout=io.StringIO(),
    )
    today = datetime.date(2026, 11, 28)
    now = datetime.datetime(2026, 11, 28, 12, 0, tzinfo=datetime.UTC)
    file = evidence_file(evidence_people(None), now=now)
    by_person: dict[int, list[Line]] = defaultdict(list)
    for row in file.rows:
        by_person[row.participant.pk].append(row.line)
    assert len(by_person) > 20, "most of the demo's people have something to declare"
    kinds = Counter(line.declaration_type for lines in by_person.values() for line in lines)
    assert kinds["started"] and kinds["retained-1"] and kinds["retained-2"], kinds
    people = {p.pk: p for p in Participant.objects.select_related("cohort").filter(pk__in=by_person)}
    for pid, lines in by_person.items():
        person = people[pid]
        facts = Facts(
            person.participant_type, person.cohort.start_year, person.schedule_identifier, person.mentor_training
        )
        windows = {w.declaration: w for w in evidence.milestones(facts)}
        allowed = evidence.declaration_types(
            person.participant_type, person.cohort.start_year, person.schedule_identifier, person.mentor_training
        )
        types = [line.declaration_type for line in lines]
        dates = [line.declaration_date for line in lines]
        assert evidence.is_valid_sequence(types, dates, allowed), (person, lines)
        for line in lines:
            assert line.state == "submitted" and line.declaration_date <= today, (person, line)
            assert windows[line.declaration_type].holds(line.declaration_date), (person, line)
            assert line.evidence_held in evidence.EVIDENCE_HELD or (
                line.evidence_held == "" and person.cohort.start_year < evidence.FIRST_ECTE_COHORT
            ), (person, line)
