"""The e-mail limits: requests at the same moment never pass a limit together, on the database
cache (SQLite and PostgreSQL) or on Redis; and the client is who our own proxies say, never who a
client says it is."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import OperationalError, connection, connections
from django.test import Client, RequestFactory
from django.urls import reverse

from ecfhub.conftest import PASSWORD
from ecfhub.lib import ratelimits

TWENTY_AN_HOUR = ratelimits.Limit("test-race", "20/h", "Too many.")
PROXY = "10.0.0.5"
# Redis database 13 of the server CI starts: not 0, where anything else on the machine writes by
# default; every key is under this run's own prefix, and only those keys are deleted afterwards.
REDIS_URL = os.environ.get("ECFHUB_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")


def _race(threads: int, each: int, limit: ratelimits.Limit) -> Counter[str]:
    """`threads` clients, each in its own thread with its own database connection, start at the same
    moment and each send `each` requests counted against `limit` for one address: how many passed
    and how many were limited."""
    barrier = threading.Barrier(threads)
    outcomes: Counter[str] = Counter()

    def send(request: Any) -> str:
        for _ in range(200):
            try:
                return "limited" if ratelimits.exceeded(request, limit, "someone@school.test") else "passed"
            except OperationalError:
                # SQLite's shared in-memory test database refuses a second writer outright instead of
                # making it wait, as a database file does: nothing was counted or sent; ask again.
                time.sleep(0.005)
        return "refused"

    def client() -> None:
        try:
            barrier.wait()
            for _ in range(each):
                outcomes[send(RequestFactory().post("/"))] += 1
        finally:
            connections.close_all()

    started = [threading.Thread(target=client) for _ in range(threads)]
    for thread in started:
        thread.start()
    for thread in started:
        thread.join()
    return outcomes


# --- counted in one step ------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_eighty_requests_at_once_on_the_database_pass_a_limit_of_twenty_only_twenty_times():
    outcomes = _race(threads=8, each=10, limit=TWENTY_AN_HOUR)
    assert outcomes["passed"] + outcomes["limited"] == 80
    if connection.vendor == "postgresql":
        assert outcomes["passed"] == 20
    else:
        # SQLite may refuse a write it cannot lock at once, and then that request is limited (the
        # limits fail closed): fewer may pass, never more.
        assert 0 < outcomes["passed"] <= 20


@pytest.fixture
def redis_counts(settings: Any) -> Iterator[None]:
    """The limits counted in Redis, as when REDIS_URL is set. Skipped where Redis is not running,
    except in CI (ECFHUB_REQUIRE_REDIS=1, .ci/run starts it), where that is a failure."""
    try:
        # Imported here: a laptop without redis-py still runs every other test.
        client = importlib.import_module("redis").Redis.from_url(REDIS_URL)
        client.ping()
    except Exception as error:  # redis-py missing, or no server: ImportError, redis.ConnectionError
        if os.environ.get("ECFHUB_REQUIRE_REDIS"):
            raise
        pytest.skip(f"no Redis at {REDIS_URL} ({error}); CI runs this test")
    prefix = f"ecfhub-test-{uuid.uuid4().hex}"
    settings.CACHES = {
        **settings.CACHES,
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        },
    }
    yield
    ours = list(client.scan_iter(match=f"{prefix}:*"))
    if ours:
        client.delete(*ours)
    client.close()


def test_eighty_requests_at_once_on_redis_pass_a_limit_of_twenty_only_twenty_times(redis_counts):
    outcomes = _race(threads=8, each=10, limit=TWENTY_AN_HOUR)
    assert outcomes == Counter(passed=20, limited=60)


# --- the client's address -----------------------------------------------------------------------


def _request(remote_addr: str, forwarded_for: str | None = None) -> Any:
    extra = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for is not None else {}
    return RequestFactory().post("/", REMOTE_ADDR=remote_addr, **extra)


def test_a_client_not_behind_our_proxy_is_counted_by_its_own_address_whatever_it_forwards(settings):
    request = _request("203.0.113.7", "198.51.100.1")
    assert ratelimits.client_address(request) == "203.0.113.7"  # no proxy trusted: the default
    settings.IPWARE_TRUSTED_PROXIES = [PROXY]
    assert ratelimits.client_address(request) == "203.0.113.7"


def test_behind_our_proxy_the_client_is_the_address_the_proxy_added(settings):
    settings.IPWARE_TRUSTED_PROXIES = ["10.0.0.0/24"]
    # nginx's $proxy_add_x_forwarded_for: whatever the client sent, then the address it came from.
    assert ratelimits.client_address(_request(PROXY, "203.0.113.20")) == "203.0.113.20"
    assert ratelimits.client_address(_request(PROXY, "192.0.2.1, 203.0.113.20")) == "203.0.113.20"
    assert ratelimits.client_address(_request(f"::ffff:{PROXY}", "junk, 203.0.113.20")) == "203.0.113.20"
    # A proxy that forwarded nothing is all we know.
    assert ratelimits.client_address(_request(PROXY)) == PROXY


def test_behind_two_of_our_proxies_only_their_entries_are_believed(settings):
    settings.IPWARE_TRUSTED_PROXIES = [PROXY, "192.0.2.80"]  # nginx, and a load balancer in front
    settings.IPWARE_PROXY_COUNT = 2
    assert ratelimits.client_address(_request(PROXY, "198.51.100.9, 203.0.113.20, 192.0.2.80")) == "203.0.113.20"
    # Straight to nginx, round the load balancer: the client's own entries are not believed.
    assert ratelimits.client_address(_request(PROXY, "192.0.2.80, 203.0.113.21")) == "203.0.113.21"


def _start(**env: str) -> subprocess.CompletedProcess[str]:
    """Load the settings in a new process with `env`; print where the limits count."""
    code = "import django; django.setup(); from django.conf import settings; print(settings.CACHES['ratelimit'])"
    return subprocess.run(
        [sys.executable, "-c", code], env={**os.environ, **env}, capture_output=True, text=True, check=False
    )


def test_with_redis_url_set_the_limits_count_in_redis_and_otherwise_in_the_database():
    assert "'django.core.cache.backends.redis.RedisCache'" in _start(REDIS_URL="redis://cache.internal:6379/0").stdout
    assert "'ecfhub.lib.dbcache.AtomicDatabaseCache'" in _start(REDIS_URL="").stdout


def test_the_settings_refuse_a_proxy_that_is_not_an_address():
    done = _start(IPWARE_TRUSTED_PROXIES="10.0.0.5, nginx.internal")
    assert done.returncode != 0
    assert "IPWARE_TRUSTED_PROXIES: 'nginx.internal' is not an address or a network" in done.stderr


@pytest.mark.django_db
def test_two_clients_behind_our_proxy_are_limited_separately(settings):
    settings.IPWARE_TRUSTED_PROXIES = [PROXY]

    def ask(client_address: str, n: int, spoofed: str = "192.0.2.1") -> int:
        through_proxy = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"{spoofed}, {client_address}")
        return through_proxy.post(reverse("password_reset"), {"email": f"person{n}@school.test"}).status_code

    # One client asking for eleven addresses, changing what it forwards each time, is stopped at ten.
    assert [ask("203.0.113.30", n, spoofed=f"192.0.2.{n}") for n in range(11)] == [302] * 10 + [429]
    # Another school behind the same proxy is not.
    assert ask("203.0.113.31", 0) == 302


@pytest.mark.django_db
def test_sign_in_throttling_counts_the_client_behind_our_proxy_too(settings, tutor):
    settings.IPWARE_TRUSTED_PROXIES = [PROXY]

    def sign_in(client_address: str, password: str) -> int:
        through_proxy = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=client_address)
        return through_proxy.post(reverse("login"), {"username": tutor.email, "password": password}).status_code

    guesses = [sign_in("198.51.100.66", "wrong-password") for _ in range(settings.AXES_FAILURE_LIMIT)]
    assert guesses[-1] == 429
    # The tutor, at school, is not locked out by someone guessing elsewhere through the same proxy.
    assert sign_in("203.0.113.40", PASSWORD) == 302


# --- when the counts cannot be reached ----------------------------------------------------------


@pytest.fixture
def redis_down(settings: Any) -> None:
    """The limits counted in a Redis nobody listens at (a closed port on this machine)."""
    import socket

    with socket.socket() as probe:  # a port just freed: connecting to it is refused
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.CACHES = {
        **settings.CACHES,
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
        },
    }


@pytest.mark.django_db
def test_with_redis_unreachable_a_password_reset_is_refused_in_words_and_nothing_is_queued(client, redis_down, caplog):
    from django_tasks_db.models import DBTaskResult

    response = client.post("/account/password-reset/", {"email": "erin@riverside.test"})
    assert response.status_code == 429
    assert "We cannot send e-mails at the moment. Nothing has been sent." in response.content.decode()
    assert DBTaskResult.objects.count() == 0
    assert "could not be counted" in caplog.text
