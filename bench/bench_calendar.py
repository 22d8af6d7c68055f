"""How fast are the public events calendar and its iCalendar feed with thousands of sessions?

Builds one academic year with N sessions (default 3,000, a lead provider running
many hubs), with a third of the seats taken, then times the calendar page (list
and month views) and /calendar.ics through the test client, and prints the
queries each needs (they stay fixed whatever N is).

Usage: .venv/bin/python bench/bench_calendar.py [--sessions N]
(uses DATABASE_URL when set, otherwise a fresh SQLite file under var/bench/).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import setup_django


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=3_000)
    args = parser.parse_args()

    setup_django("calendar")

    import datetime

    from django.core.cache import caches
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from ecfhub.events.models import Session, TrainingEvent
    from ecfhub.events.services import local_datetime
    from ecfhub.hub.models import HubSettings
    from ecfhub.people.models import Participant, School, User
    from ecfhub.programme.services import get_or_create_cohort
    from ecfhub.scheduling.models import Assignment
    from ecfhub.terms.schooldays import SchoolCalendar
    from ecfhub.terms.services import create_standard_year

    HubSettings.load()
    create_standard_year(start_year=2026)
    cohort = get_or_create_cohort(start_year=2026)
    days = SchoolCalendar.load().days
    events = [
        TrainingEvent.objects.create(
            cohort=cohort, kind="clinic" if i % 3 else "conference", audience="ect" if i % 2 else "mentor",
            programme_year=1, order=i + 1, title=f"Event {i + 1}", focus=["assessment"],
        )
        for i in range(20)
    ]  # fmt: skip
    Session.objects.bulk_create(
        Session(
            event=events[i % len(events)],
            starts_at=local_datetime(days[i % len(days)], datetime.time(16)),
            ends_at=local_datetime(days[i % len(days)], datetime.time(17)),
            mode="online",
            joining_url="https://meet.example.com/x",
            capacity=30,
        )
        for i in range(args.sessions)
    )
    school = School.objects.create(urn="199998", name="Bench School")
    users = User.objects.bulk_create(User(email=f"p{i}@bench.test", full_name=f"P {i}") for i in range(2_000))
    people = Participant.objects.bulk_create(
        Participant(user=u, school=school, cohort=cohort, participant_type="ect", trn=f"{5000000 + i}",
                    induction_start_date=datetime.date(2026, 9, 3))
        for i, u in enumerate(users)
    )  # fmt: skip
    sessions = list(Session.objects.order_by("pk")[:2_000])
    Assignment.objects.bulk_create(
        Assignment(participant=p, event_id=s.event_id, session=s) for p, s in zip(people, sessions, strict=True)
    )

    client = Client()
    print(f"database: {connection.vendor}; {args.sessions:,} sessions, 2,000 assignments")
    for label, url in (
        ("calendar page, list", "/calendar/?year=2026"),
        ("calendar page, month grid", "/calendar/?year=2026&view=month"),
        ("public feed /calendar.ics", "/calendar.ics?year=2026"),
        ("one half term, clinics", "/calendar/?year=2026&half_term=3&kind=clinic"),
    ):
        # Built: nothing cached (the first visitor after any change); kept: the same data again.
        caches["fragments"].clear()
        timings = []
        for _ in range(2):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - started, len(queries)))
            assert response.status_code == 200
        (built, built_queries), (kept, kept_queries) = timings
        print(
            f"{label:<28} built {built * 1000:6.0f} ms ({built_queries} queries), kept {kept * 1000:6.0f} ms "
            f"({kept_queries} queries), {len(response.content) / 1024:5.0f} KiB"
        )


if __name__ == "__main__":
    main()
