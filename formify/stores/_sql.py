"""The token store written once for SQL databases (SQLite and PostgreSQL): one row per key.

A subclass says how to connect, how to take the refresh lock inside a transaction, and how
its driver spells a parameter; the reads, the fenced upsert and the refusal record are here.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import Any

from formify._tokens import Token
from formify.stores._common import dump_token, load_token, store_errors

__all__ = ["SQLTokenStore"]

_UPSERT = (
    "INSERT INTO formify_tokens (key, token, refresh_token, refused) VALUES ({p}, {p}, {p}, NULL) "
    "ON CONFLICT (key) DO UPDATE SET token = excluded.token, "
    "refresh_token = excluded.refresh_token, refused = NULL"
)


class SQLTokenStore:
    """load / save / replace / mark_refused / refusal / refresh_lock over one table."""

    key: str
    _param = "?"  # the driver's parameter marker
    _same = "IS"  # null-safe equality

    def __init__(self) -> None:
        self._local = threading.Lock()  # one holder per store object, across its threads
        self._tx: Any = None  # the connection whose transaction holds the refresh lock

    def _connect(self) -> Any:
        """Return a new connection in autocommit mode (each statement commits)."""
        raise NotImplementedError

    def _lock(self, conn: Any) -> None:
        """Open a transaction on `conn` that holds the account's refresh lock."""
        raise NotImplementedError

    def _sql(self, text: str) -> str:
        return text.format(p=self._param, same=self._same)

    @contextlib.contextmanager
    def _conn(self, action: str) -> Iterator[Any]:
        with store_errors(self, action):
            if self._tx is not None:  # inside our refresh lock: its transaction
                yield self._tx
                return
            conn = self._connect()
            try:
                yield conn
            finally:
                conn.close()

    def load(self) -> Token | None:
        """Return the account's token, or None."""
        with self._conn("read") as conn:
            row = conn.execute(
                self._sql("SELECT token FROM formify_tokens WHERE key = {p}"), (self.key,)
            ).fetchone()
        return load_token(row[0]) if row else None

    def save(self, token: Token) -> None:
        """Store `token` for the account, replacing what was there."""
        text = dump_token(token)
        with self._conn("save") as conn:
            conn.execute(self._sql(_UPSERT), (self.key, text, token.refresh_token))

    def replace(self, spent_refresh_token: str | None, token: Token) -> bool:
        """Store `token` only while the stored refresh token is the spent one (or none)."""
        text = dump_token(token)
        fenced = _UPSERT + " WHERE formify_tokens.refresh_token {same} {p}"
        with self._conn("save") as conn:
            cursor = conn.execute(
                self._sql(fenced), (self.key, text, token.refresh_token, spent_refresh_token)
            )
            return bool(cursor.rowcount == 1)

    def mark_refused(self, refresh_token: str, error: str) -> None:
        """Record the refusal if `refresh_token` is the stored one."""
        with self._conn("record") as conn:
            conn.execute(
                self._sql(
                    "UPDATE formify_tokens SET refused = {p} "
                    "WHERE key = {p} AND refresh_token = {p}"
                ),
                (error, self.key, refresh_token),
            )

    def refusal(self, refresh_token: str) -> str | None:
        """Return the recorded refusal of the stored refresh token."""
        with self._conn("read") as conn:
            row = conn.execute(
                self._sql(
                    "SELECT refused FROM formify_tokens WHERE key = {p} AND refresh_token = {p}"
                ),
                (self.key, refresh_token),
            ).fetchone()
        return str(row[0]) if row and row[0] is not None else None

    @contextlib.contextmanager
    def refresh_lock(self) -> Iterator[None]:
        """Hold the account's lock in a transaction; commit what was saved under it on exit."""
        self._local.acquire()
        try:
            with store_errors(self, "lock"):
                conn = self._connect()
                try:
                    self._lock(conn)
                except BaseException:
                    conn.close()
                    raise
            self._tx = conn
            try:
                yield
            finally:
                self._tx = None
                # Committed even when the refresh failed after saving: a rotated refresh token
                # that was saved must not be rolled back.
                with store_errors(self, "commit"):
                    try:
                        conn.commit()
                    finally:
                        conn.close()
        finally:
            self._local.release()
