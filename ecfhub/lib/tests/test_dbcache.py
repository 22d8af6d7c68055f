"""The database cache the e-mail limits count in: a count lasts its window and is never culled early.
(Concurrent counting, on SQLite and PostgreSQL, is in test_ratelimits.py.)"""

from __future__ import annotations

import datetime
import uuid

import pytest
import time_machine

from ecfhub.lib.dbcache import AtomicDatabaseCache

pytestmark = pytest.mark.django_db

HOUR = 3600


def _cache(**options: int) -> AtomicDatabaseCache:
    """The limits' table (settings CACHES["ratelimit"] without Redis; every migrate creates it), under
    a key prefix of this test's own."""
    return AtomicDatabaseCache("ecfhub_cache", {"KEY_PREFIX": uuid.uuid4().hex, "OPTIONS": options})


def test_a_count_keeps_the_expiry_it_was_stored_with():
    cache = _cache()
    with time_machine.travel(datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC), tick=False) as clock:
        assert cache.add("sent", 1, HOUR)
        assert cache.incr("sent") == 2
        # Django's own incr stores the sum with the cache's default timeout (five minutes), so after a
        # quiet quarter of an hour the count would start again at one.
        clock.shift(datetime.timedelta(minutes=15))
        assert cache.incr("sent") == 3
        clock.shift(datetime.timedelta(minutes=46))
        assert cache.get("sent") is None


def test_counting_something_never_stored_or_expired_is_refused():
    cache = _cache()
    with pytest.raises(ValueError):
        cache.incr("never-stored")
    with time_machine.travel(datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC), tick=False) as clock:
        cache.add("short", 1, 60)
        clock.shift(datetime.timedelta(minutes=2))
        with pytest.raises(ValueError):
            cache.incr("short")


def test_a_full_table_loses_expired_counts_but_never_a_live_one():
    cache = _cache(MAX_ENTRIES=5)
    with time_machine.travel(datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC), tick=False) as clock:
        cache.add("old", 1, 60)
        clock.shift(datetime.timedelta(minutes=2))
        # Someone typing address after address fills the table with counts of their own.
        for n in range(20):
            cache.add(f"count-{n:02}", 1, HOUR)
        assert cache.get("old") is None
        assert all(cache.get(f"count-{n:02}") == 1 for n in range(20))
