"""Backups: the demo hub survives pg_dump → a fresh database → pg_restore with every row.

Needs a PostgreSQL server and its client tools (pg_dump, pg_restore, createdb, dropdb). Without
them it skips with the reason — except under ECFHUB_REQUIRE_POSTGRES=1 (set by .ci/run), where a
skip is a failure. It runs when the suite runs on PostgreSQL (DATABASE_URL), against that server,
or against the server ECFHUB_BACKUP_TEST_PG names; with the suite on SQLite it skips, so CI runs it once."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ("pg_dump", "pg_restore", "createdb", "dropdb", "psql")


def _suite_on_postgres() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def _server() -> str:
    explicit = os.environ.get("ECFHUB_BACKUP_TEST_PG")
    if explicit:
        return explicit.rstrip("/")
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}"
    return "postgres://postgres@127.0.0.1:5432"


def _unavailable(reason: str) -> None:
    if os.environ.get("ECFHUB_REQUIRE_POSTGRES") == "1":
        pytest.fail(f"ECFHUB_REQUIRE_POSTGRES=1 but the backup round trip cannot run: {reason}")
    pytest.skip(f"backup round trip needs PostgreSQL: {reason}")


def _pg_args(server: str) -> list[str]:
    parts = urlsplit(server)
    args = ["-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 5432)]
    if parts.username:
        args += ["-U", parts.username]
    return args


def _env(server: str) -> dict[str, str]:
    env = dict(os.environ)
    password = urlsplit(server).password
    if password:
        env["PGPASSWORD"] = password
    return env


def _run(cmd: list[str], env: dict[str, str], timeout: int = 300) -> str:
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout, check=False, cwd=ROOT)
    assert done.returncode == 0, f"{' '.join(cmd)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    return done.stdout


def _row_counts(server: str, database: str, env: dict[str, str]) -> dict[str, int]:
    # Exact counts (not the planner's estimates) for every table in the public schema.
    sql = (
        "SELECT format('SELECT %L, count(*) FROM %I', tablename, tablename) FROM pg_tables "
        "WHERE schemaname = 'public' ORDER BY tablename"
    )
    queries = _run(["psql", *_pg_args(server), "-d", database, "-Atc", sql], env).split("\n")
    union = " UNION ALL ".join(q for q in queries if q.strip())
    out = _run(["psql", *_pg_args(server), "-d", database, "-At", "-F", "\t", "-c", union], env)
    return {name: int(count) for name, count in (line.split("\t") for line in out.splitlines() if line)}


def test_the_demo_hub_survives_a_dump_and_restore_into_a_fresh_database(tmp_path):
    if not _suite_on_postgres() and not os.environ.get("ECFHUB_BACKUP_TEST_PG"):
        # It takes half a minute and tests PostgreSQL's tools, not this run's database: it runs once,
        # in the suite's PostgreSQL run (.ci/run), or here when ECFHUB_BACKUP_TEST_PG names a server.
        pytest.skip("the backup round trip runs with the suite on PostgreSQL (DATABASE_URL) or ECFHUB_BACKUP_TEST_PG")
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        _unavailable(f"{', '.join(missing)} not installed")
    server = _server()
    env = _env(server)
    ready = (
        subprocess.run(["pg_isready", *_pg_args(server)], capture_output=True, check=False)
        if shutil.which("pg_isready")
        else None
    )
    if ready is not None and ready.returncode != 0:
        _unavailable(f"no server answering at {server}")

    suffix = uuid.uuid4().hex[:8]
    source, target = f"ecfhub_backup_src_{suffix}", f"ecfhub_backup_dst_{suffix}"
    dump = tmp_path / "ecfhub.dump"
    try:
        _run(["createdb", *_pg_args(server), source], env)
        app_env = {
            **env,
            "DATABASE_URL": f"{server}/{source}",
            "ECFHUB_VAR_DIR": str(tmp_path / "var"),
            "DJANGO_SETTINGS_MODULE": "ecfhub.settings",
        }
        _run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], app_env)
        _run(
            [
                sys.executable,
                "manage.py",
                "seed_demo",
                "--today",
                "2026-01-15",
                "--participants",
                "40",
                "--schools",
                "4",
                "--solver-seconds",
                "0.1",
            ],
            app_env,
        )

        # The commands docs/backups.md gives.
        _run(["pg_dump", *_pg_args(server), "-Fc", "--no-owner", "-f", str(dump), source], env)
        _run(["createdb", *_pg_args(server), target], env)
        _run(["pg_restore", *_pg_args(server), "--no-owner", "--exit-on-error", "-d", target, str(dump)], env)

        before = _row_counts(server, source, env)
        after = _row_counts(server, target, env)
        assert before == after
        # A round trip of nothing would pass too: make sure the demo hub was really there.
        assert before["people_participant"] == 40
        assert before["people_school"] == 4
        assert before["scheduling_assignment"] > 0
        assert sum(before.values()) > 500
    finally:
        for database in (source, target):
            subprocess.run(
                ["dropdb", *_pg_args(server), "--if-exists", "--force", database],
                env=env,
                capture_output=True,
                check=False,
            )
