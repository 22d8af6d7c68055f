"""Requeue outbox messages a worker left stuck in "sending" or whose task was lost."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from ecfhub.notifications.sending import sweep_outbox


class Command(BaseCommand):
    help = 'Requeues e-mails stuck in "sending" and queued e-mails whose send task was lost.'

    def handle(self, *args: Any, **options: Any) -> None:
        outcome = sweep_outbox()
        self.stdout.write(f"Restarted {outcome['restarted']} stuck, requeued {outcome['requeued']} lost.")
