"""View decorators for role checks. Object-level checks live in each app's access.py."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBase

from ecfhub.lib.http import AuthenticatedRequest

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def role_required(*roles: str) -> Callable[[View], View]:
    """Signed-in users holding any of `roles`; others get 403, anonymous users the sign-in page."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: AuthenticatedRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            # login_required runs first, so the user here is signed in.
            if not any(request.user.has_role(role) for role in roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        # The wrapper takes the same arguments as `view`; a TypeVar-typed decorator cannot say so.
        return cast(View, login_required(wrapped))

    return decorator


# people.models.Role.HUB_ADMIN, spelled out because lib imports no app (pyproject's import contracts);
# lib/tests/test_access.py checks the two agree.
HUB_ADMIN = "hub_admin"

hub_admin_required = role_required(HUB_ADMIN)
