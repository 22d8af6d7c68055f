"""Password reset: the link, made when its e-mail is sent (registered in notifications.links)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from ecfhub.notifications import emails
from ecfhub.people.forms import ResetForm


def send_reset_links(*, email: str) -> int:
    """Queue a reset e-mail to each active account with a password at this address; how many.

    Runs in the background (people/tasks.py), so the page that asked does the same work,
    one queued task, whether or not the address has an account."""
    users = list(ResetForm().get_users(email))
    for user in users:
        emails.password_reset(user=user)
    return len(users)


def reset_link(message: Any, reference: str) -> str:
    """Django's reset link for the message's account, from SITE_URL (never a request's Host).

    The token is derived from the account's current state, so making it at each attempt
    changes nothing: it stops working once the password changes or PASSWORD_RESET_TIMEOUT
    passes. A message whose account is gone gets the page for asking again."""
    user = message.user
    if user is None or not user.is_active:
        return settings.SITE_URL + reverse("password_reset")
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return settings.SITE_URL + path
