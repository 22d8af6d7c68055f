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
