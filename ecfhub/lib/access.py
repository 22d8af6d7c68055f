"""View decorators for role checks. Object-level checks live in each app's access.py."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase

from ecfhub.people.models import Role

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def role_required(*roles: str) -> Callable[[View], View]:
    """Signed-in users holding any of `roles`; others get 403, anonymous users the sign-in page."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            user = request.user
            if not any(user.has_role(role) for role in roles):  # type: ignore[union-attr]
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(wrapped)  # type: ignore[return-value]

    return decorator


hub_admin_required = role_required(Role.HUB_ADMIN)
