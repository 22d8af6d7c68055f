"""The database cache, made safe for counting: what the e-mail limits use when there is no Redis.

Django's DatabaseCache is fine for keeping values but not for counting them, for three reasons:
- its `incr` reads the count and then writes it back in a second statement, so two requests at
  once both read 2, both write 3, and both pass a limit of 3;
- that write also gives the row the cache's default timeout (five minutes), so a counter that
  should last the hour is forgotten after five quiet minutes;
- when the table holds more than MAX_ENTRIES rows it deletes a third of them, live or not, so
  anyone who fills the table with counters (one per address typed) resets everyone else's.

`AtomicDatabaseCache` changes only those: `incr` locks the row, adds, and writes the new count in
one transaction, leaving its expiry alone; culling removes only expired rows. Everything else,
the table (`createcachetable`, run by every `migrate`: hub/apps.py) and the way values are stored,
is Django's, so the rows it writes are read by the plain DatabaseCache and the other way round.

Values are stored pickled (base64 text), so the database cannot add to them itself: the row is
locked first with an UPDATE that writes nothing (PostgreSQL locks the row; SQLite takes its one
write lock), and the count read after that lock is the latest. Tested with concurrent requests on
SQLite and PostgreSQL in `lib/tests/test_ratelimits.py`."""

from __future__ import annotations

import base64
import pickle
from typing import Any

from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction
from django.utils import timezone


class AtomicDatabaseCache(DatabaseCache):
    _table: str  # set by BaseDatabaseCache from LOCATION (django-stubs does not declare it)

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        """Add `delta` to the number stored under `key` and return the sum; ValueError if there is
        none. Guarantees: concurrent calls each see a different sum (none is lost); the entry keeps
        the expiry it was stored with."""
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote_name = connection.ops.quote_name
        # Quoted names of the cache's own table and columns: nothing in these statements comes from a request.
        table, cache_key, value, expires = (quote_name(name) for name in (self._table, "cache_key", "value", "expires"))
        lock = f"UPDATE {table} SET {expires} = {expires} WHERE {cache_key} = %s AND {expires} >= %s"  # noqa: S608
        read = f"SELECT {value} FROM {table} WHERE {cache_key} = %s"  # noqa: S608
        write = f"UPDATE {table} SET {value} = %s WHERE {cache_key} = %s"  # noqa: S608
        with transaction.atomic(using=db), connection.cursor() as cursor:
            # Writing nothing locks the row (on SQLite, the database) until this transaction ends, and
            # says whether the entry is there and unexpired; a second caller waits here.
            cursor.execute(lock, [key, connection.ops.adapt_datetimefield_value(timezone.now().replace(microsecond=0))])
            if cursor.rowcount != 1:
                raise ValueError(f"Key '{key}' not found")
            cursor.execute(read, [key])
            stored = connection.ops.process_clob(cursor.fetchone()[0])
            # The cache's own rows, read as DatabaseCache.get reads them.
            count = pickle.loads(base64.b64decode(stored.encode())) + delta  # noqa: S301
            cursor.execute(write, [base64.b64encode(pickle.dumps(count, self.pickle_protocol)).decode("latin1"), key])
        return int(count)

    def _cull(self, db: str, cursor: Any, now: Any, num: int) -> None:
        # A counter deleted before its time would let its limit be passed: past MAX_ENTRIES, delete
        # only the expired rows (Django's own culling then deletes a third of the live ones too).
        ops = connections[db].ops
        expired = f"DELETE FROM {ops.quote_name(self._table)} WHERE {ops.quote_name('expires')} < %s"  # noqa: S608
        cursor.execute(expired, [ops.adapt_datetimefield_value(now)])
