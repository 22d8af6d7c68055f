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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=100_000)
    parser.add_argument("--schools", type=int, default=2_000)
    parser.add_argument("--today", default="2026-11-28")
    args = parser.parse_args()

    if not os.environ.get("DATABASE_URL"):
        bench_dir = ROOT / "var" / "bench"
        bench_dir.mkdir(parents=True, exist_ok=True)
        db = bench_dir / "seed.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ecfhub.settings")

    import django

    django.setup()
    from django.core.management import call_command

    from ecfhub.people.models import Mentorship, Participant, School, User

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command(
        "seed_demo",
        f"--today={args.today}",
        f"--participants={args.participants}",
        f"--schools={args.schools}",
        stdout=open(os.devnull, "w"),  # noqa: SIM115
    )
    elapsed = time.perf_counter() - started
    print(f"seed_demo --participants {args.participants} --schools {args.schools}")
    print(f"  time: {elapsed:.1f} s (target: under 120 s)")
    print(
        f"  rows: {User.objects.count()} users, {School.objects.count()} schools, "
        f"{Participant.objects.count()} participants, {Mentorship.objects.count()} mentorships"
    )
    print(f"  rate: {args.participants / elapsed:,.0f} participants/s")


if __name__ == "__main__":
    main()
