"""Jobs that run every so often, in the one `manage.py periodic` process.

Apps register their jobs in AppConfig.ready():

    from ecfhub.notifications import periodic
    periodic.register("send_reminders", 300, send_due_reminders)

A job must be safe to run twice (two periodic processes by mistake, a restart
mid-run): make it idempotent, e.g. with queue_message's dedupe_key."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    every_seconds: int
    func: Callable[[], Any]


_jobs: dict[str, Job] = {}


def register(name: str, every_seconds: int, func: Callable[[], Any]) -> None:
    """Run `func()` every `every_seconds`. Registering a name again replaces it."""
    if every_seconds <= 0:
        raise ValueError("every_seconds must be positive")
    _jobs[name] = Job(name=name, every_seconds=every_seconds, func=func)


def registered() -> list[Job]:
    return sorted(_jobs.values(), key=lambda job: job.name)


def run_due(last_runs: dict[str, float], *, now: float | None = None) -> list[str]:
    """Run every job whose interval has passed since its last run (never run: due). Returns their names.

    One job failing is logged and does not stop the others."""
    now = time.monotonic() if now is None else now
    ran: list[str] = []
    for job in registered():
        last = last_runs.get(job.name)
        if last is not None and now - last < job.every_seconds:
            continue
        last_runs[job.name] = now
        try:
            job.func()
        except Exception:
            logger.exception("Periodic job %s failed", job.name)
        ran.append(job.name)
    return ran
