"""How long does a 10,000-row lead-provider participant file take to check, compare and confirm?

Goes through the real code with 10,000 participants on record (100 schools, the 2025 cohort):
read_file() (decode, sniff, every row checked against DfE's vocabulary), store_file() (the
differences against our records, in a fixed number of queries), then confirm_file() accepting
every schedule difference (one transaction, audited). The file differs from our records in
about 2 % of rows (schedules, schools, statuses), and has 50 people missing on each side.
Target: the check and comparison inside the upload's 10-second limit.

Usage: .venv/bin/python bench/bench_provider_file.py [--rows N]
(uses DATABASE_URL when set, otherwise a fresh SQLite file under var/bench/).
"""

from __future__ import annotations

import argparse
import csv
import datetime
import io
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import setup_django


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()

    setup_django("provider_file")

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ecfhub.leadprovider.reading import read_file
    from ecfhub.leadprovider.services import confirm_file, store_file
    from ecfhub.people.models import Participant, School, User
    from ecfhub.programme.services import get_or_create_cohort

    cohort = get_or_create_cohort(start_year=2025)
    schools = School.objects.bulk_create(School(urn=f"{300000 + i}", name=f"Bench School {i}") for i in range(100))
    admin = User.objects.create_user(email="admin@bench.test", full_name="Bench Admin", is_hub_admin=True)
    users = User.objects.bulk_create(
        User(email=f"p{i}@bench.test", full_name=f"Person {i:05d}") for i in range(args.rows)
    )
    start = datetime.date(2025, 9, 3)
    Participant.objects.bulk_create(
        Participant(
            user=u,
            school=schools[i % 100],
            cohort=cohort,
            participant_type="mentor" if i % 4 == 0 else "ect",
            trn=f"{4000000 + i}",
            induction_start_date=start,
            schedule_identifier="ecf-standard-september",
            mentor_training="in_training" if i % 4 == 0 else "",
        )
        for i, u in enumerate(users)
    )

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["participant_id", "teacher_reference_number", "participant_type", "school_urn", "cohort",
                     "schedule_identifier", "training_status", "mentor_id"])  # fmt: skip
    for i in range(50, args.rows + 50):  # the first 50 are missing there, the last 50 missing here
        kind = "mentor" if i % 4 == 0 else "ect"
        schedule = "ecf-standard-january" if i % 100 == 7 else "ecf-standard-september"
        urn = f"{300000 + (i + 1) % 100}" if i % 250 == 3 else f"{300000 + i % 100}"
        writer.writerow([uuid.UUID(int=i + 1), 4000000 + i, kind, urn, 2025, schedule, "active", ""])
    data = out.getvalue().encode()

    started = time.perf_counter()
    read = read_file(data)
    read_at = time.perf_counter()
    assert read.ok, read.problems[:5]
    with CaptureQueriesContext(connection) as compare_queries:
        provider_file = store_file(read=read, filename="bench.csv", actor=admin)
    compared_at = time.perf_counter()
    kinds: dict[str, int] = {}
    for d in provider_file.differences:
        kinds[d["kind"]] = kinds.get(d["kind"], 0) + 1
    accept = [d["n"] for d in provider_file.differences if d["kind"] == "schedule"]
    with CaptureQueriesContext(connection) as confirm_queries:
        confirm_file(provider_file=provider_file, accepted=accept, sha256=provider_file.sha256, actor=admin)
    confirmed_at = time.perf_counter()

    assert Participant.objects.filter(schedule_identifier="ecf-standard-january").count() == len(accept)
    print(f"database: {connection.vendor}")
    print(f"file: {len(read.rows):,} rows, {len(data) / 1024:.0f} KiB; {Participant.objects.count():,} on record")
    print(f"differences: {len(provider_file.differences):,} {dict(sorted(kinds.items()))}")
    print(f"read and check every row: {read_at - started:6.2f} s")
    print(f"compare with our records and store: {compared_at - read_at:6.2f} s ({len(compare_queries)} queries)")
    print(f"check + compare: {compared_at - started:6.2f} s (limit 10 s)")
    print(
        f"confirm, accepting {len(accept)} schedule changes (one transaction, audited): "
        f"{confirmed_at - compared_at:6.2f} s ({len(confirm_queries):,} queries)"
    )


if __name__ == "__main__":
    main()
