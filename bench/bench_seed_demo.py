"""How long does the demo generator take at scale?

Loads 100,000 participants across 2,000 schools into a fresh database and
prints the time and row counts. Target: well under two minutes.

Usage: .venv/bin/python bench/bench_seed_demo.py [--participants N] [--schools M]
(uses DATABASE_URL when set, otherwise a fresh SQLite file under var/bench/).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import setup_django


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=100_000)
    parser.add_argument("--schools", type=int, default=2_000)
    parser.add_argument("--today", default="2026-11-28")
    args = parser.parse_args()

    setup_django("seed")
    from django.core.management import call_command

    from ecfhub.people.models import Mentorship, Participant, School, User

    started = time.perf_counter()
    call_command(
        "seed_demo",
        f"--today={args.today}",
        f"--participants={args.participants}",
        f"--schools={args.schools}",
        # The people load is what this measures; scheduling 100,000 people is bench_schedule's subject.
        "--only=calendar,people",
        stdout=open(os.devnull, "w"),  # noqa: SIM115
    )
    elapsed = time.perf_counter() - started
    print(f"seed_demo --participants {args.participants} --schools {args.schools} --only calendar,people")
    print(f"  time: {elapsed:.1f} s (target: under 120 s)")
    print(
        f"  rows: {User.objects.count()} users, {School.objects.count()} schools, "
        f"{Participant.objects.count()} participants, {Mentorship.objects.count()} mentorships"
    )
    print(f"  rate: {args.participants / elapsed:,.0f} participants/s")


if __name__ == "__main__":
    main()
