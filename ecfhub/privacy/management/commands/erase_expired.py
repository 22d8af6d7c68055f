"""Anonymise people who left the programme longer ago than the hub's retention period."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from ecfhub.hub.settings import current_hub_settings
from ecfhub.lib import when
from ecfhub.privacy.services import due_for_erasure, erase_expired, retention_cutoff


class Command(BaseCommand):
    help = "Anonymise participants who left or completed more than the retention period (hub setting) ago."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="List who would be anonymised; change nothing.")
        parser.add_argument(
            "--today", type=datetime.date.fromisoformat, default=None, help="YYYY-MM-DD (default: today)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["today"] or timezone.localdate()
        years = current_hub_settings().retention_years
        cutoff = retention_cutoff(today)
        due = list(due_for_erasure(today))
        self.stdout.write(
            f"Retention: {years} years; people who left before {when.plain_date(cutoff)} are due: {len(due)}."
        )
        if options["dry_run"]:
            for user in due:
                self.stdout.write(f"  would anonymise user #{user.pk} (left {when.short_date(user.left_on)})")  # type: ignore[attr-defined]
            return
        erased = erase_expired(today=today)
        self.stdout.write(f"Anonymised {len(erased)} {'person' if len(erased) == 1 else 'people'}.")
