"""Run the scheduler from the shell: the same dry run and commit as the Scheduling page."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ecfhub.lib.errors import DomainError
from ecfhub.programme.models import Cohort
from ecfhub.scheduling.models import ScheduleRun
from ecfhub.scheduling.services import SchedulePlan, runs


class Command(BaseCommand):
    help = "Give participants dates for their training events (a dry run, or --commit to save and e-mail them)."

    def add_arguments(self, parser: CommandParser) -> None:
        mode = parser.add_mutually_exclusive_group(required=True)
        mode.add_argument("--dry-run", action="store_true", help="Show what would happen; save nothing.")
        mode.add_argument("--commit", action="store_true", help="Save the dates and queue one notice per person.")
        parser.add_argument(
            "--cohort", type=int, help="The cohort's start year, for example 2025 (default: every cohort)."
        )
        parser.add_argument("--until", type=datetime.date.fromisoformat, help="Only sessions up to YYYY-MM-DD.")
        parser.add_argument(
            "--as-of", type=datetime.date.fromisoformat, help="The day people are told, YYYY-MM-DD (default: today)."
        )
        parser.add_argument(
            "--no-email",
            action="store_true",
            help="With --commit: mark dates as notified on --as-of without e-mailing.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        cohort = None
        if options["cohort"]:
            cohort = Cohort.objects.filter(start_year=options["cohort"]).first()
            if cohort is None:
                raise CommandError(f"There is no {options['cohort']} cohort.")
        as_of = options["as_of"] or timezone.localdate()
        # A run like the page's, so the shell's runs are listed on the Scheduling page too.
        run = runs.create_run(actor=None, cohort=cohort, events=[], until=options["until"], as_of=as_of)
        if runs.compute_run(run.pk) != ScheduleRun.Status.READY:
            run.refresh_from_db()
            raise CommandError(f"The dry run failed: {run.error}")
        run.refresh_from_db()
        assert run.result is not None  # a ready run holds its preview
        self._summary(SchedulePlan.from_json(run.result))
        if options["commit"]:
            quiet = options["no_email"]
            stamp = timezone.make_aware(datetime.datetime.combine(as_of, datetime.time(8, 0))) if quiet else None
            try:
                runs.claim_for_commit(run, today=as_of)
            except DomainError as error:
                raise CommandError(error.message) from error
            outcome = runs.commit_run(run.pk, actor_id=None, notify=not quiet, notified_at=stamp)
            if outcome.saved is None:
                run.refresh_from_db()
                raise CommandError(run.error or outcome.status)
            saved = outcome.saved
            self.stdout.write(f"Saved {saved.created} dates for {saved.people} people; {saved.notices} notices queued.")
        else:
            self.stdout.write("Dry run: nothing saved. Use --commit to save these dates and tell people.")

    def _summary(self, plan: SchedulePlan) -> None:
        s = plan.stats
        self.stdout.write(
            f"Notified on {plan.as_of}; first date with enough notice: {plan.earliest_day or 'none in the calendar'}"
        )
        self.stdout.write(
            f"Placed {s['placed']} of {s['wanted']} (person, event) pairs for {s['people_placed']} of "
            f"{s['people_needing_dates']} people; upper bound {s['upper_bound']}; "
            f"{'proven optimal' if s['placements_optimal'] else 'not proven optimal'}; {s['seconds']} s"
        )
        self.stdout.write(
            f"School-day clashes: {len(plan.clashes)} (staff over the limit of {s['max_staff_per_school_day']}: "
            f"{s['school_excess']}{'' if s['school_excess_optimal'] else ', fewest found, not proven'})"
        )
        for reason, count in plan.reasons:
            self.stdout.write(f"  not placed, {reason}: {count}")
