"""How long does a 5,000-row registration CSV take to check and save?

Goes through the real code: check_file() (decode, sniff, every row through the
registration form, clash queries), then the confirm path run_import() →
register_participants() (accounts, participants, invitations, e-mails queued,
audit entries), and the enqueueing of the 5,000 send tasks after commit.
Target (issue 16): under 3 seconds in all.

Usage: .venv/bin/python bench/bench_csv_import.py [--rows N]
(uses DATABASE_URL when set, otherwise a fresh SQLite file under var/bench/).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import setup_django, write_result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5_000)
    args = parser.parse_args()

    setup_django("csv_import")

    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from ecfhub.notifications.models import OutboundMessage
    from ecfhub.onboarding.csv_import import check_file
    from ecfhub.onboarding.imports import run_import, store_checked
    from ecfhub.onboarding.models import CsvImport
    from ecfhub.people.models import Participant, School, User

    school = School.objects.create(urn="199999", name="Bench Academy", town="Norwich")
    tutor = User.objects.create_user(email="tutor@bench.test", password="bench-password-123", full_name="Bench Tutor")
    school.induction_tutors.add(tutor)

    lines = ["Full name,E-mail address,TRN,Induction start date,Type"]
    for i in range(args.rows):
        kind = "ECT" if i % 3 else "Mentor"
        lines.append(f"Person {i:05d} O’Neill,person{i}@bench.test,{4000000 + i},03/09/2025,{kind}")
    data = ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")

    load_before = os.getloadavg()
    started, cpu_started = time.perf_counter(), time.process_time()
    checked = check_file(data, school=school)
    checked_at, cpu_checked = time.perf_counter(), time.process_time()
    assert checked.ok, checked.problems[:5]
    record = store_checked(school=school, user=tutor, filename="bench.csv", checked=checked)
    CsvImport.objects.filter(pk=record.pk).update(status=CsvImport.Status.SAVING)
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        # The worker runs run_import outside a transaction; the atomic block here only lets us
        # time the after-commit enqueueing of the 5,000 send tasks separately.
        run_import(record.pk)
        saved_at = time.perf_counter()
    finished, cpu_finished = time.perf_counter(), time.process_time()

    assert Participant.objects.filter(school=school).count() == args.rows
    assert OutboundMessage.objects.count() == args.rows
    print(f"database: {connection.vendor}")
    print(f"file: {args.rows:,} rows, {len(data) / 1024:.0f} KiB")
    print(f"check (parse + validate + clash queries): {checked_at - started:6.2f} s")
    print(f"save (register_participants, one transaction): {saved_at - checked_at:6.2f} s")
    print(f"enqueue {args.rows:,} e-mail tasks after commit: {finished - saved_at:6.2f} s")
    print(f"total: {finished - started:6.2f} s (target < 3 s); {len(queries):,} queries in save + enqueue")
    print(f"CPU in this process: check {cpu_checked - cpu_started:.2f} s, all {cpu_finished - cpu_started:.2f} s")
    write_result(
        "csv",
        args.rows,
        {
            "load_average_before": load_before,
            "rows": args.rows,
            "check_seconds": round(checked_at - started, 2),
            "save_seconds": round(saved_at - checked_at, 2),
            "enqueue_seconds": round(finished - saved_at, 2),
            "total_seconds": round(finished - started, 2),
            "check_cpu_seconds": round(cpu_checked - cpu_started, 2),
            "total_cpu_seconds": round(cpu_finished - cpu_started, 2),
            "queries_save_and_enqueue": len(queries),
        },
    )


if __name__ == "__main__":
    main()
