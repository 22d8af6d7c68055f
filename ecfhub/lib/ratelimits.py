"""Limits on what sends e-mail (password reset, set-up links, resending, address changes).

Every limit counts uses in a fixed window with django-ratelimit over the default cache. In
production that cache is the database (settings: ECFHUB_DB_CACHE defaults on with DEBUG=0, and
migration hub/0002 creates its table), so every gunicorn worker and app server shares the counts.
The database cache's increment is a read and a write, not one atomic step: two requests at the
same instant may both be let through at the limit, so a limit may be passed by as many requests
as run at once (a worker handles one at a time), never more; the e-mail flood stays bounded.

A limit keyed on an address typed into a public form counts the same whether or not an account
has that address, so hitting it reveals nothing about who has an account."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django_ratelimit.core import get_usage


@dataclass(frozen=True)
class Limit:
    group: str
    rate: str  # django-ratelimit's "count/period", e.g. "3/h"
    message: str


# Public forms that send a link to an address.
RESET_PER_ADDRESS = Limit(
    "reset-per-address",
    "3/h",
    "We have sent several e-mails to this address in the last hour. Check your inbox and spam folder, "
    "or try again in an hour.",
)
RESET_PER_CLIENT = Limit(
    "reset-per-client", "10/h", "There have been too many requests from your network in the last hour. Try again later."
)
NEW_LINK_PER_ADDRESS = Limit("new-link-per-address", "3/h", RESET_PER_ADDRESS.message)
NEW_LINK_PER_CLIENT = Limit("new-link-per-client", "10/h", RESET_PER_CLIENT.message)
# Set-up links sent by a tutor or hub admin (resending, or after correcting an address).
LINKS_PER_RECIPIENT = Limit(
    "set-up-links-per-recipient",
    "3/h",
    "A set-up link has been sent to this person several times in the last hour. Wait an hour before sending another.",
)
LINKS_PER_SENDER = Limit(
    "set-up-links-per-sender",
    "30/h",
    "You have sent a lot of set-up links in the last hour. Wait a while before sending more, "
    "or contact the hub if you need to send many.",
)


def client_address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))


def exceeded(request: HttpRequest, limit: Limit, value: object) -> bool:
    """Count one use of `limit` by `value` (an address, a client, an account id); True once over the limit."""
    usage = get_usage(request, group=limit.group, key=lambda group, req: str(value), rate=limit.rate, increment=True)
    return bool(usage and usage["should_limit"])


def first_exceeded(request: HttpRequest, checks: list[tuple[Limit, object]]) -> Limit | None:
    """Count one use against each (limit, value); the first limit passed, if any. Every limit is
    counted even when an earlier one is passed, so trying again does not slip past a later one."""
    passed = [limit for limit, value in checks if exceeded(request, limit, value)]
    return passed[0] if passed else None
