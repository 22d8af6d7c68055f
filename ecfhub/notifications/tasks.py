"""Background tasks (django-tasks; `manage.py db_worker` runs them)."""

from __future__ import annotations

from django_tasks import task

from ecfhub.notifications.sending import deliver


@task()
def send_message(message_id: int) -> str:
    """Send one outbox message; returns what happened (kept in the task result for diagnosis)."""
    return deliver(message_id)
