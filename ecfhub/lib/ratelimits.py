"""Limits on what sends e-mail (password reset, set-up links, resending, address changes), and
the client's address they (and sign-in throttling) count by.

Every limit counts uses in a fixed window with django-ratelimit over its own cache (settings
CACHES["ratelimit"]): Redis when REDIS_URL is set, otherwise the database through
`lib/dbcache.AtomicDatabaseCache`. Either way the count is shared by every gunicorn worker and app
server and goes up in one atomic step, so however many requests arrive at once, a limit of N lets
exactly N through. If the count cannot be read or written (Redis or the database unreachable), the
request is refused with `COUNT_UNAVAILABLE`'s message and the error is logged: nothing is sent
uncounted, and the person reads what to do instead of a server error.

A limit keyed on an address typed into a public form counts the same whether or not an account
has that address, so hitting it reveals nothing about who has an account.

The client's address is REMOTE_ADDR unless that is one of the installation's own reverse proxies
(settings IPWARE_TRUSTED_PROXIES); only then is X-Forwarded-For believed, and only the entries
those proxies wrote (`client_address`)."""

from __future__ import annotations

import functools
import ipaddress
import logging
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import get_usage
from ipware import get_client_ip

Network = ipaddress.IPv4Network | ipaddress.IPv6Network

logger = logging.getLogger(__name__)


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


# Not a limit: what a person reads when the counts cannot be reached, so nothing can be sent counted.
COUNT_UNAVAILABLE = Limit(
    "count-unavailable",
    "",
    "We cannot send e-mails at the moment. Nothing has been sent. Try again in a few minutes.",
)


# The lead-provider API (api/auth.py): DfE's own limit for its API, per token, in 5-minute windows.
API_PER_TOKEN = Limit(
    "api-per-token",
    "1000/5m",
    "Too many requests for this token: at most 1,000 in 5 minutes. Wait for the time in Retry-After.",
)


def client_address(request: HttpRequest) -> str:
    """The address of the client that sent `request`, as far as the installation can vouch for it.

    REMOTE_ADDR is whoever opened the connection. When that is one of our reverse proxies
    (IPWARE_TRUSTED_PROXIES), the proxy appended the address it was sent from to X-Forwarded-For, so
    that right-most entry is believed, and so on leftwards through at most IPWARE_PROXY_COUNT of our
    proxies. Everything further left was written by the client and is never believed: a client that
    is not behind our proxies cannot choose the address it is counted under. django-ipware reads
    the header (ports, IPv6, RFC 7239 forms, junk entries skipped)."""
    address = str(request.META.get("REMOTE_ADDR", ""))
    for hops in range(settings.IPWARE_PROXY_COUNT):
        if not _is_trusted_proxy(address):
            break
        # `hops` of our proxies' entries are right of the one this proxy wrote.
        sent_from, _routable = get_client_ip(
            request, proxy_count=hops, request_header_order=["HTTP_X_FORWARDED_FOR"], strict=False
        )
        if sent_from is None:
            break
        address = sent_from
    return address


def _is_trusted_proxy(address: str) -> bool:
    networks = _networks(tuple(settings.IPWARE_TRUSTED_PROXIES))
    if not networks:
        return False
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped  # a dual-stack server shows an IPv4 proxy as ::ffff:10.0.0.5
    return any(ip in network for network in networks)


@functools.cache
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    # Checked when the settings load, so every entry is an address or a network here.
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def exceeded(request: HttpRequest, limit: Limit, value: object) -> bool:
    """Count one use of `limit` by `value` (an address, a client, an account id); True once over the limit."""
    usage = get_usage(request, group=limit.group, key=lambda group, req: str(value), rate=limit.rate, increment=True)
    return bool(usage and usage["should_limit"])


def seconds_until_allowed(request: HttpRequest, limit: Limit, value: object) -> int | None:
    """Count one use of `limit` by `value`; None while within it, else the seconds until its window
    ends (at least 1, for a Retry-After header). If the count cannot be kept, refuses for a minute
    (fail closed, logged), as `first_exceeded` does."""
    try:
        usage = get_usage(
            request, group=limit.group, key=lambda group, req: str(value), rate=limit.rate, increment=True
        )
    except _COUNT_ERRORS:
        logger.exception("Rate limits could not be counted (CACHES['ratelimit'] unreachable)")
        return 60
    if not usage or not usage["should_limit"]:
        return None
    return max(1, int(usage["time_left"]))


def first_exceeded(request: HttpRequest, checks: list[tuple[Limit, object]]) -> Limit | None:
    """Count one use against each (limit, value); the first limit passed, if any. Every limit is
    counted even when an earlier one is passed, so trying again does not slip past a later one."""
    try:
        passed = [limit for limit, value in checks if exceeded(request, limit, value)]
    except _COUNT_ERRORS:
        # Fail closed, but with words: the request is refused as if limited, the cause logged for staff.
        logger.exception("E-mail limits could not be counted (CACHES['ratelimit'] unreachable)")
        return COUNT_UNAVAILABLE
    return passed[0] if passed else None


def _count_errors() -> tuple[type[BaseException], ...]:
    """What the counting caches raise when their store cannot be reached: the database's errors,
    sockets' errors and, where redis-py is installed, Redis's."""
    from django.db import DatabaseError

    errors: list[type[BaseException]] = [DatabaseError, OSError]
    try:
        from redis.exceptions import RedisError
    except ImportError:  # redis-py is only needed where REDIS_URL is set
        pass
    else:
        errors.append(RedisError)
    return tuple(errors)


_COUNT_ERRORS = _count_errors()
