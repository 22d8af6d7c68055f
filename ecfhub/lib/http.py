"""Request types for views.

A view behind ``login_required``, ``role_required`` or ``hub_admin_required`` only ever
runs for a signed-in person, but ``HttpRequest.user`` is typed ``User | AnonymousUser``.
Annotating such a view's request as ``AuthenticatedRequest`` says so once, for the type
checker (the approach django-stubs documents), instead of a cast or an ignore at each use."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    # For the annotation only: lib imports no app at run time (pyproject's import contracts).
    from ecfhub.people.models import User


class AuthenticatedRequest(HttpRequest):
    """The request a view sees behind a sign-in or role decorator. Django still passes an
    HttpRequest; this class only narrows ``user`` for annotations and is never instantiated."""

    user: User
