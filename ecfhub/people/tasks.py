"""Background tasks for accounts (django-tasks; `manage.py db_worker` runs them)."""

from __future__ import annotations

from django_tasks import task

from ecfhub.people.reset import send_reset_links


@task()
def send_password_reset(email: str) -> int:
    """Look the address up and queue its reset e-mail, away from the request that asked (see views)."""
    return send_reset_links(email=email)
