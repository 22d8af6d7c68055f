"""Background tasks (django-tasks; `manage.py db_worker` runs them)."""

from __future__ import annotations

from django_tasks import task

from ecfhub.notifications.sending import deliver


@task()
def send_message(message_id: int) -> str:
    """Send one outbox message; returns what happened (kept in the task result for diagnosis)."""
    return deliver(message_id)


@task()
def send_messages(message_ids: list[int]) -> dict[str, int]:
    """Send a batch of messages queued together (a bulk import); each is claimed and retried on its own."""
    outcomes: dict[str, int] = {}
    for message_id in message_ids:
        outcome = deliver(message_id)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes
