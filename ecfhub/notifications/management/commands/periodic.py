"""Run the registered periodic jobs (outbox sweep, reminders, …) in a loop. Run exactly one of these."""

from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from ecfhub.notifications import periodic


class Command(BaseCommand):
    help = "Runs the jobs registered in ecfhub.notifications.periodic, each at its own interval."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--once", action="store_true", help="Run every job once, then exit.")
        parser.add_argument("--tick", type=float, default=15.0, help="Seconds between checks for due jobs.")

    def handle(self, *args: Any, once: bool, tick: float, **options: Any) -> None:
        names = ", ".join(f"{job.name} (every {job.every_seconds} s)" for job in periodic.registered())
        self.stdout.write(f"Periodic jobs: {names or 'none'}")
        last_runs: dict[str, float] = {}
        while True:
            close_old_connections()
            ran = periodic.run_due(last_runs)
            if ran and options["verbosity"] > 1:
                self.stdout.write(f"Ran: {', '.join(ran)}")
            if once:
                return
            time.sleep(tick)
