"""Shared start of every bench script: a fresh database and Django, set up once.

Uses DATABASE_URL when set (point it at an EMPTY database), otherwise a new SQLite
file under var/bench/<name>.sqlite3, deleted first so every run starts alike."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django(name: str) -> None:
    sys.path.insert(0, str(ROOT))
    if not os.environ.get("DATABASE_URL"):
        bench_dir = ROOT / "var" / "bench"
        bench_dir.mkdir(parents=True, exist_ok=True)
        db = bench_dir / f"{name}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ecfhub.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")

    import django

    django.setup()

    from django.core.management import call_command

    from ecfhub.people.models import School

    call_command("migrate", verbosity=0)
    if School.objects.exists():
        sys.exit("The bench database is not empty; point DATABASE_URL at an empty database.")


def write_result(kind: str, participants: int, figures: dict[str, object], label: str = "") -> None:
    """Keep a run's figures in bench/results/<date>-<scale>-<db>-<kind>.json, with the commit and the
    machine's load average (a shared machine: read the seconds beside it, see README.md's *Noise*)."""
    import datetime
    import json
    import subprocess

    from django.db import connection

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout
    now = datetime.datetime.now(datetime.UTC)
    scale = f"{participants // 1000}k" if participants % 1000 == 0 else str(participants)
    data = {
        "measured_at": now.isoformat(timespec="seconds"),
        "code_commit": commit.strip(),
        "database": connection.vendor,
        "participants": participants,
        "machine": {"cpus": os.cpu_count(), "load_average_at_end": os.getloadavg()},
        **figures,
    }
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    path = results / f"{now:%Y-%m-%d}-{scale}-{connection.vendor}-{kind}{'-' + label if label else ''}.json"
    path.write_text(json.dumps(data, indent=2, default=str) + "\n")
    print(f"written: {path.relative_to(ROOT)}")
