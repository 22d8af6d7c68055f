"""How long does a lead provider's sync through the API take at 100,000 participants?

Builds 100,000 participants (bulk_create: 400 schools, the 2025 cohort) and one read token, then
through the real stack (the test client: middleware, token, limit, DRF, serializers):

- a full sync: `GET /api/v3/participants?page[per_page]=3000` page after page until an empty one;
- an incremental sync: 1,000 participants changed (a queryset update; the triggers move their
  `updated_at`), then `filter[updated_since]` from just before the change, in pages of 3,000.

Prints the seconds, the rows, and the queries per page (which must not grow with the page).
Targets: full < 60 s, incremental < 2 s.

Usage: .venv/bin/python bench/bench_api.py [--participants N]
(uses DATABASE_URL when set, otherwise a fresh SQLite file under var/bench/).
"""

from __future__ import annotations

import argparse
import datetime
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import setup_django, write_result

PER_PAGE = 3000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=100_000)
    args = parser.parse_args()

    setup_django("api")

    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from ecfhub.api.services import create_token
    from ecfhub.people.models import Participant, School, User
    from ecfhub.programme.services import get_or_create_cohort

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    n = args.participants
    built = time.perf_counter()
    cohort = get_or_create_cohort(start_year=2025)
    schools = School.objects.bulk_create(School(urn=f"{300000 + i}", name=f"Bench School {i}") for i in range(400))
    admin = User.objects.create_user(email="admin@bench.test", full_name="Bench Admin", is_hub_admin=True)
    users = User.objects.bulk_create(
        (User(email=f"p{i}@bench.test", full_name=f"Person {i:06d}") for i in range(n)), batch_size=5000
    )
    start = datetime.date(2025, 9, 3)
    Participant.objects.bulk_create(
        (
            Participant(
                user=u,
                school=schools[i % 400],
                cohort=cohort,
                participant_type="mentor" if i % 4 == 0 else "ect",
                trn=f"{4000000 + i}",
                induction_start_date=start,
                schedule_identifier="ecf-standard-september",
                mentor_training="in_training" if i % 4 == 0 else "",
            )
            for i, u in enumerate(users)
        ),
        batch_size=5000,
    )
    # Everyone last changed yesterday; set explicitly, which the triggers leave as written.
    Participant.objects.update(updated_at=timezone.now() - datetime.timedelta(days=1))
    secret = create_token(name="Bench", scope="read", expires_at=None, actor=admin).secret
    client = Client(headers={"Authorization": f"Bearer {secret}"})
    built_at = time.perf_counter()

    cpu_used: list[float] = []

    def sync(query: dict[str, str]) -> tuple[float, int, list[int]]:
        began, rows, counts, page = time.perf_counter(), 0, [], 1
        cpu = time.process_time()
        while True:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(
                    "/api/v3/participants", {**query, "page[per_page]": str(PER_PAGE), "page[page]": str(page)}
                )
            assert response.status_code == 200, response.content[:300]
            data = response.json()["data"]
            counts.append(len(queries))
            if not data:
                cpu_used.append(time.process_time() - cpu)
                return time.perf_counter() - began, rows, counts
            rows += len(data)
            page += 1

    full_s, full_rows, full_queries = sync({"sort": "updated_at"})
    assert full_rows == n, full_rows

    since = timezone.now() - datetime.timedelta(seconds=1)
    changed = list(Participant.objects.order_by("pk").values_list("pk", flat=True)[: n : max(1, n // 1000)][:1000])
    Participant.objects.filter(pk__in=changed).update(status_reason="other")
    inc_s, inc_rows, inc_queries = sync({"filter[updated_since]": since.isoformat(), "sort": "updated_at"})
    assert inc_rows == len(changed), inc_rows

    print(f"database: {connection.vendor}")
    print(f"built {n:,} participants in {built_at - built:6.1f} s")
    print(
        f"full sync, pages of {PER_PAGE:,}: {full_s:6.2f} s for {full_rows:,} rows in {len(full_queries) - 1} pages "
        f"(+1 empty), {cpu_used[0]:.1f} s of it this process's CPU; queries per page {sorted(set(full_queries))} "
        "(target < 60 s)"
    )
    print(
        f"incremental sync of {len(changed):,} changed: {inc_s:6.2f} s for {inc_rows:,} rows; "
        f"queries per page {sorted(set(inc_queries))} (target < 2 s)"
    )
    write_result(
        "api",
        n,
        {
            "full_sync_seconds": round(full_s, 2),
            "full_sync_pages": len(full_queries) - 1,
            "full_sync_process_cpu_seconds": round(cpu_used[0], 2),
            "incremental_sync_seconds": round(inc_s, 2),
            "incremental_rows": inc_rows,
            "queries_per_page": sorted(set(full_queries + inc_queries)),
        },
    )


if __name__ == "__main__":
    main()
