"""Sign-in throttling (django-axes), on the hub's own site and the Django admin alike.

Two limits, both over AXES_COOLOFF_TIME:
- AXES_FAILURE_LIMIT wrong passwords for one account from one client address lock that
  pair, so one person guessing cannot lock a whole school out of its shared address;
- ECFHUB_SIGNIN_ADDRESS_LIMIT wrong passwords from one address, whatever accounts they
  name, lock that address, so guessing across many accounts (or across spellings of one
  account) is bounded too.

The account is counted under the address exactly as sign-in finds it (stripped and
lower-cased, see UserManager.get_by_natural_key), so " Name@School.org " is the same
account as "name@school.org" here as well."""

from __future__ import annotations

from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


def normalise_username(value: Any) -> str:
    """The account name as sign-in reads it: surrounding spaces dropped, case ignored."""
    return str(value or "").strip().lower()


def throttle_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str:
    """AXES_USERNAME_CALLABLE: the normalised account name from the credentials, else the form."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials and credentials.get(field) is not None:
        return normalise_username(credentials[field])
    data = getattr(request, "data", None) or request.POST
    return normalise_username(data.get(field))


class SignInHandler(AxesDatabaseHandler):
    """axes' database handler plus a limit per client address (the pair limit is axes' own)."""

    def address_failures(self, request: Any) -> int:
        address = getattr(request, "axes_ip_address", None)
        if not address:
            return 0
        total = AccessAttempt.objects.filter(
            ip_address=address, attempt_time__gte=get_cool_off_threshold(request)
        ).aggregate(total=Sum("failures_since_start"))["total"]
        return total or 0

    def is_locked(self, request: Any, credentials: dict[str, Any] | None = None) -> bool:
        if super().is_locked(request, credentials):
            return True
        return self.address_failures(request) >= settings.ECFHUB_SIGNIN_ADDRESS_LIMIT

    def user_login_failed(self, sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
        super().user_login_failed(sender, credentials, request, **kwargs)
        # The failure that reaches the address limit answers "too many attempts" at once, as the
        # pair limit does, rather than one attempt later.
        if (
            request is not None
            and not getattr(request, "axes_locked_out", False)
            and self.address_failures(request) >= settings.ECFHUB_SIGNIN_ADDRESS_LIMIT
        ):
            request.axes_locked_out = True
