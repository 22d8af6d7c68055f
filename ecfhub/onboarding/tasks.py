"""Background tasks for onboarding (django-tasks; `manage.py db_worker` runs them)."""

from __future__ import annotations

from django_tasks import task

from ecfhub.onboarding.invitations import request_new_invitation


@task()
def send_new_link(email: str) -> None:
    """Someone asked for a new set-up link: decide here, away from the request (see views.account.new_link)."""
    request_new_invitation(email=email)
