"""PostgreSQL stores (psycopg 3, extra `formify[postgres]`): tokens per key, webhook event ids.

The refresh lock is `pg_advisory_xact_lock` taken in the transaction that then reads and
writes the account's row: the new token commits when the lock is released, and a holder that
dies (or whose connection is cut) frees the lock and leaves nothing half-written. The save is
also a compare-and-set on the spent refresh token, so no worker can roll the row back.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from formify._exceptions import ValidationError
from formify.stores._common import check_key, check_ttl, store_errors
from formify.stores._sql import SQLTokenStore

if TYPE_CHECKING:
    import psycopg

__all__ = ["PostgresEventIdStore", "PostgresTokenStore"]

_TOKENS = """CREATE TABLE IF NOT EXISTS formify_tokens (
    key text PRIMARY KEY, token text NOT NULL, refresh_token text, refused text)"""
_EVENTS = """CREATE TABLE IF NOT EXISTS formify_events (
    event_id text PRIMARY KEY, state text NOT NULL, expires timestamptz NOT NULL)"""
# Serialises the CREATE TABLEs of workers starting together (they would race on pg_type).
_SCHEMA_LOCK = 0x466F726D  # "Form"


def _psycopg() -> Any:
    try:
        import psycopg
    except ImportError:  # pragma: no cover - the extra is missing
        raise ValidationError("dsn", "needs psycopg 3: pip install 'formify[postgres]'") from None
    return psycopg


def _describe(dsn: str) -> str:
    """user@host:port/dbname of a DSN, never its password."""
    try:
        parts = _psycopg().conninfo.conninfo_to_dict(dsn)
    except Exception:
        return "<unparsable dsn>"
    user = f"{parts['user']}@" if parts.get("user") else ""
    return f"{user}{parts.get('host', '')}:{parts.get('port', 5432)}/{parts.get('dbname', '')}"


class _Database:
    def __init__(self, dsn: Any, schema: str, connect_timeout: float) -> None:
        if not isinstance(dsn, str) or not dsn.strip():
            raise ValidationError("dsn", "must be a libpq connection string or URI")
        self.dsn = dsn
        self.name = _describe(dsn)
        self._schema = schema
        self._timeout = max(1, round(connect_timeout))
        self._ready = False

    def connect(self, *, autocommit: bool = True) -> psycopg.Connection[Any]:
        conn: psycopg.Connection[Any] = _psycopg().connect(
            self.dsn, autocommit=autocommit, connect_timeout=self._timeout
        )
        if not self._ready:
            with conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK,))
                conn.execute(self._schema)
            if not autocommit:
                conn.commit()
            self._ready = True
        return conn


class PostgresTokenStore(SQLTokenStore):
    """Tokens of many accounts in PostgreSQL, one row per `key`; processes on any host.

    ```python
    store = PostgresTokenStore("postgresql://app@db/app", key=f"account:{account_id}")
    ```
    """

    _param = "%s"
    _same = "IS NOT DISTINCT FROM"

    def __init__(self, dsn: str, key: str, *, connect_timeout: float = 5.0) -> None:
        super().__init__()
        self.key = check_key(key)
        self._db = _Database(dsn, _TOKENS, check_ttl(connect_timeout, "connect_timeout"))

    def __repr__(self) -> str:
        return f"PostgresTokenStore(db={self._db.name!r}, key={self.key!r})"

    def _connect(self) -> psycopg.Connection[Any]:
        return self._db.connect()

    def _lock(self, conn: Any) -> None:
        # Autocommit off for this connection: the lock and the write share one transaction.
        conn.autocommit = False
        conn.execute(
            "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))",
            (f"formify_tokens:{self.key}",),
        )


class PostgresEventIdStore:
    """Webhook event ids in PostgreSQL, for `ProcessedEvents(store=...)` on any host.

    `claim_in(conn, event_id)` marks an event handled inside the caller's own transaction, so
    the handling and the mark commit (or roll back) together.
    """

    def __init__(self, dsn: str, *, connect_timeout: float = 5.0) -> None:
        self._db = _Database(dsn, _EVENTS, check_ttl(connect_timeout, "connect_timeout"))
        self._local = threading.local()  # one connection per thread, reused

    def __repr__(self) -> str:
        return f"PostgresEventIdStore(db={self._db.name!r})"

    @contextlib.contextmanager
    def _conn(self, action: str) -> Iterator[psycopg.Connection[Any]]:
        with store_errors(self, action):
            conn = getattr(self._local, "conn", None)
            if conn is None or conn.closed:
                conn = self._local.conn = self._db.connect()
            try:
                yield conn
            except _psycopg().OperationalError:
                self._local.conn = None  # broken: reconnect on the next call
                conn.close()
                raise

    _CLAIM = (
        "INSERT INTO formify_events (event_id, state, expires) "
        "VALUES (%s, %s, now() + make_interval(secs => %s)) "
        "ON CONFLICT (event_id) DO UPDATE SET state = EXCLUDED.state, expires = EXCLUDED.expires "
        "WHERE formify_events.expires <= now() RETURNING event_id"
    )

    def add_if_absent(self, event_id: str, state: str, ttl_seconds: float) -> str | None:
        """Record `event_id` with `state` unless present; None if recorded, else its state."""
        with self._conn("claim") as conn:
            for _ in range(3):  # present, then gone before the SELECT: try again
                if conn.execute(self._CLAIM, (event_id, state, ttl_seconds)).fetchone():
                    return None
                row = conn.execute(
                    "SELECT state FROM formify_events WHERE event_id = %s AND expires > now()",
                    (event_id,),
                ).fetchone()
                if row is not None:
                    return str(row[0])
        raise ValidationError("event_id", "kept expiring while being claimed")

    def put(self, event_id: str, state: str, ttl_seconds: float) -> None:
        """Record `event_id` with `state`, replacing what was there."""
        with self._conn("save") as conn:
            conn.execute(
                "INSERT INTO formify_events (event_id, state, expires) "
                "VALUES (%s, %s, now() + make_interval(secs => %s)) ON CONFLICT (event_id) "
                "DO UPDATE SET state = EXCLUDED.state, expires = EXCLUDED.expires",
                (event_id, state, ttl_seconds),
            )

    def discard(self, event_id: str) -> None:
        """Forget `event_id`."""
        with self._conn("discard") as conn:
            conn.execute("DELETE FROM formify_events WHERE event_id = %s", (event_id,))

    def claim_in(
        self, conn: psycopg.Connection[Any], event_id: str, ttl_seconds: float = 48 * 3600.0
    ) -> bool:
        """Mark `event_id` done inside `conn`'s open transaction: True only the first time.

        Commit the transaction after handling the event; a rollback un-marks it. A second
        delivery handled concurrently waits on the row until the first commits (then False)
        or rolls back (then True).
        """
        psycopg = _psycopg()
        if not isinstance(conn, psycopg.Connection):
            raise ValidationError("conn", "must be a psycopg.Connection in a transaction")
        if not isinstance(event_id, str) or not event_id:
            raise ValidationError("event_id", "must be a non-empty string")
        if not self._db._ready:
            with self._conn("claim"):
                pass
        with store_errors(self, "claim"):
            row = conn.execute(self._CLAIM, (event_id, "done", ttl_seconds)).fetchone()
        return row is not None
