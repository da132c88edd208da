"""SQLite stores (stdlib `sqlite3`): tokens per account key and webhook event ids, one host.

Processes on one host share the database file. The refresh lock is an immediate write
transaction (`BEGIN IMMEDIATE`), held while the refresh is decided and done and committed on
the way out, so the new token is durable before any request carries it. A holder that dies
leaves nothing half-written (SQLite rolls its transaction back) and the lock is free at once.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from formify._exceptions import ValidationError
from formify.stores._common import check_key, check_ttl, store_errors
from formify.stores._sql import SQLTokenStore

__all__ = ["SQLiteEventIdStore", "SQLiteTokenStore"]

_TOKENS = """CREATE TABLE IF NOT EXISTS formify_tokens (
    key TEXT PRIMARY KEY, token TEXT NOT NULL, refresh_token TEXT, refused TEXT)"""
_EVENTS = """CREATE TABLE IF NOT EXISTS formify_events (
    event_id TEXT PRIMARY KEY, state TEXT NOT NULL, expires REAL NOT NULL)"""


def _path(path: Any) -> Path:
    if not isinstance(path, str | os.PathLike) or not str(path):
        raise ValidationError("path", "must be a file path")
    return Path(os.path.expanduser(path))


class _Database:
    """One SQLite file: connections with a busy timeout, WAL, the file created 0600."""

    def __init__(
        self, path: Path, schema: str, timeout: float, *, synchronous: str = "FULL"
    ) -> None:
        self.path = path
        self._schema = schema
        self._timeout = timeout
        self._synchronous = synchronous
        self._ready = False

    def connect(self) -> sqlite3.Connection:
        if not self._ready and not self.path.exists():
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Created 0600 before SQLite opens it: it holds the tokens' secrets. Only when it
            # is missing: closing any descriptor of a file drops every POSIX lock this process
            # holds on it, SQLite's included (another thread's transaction would lose them).
            with contextlib.suppress(FileExistsError):
                os.close(os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600))
        # Autocommit mode (isolation_level=None): transactions are begun explicitly. The async
        # client may use a connection from a thread other than the one that opened it.
        conn = sqlite3.connect(
            self.path, timeout=self._timeout, isolation_level=None, check_same_thread=False
        )
        conn.execute(f"PRAGMA synchronous={self._synchronous}")
        if not self._ready:
            try:
                self._set_up(conn)
            except BaseException:
                conn.close()
                raise
            self._ready = True
        return conn

    def _set_up(self, conn: sqlite3.Connection) -> None:
        """WAL and the table, retried while other processes set up the same new file.

        Switching to WAL needs the file to itself, and SQLite answers "database is locked"
        at once, without waiting out the busy timeout, when two connections reach for that
        together (it would otherwise deadlock): many workers opening a new file at once.
        """
        deadline = time.monotonic() + self._timeout
        pause = 0.002
        while True:
            try:
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("BEGIN IMMEDIATE")  # waits its turn, unlike a deferred upgrade
                conn.execute(self._schema)
                conn.execute("COMMIT")
                return
            except sqlite3.OperationalError as exc:
                if conn.in_transaction:
                    conn.rollback()
                busy = exc.sqlite_errorcode & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
                if not busy or time.monotonic() + pause > deadline:
                    raise
            time.sleep(pause)
            pause = min(pause * 2, 0.1)


class SQLiteTokenStore(SQLTokenStore):
    """Tokens of many accounts in one SQLite file, one row per `key`; processes on one host.

    ```python
    store = SQLiteTokenStore("~/.local/share/myapp/tokens.db", key=f"account:{account_id}")
    ```

    The refresh lock is an immediate write transaction (`BEGIN IMMEDIATE`).
    """

    def __init__(self, path: str | os.PathLike[str], key: str, *, timeout: float = 120.0) -> None:
        super().__init__()
        self.key = check_key(key)
        self._db = _Database(_path(path), _TOKENS, check_ttl(timeout, "timeout"))

    @property
    def path(self) -> Path:
        """The database file."""
        return self._db.path

    def __repr__(self) -> str:
        return f"SQLiteTokenStore(path={str(self.path)!r}, key={self.key!r})"

    def _connect(self) -> sqlite3.Connection:
        return self._db.connect()

    def _lock(self, conn: Any) -> None:
        conn.execute("BEGIN IMMEDIATE")


class SQLiteEventIdStore:
    """Webhook event ids in one SQLite file, for `ProcessedEvents(store=...)` on one host."""

    def __init__(self, path: str | os.PathLike[str], *, timeout: float = 60.0) -> None:
        # NORMAL in WAL mode: a commit survives the process dying, if not a power cut (then
        # a redelivery would be handled again); tokens keep FULL, a lost one ends the grant.
        self._db = _Database(
            _path(path), _EVENTS, check_ttl(timeout, "timeout"), synchronous="NORMAL"
        )
        self._calls = 0
        self._local = threading.local()  # one connection per thread, reused

    @contextlib.contextmanager
    def _conn(self, action: str) -> Iterator[sqlite3.Connection]:
        with store_errors(self, action):
            conn = getattr(self._local, "conn", None)
            if conn is None:
                conn = self._local.conn = self._db.connect()
            try:
                yield conn
            except BaseException:
                if conn.in_transaction:
                    conn.rollback()
                raise

    def __repr__(self) -> str:
        return f"SQLiteEventIdStore(path={str(self._db.path)!r})"

    def add_if_absent(self, event_id: str, state: str, ttl_seconds: float) -> str | None:
        """Record `event_id` with `state` unless present; None if recorded, else its state."""
        now = time.time()
        with self._conn("claim") as conn:
            # One immediate transaction: no other writer between the read and the write.
            conn.execute("BEGIN IMMEDIATE")
            row = conn.execute(
                "SELECT state, expires FROM formify_events WHERE event_id = ?", (event_id,)
            ).fetchone()
            if row is not None and row[1] > now:
                conn.commit()
                return str(row[0])
            conn.execute(
                "INSERT OR REPLACE INTO formify_events VALUES (?, ?, ?)",
                (event_id, state, now + ttl_seconds),
            )
            self._calls += 1
            if self._calls % 1000 == 0:  # keep the table to about one TTL of ids
                conn.execute("DELETE FROM formify_events WHERE expires <= ?", (now,))
            conn.commit()
            return None

    def put(self, event_id: str, state: str, ttl_seconds: float) -> None:
        """Record `event_id` with `state`, replacing what was there."""
        with self._conn("save") as conn:
            conn.execute(
                "INSERT OR REPLACE INTO formify_events VALUES (?, ?, ?)",
                (event_id, state, time.time() + ttl_seconds),
            )

    def discard(self, event_id: str) -> None:
        """Forget `event_id`."""
        with self._conn("discard") as conn:
            conn.execute("DELETE FROM formify_events WHERE event_id = ?", (event_id,))
