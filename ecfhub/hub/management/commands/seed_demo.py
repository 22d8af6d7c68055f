"""Make a demo hub that is alive on the day it is run."""

from __future__ import annotations

import datetime
import importlib
import random
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from ecfhub.demo.context import DEMO_LOGINS, DEMO_PASSWORD, DemoContext
from ecfhub.lib import when
from ecfhub.people.models import School

# The parts, in order; each module has seed(ctx). Later features add a line here.
PARTS = [
    "ecfhub.demo.calendar",
    "ecfhub.demo.people",
    "ecfhub.demo.events",
    "ecfhub.demo.schedule",
    "ecfhub.demo.attendance",
    "ecfhub.demo.learning",
    "ecfhub.demo.progress",
    "ecfhub.demo.emails",
]


class Command(BaseCommand):
    help = "Load a demo Norwich teaching school hub (deterministic for a given --today)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today", type=datetime.date.fromisoformat, default=None, help="YYYY-MM-DD (default: today)"
        )
        parser.add_argument("--participants", type=int, default=500, help="ECTs and mentors in all (default 500)")
        parser.add_argument("--schools", type=int, default=40)
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when the database already has schools.")
        parser.add_argument(
            "--only",
            default="",
            help="Comma-separated part names to run (e.g. calendar,people for a people-only load); default all.",
        )
        parser.add_argument(
            "--solver-seconds",
            type=float,
            default=None,
            help="The most work each of the scheduler's refinement stages may do, in CP-SAT's deterministic "
            "seconds (default 5). Lower is quicker and still the same every time; tests use 0.1.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if School.objects.exists():
            if options["if_empty"]:
                self.stdout.write("Demo data already loaded.")
                self._print_logins(DEMO_LOGINS)
                return
            raise CommandError("The database already has schools. Use a fresh database (or --if-empty).")
        if options["participants"] < 2 or options["schools"] < 1:
            raise CommandError("Use at least 2 participants and 1 school.")
        if options["solver_seconds"] is not None and options["solver_seconds"] <= 0:
            raise CommandError("Use a positive number of --solver-seconds.")
        today = options["today"] or timezone.localdate()
        ctx = DemoContext(
            today=today,
            participants=options["participants"],
            schools=options["schools"],
            rng=random.Random(f"ecfhub-demo-{today.isoformat()}-{options['participants']}-{options['schools']}"),
            log=lambda line: self.stdout.write(f"  {line}"),
            solver_seconds=options["solver_seconds"],
        )
        started = time.perf_counter()
        self.stdout.write(f"Seeding the demo hub as of {when.day(today)}…")
        only = {name.strip() for name in options["only"].split(",") if name.strip()}
        unknown = only - {dotted.rsplit(".", 1)[1] for dotted in PARTS}
        if unknown:
            raise CommandError(f"Unknown part(s): {', '.join(sorted(unknown))}.")
        with transaction.atomic():
            for dotted in PARTS:
                if only and dotted.rsplit(".", 1)[1] not in only:
                    continue
                part_started = time.perf_counter()
                importlib.import_module(dotted).seed(ctx)
                # Each part's time, so a slow build can be read part by part (bench/bench_pages.py keeps them).
                self.stdout.write(f"  part {dotted.rsplit('.', 1)[1]}: {time.perf_counter() - part_started:.1f} s")
        self.stdout.write(f"Done in {time.perf_counter() - started:.1f} s.")
        self._print_logins(ctx.logins)

    def _print_logins(self, logins: list[tuple[str, str, str]]) -> None:
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for role, email, note in logins:
            self.stdout.write(f"  {role:<16} {email:<36} {note}")
