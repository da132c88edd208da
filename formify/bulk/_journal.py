"""The bulk run's journal: each row's state in SQLite, written before and after each request.

A run killed at any point (SIGKILL included) resumes from it without sending anything twice.

States: ``pending`` (not sent, or certainly not created), ``in_flight`` (written just before
the POST; found on restart it means the process died mid-request), ``created`` (with the
document id), ``refused`` (the API said no: nothing was created; with the error), and
``ambiguous`` (the POST may have reached the server: looked up before anything is resent).

Every write is its own transaction in WAL mode with ``synchronous=FULL``: once a call returns,
the state is on disk and survives the process (and the machine) going down.
"""

from __future__ import annotations

import enum
import hashlib
import json
import os
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs

from formify._exceptions import ValidationError

__all__ = ["Journal", "JournalRow", "RowState"]

SCHEMA_VERSION = "1"


class RowState(enum.StrEnum):
    """Where one row of a bulk run stands."""

    PENDING = "pending"
    IN_FLIGHT = "in_flight"
    CREATED = "created"
    REFUSED = "refused"
    AMBIGUOUS = "ambiguous"


@attrs.frozen
class JournalRow:
    """One row as the journal has it."""

    key: str
    position: int
    document_name: str
    payload: dict[str, Any]
    state: RowState
    document_id: str | None
    error: str | None
    attempts: int
    first_sent_at: float | None  # budget-clock seconds of the first POST
    last_sent_at: float | None


_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS rows (
    key TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    fingerprint TEXT NOT NULL,
    payload TEXT NOT NULL,
    document_name TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN
        ('pending', 'in_flight', 'created', 'refused', 'ambiguous')),
    document_id TEXT,
    error TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    first_sent_at REAL,
    last_sent_at REAL,
    updated_at REAL NOT NULL
);
"""
_COLUMNS = (
    "key, position, document_name, payload, state, document_id, error, attempts, "
    "first_sent_at, last_sent_at"
)


def fingerprint(payload: dict[str, Any]) -> str:
    """Return a stable digest of what a row asks to create."""
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


class Journal:
    """The SQLite journal of one bulk run (`path` is created if missing).

    Safe to share between the threads of one run. `batch` is a random id chosen when the
    journal is created; it marks every document name of the run, so that a document whose
    answer was lost can be found in the document list.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path).expanduser()
        try:
            self._db = sqlite3.connect(
                self.path, isolation_level=None, check_same_thread=False, timeout=30
            )
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.executescript(_SCHEMA)
        except sqlite3.Error as exc:
            raise ValidationError(
                "journal", f"cannot open {self.path} as a journal: {exc}"
            ) from exc
        self._lock = threading.Lock()
        self._db.execute(
            "INSERT OR IGNORE INTO meta (name, value) VALUES ('batch', ?), ('version', ?)",
            (secrets.token_hex(4), SCHEMA_VERSION),
        )
        self.batch: str = self._meta("batch") or ""

    def __repr__(self) -> str:
        return f"Journal({str(self.path)!r}, batch={self.batch!r})"

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()

    def _meta(self, name: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return None if row is None else str(row[0])

    @property
    def source(self) -> str | None:
        """What the run creates from (``file:ID`` / ``template:ID``), once bound."""
        with self._lock:
            return self._meta("source")

    def bind_source(self, source: str) -> None:
        """Record what the run creates from (``file:ID`` / ``template:ID``); refuse another."""
        with self._lock:
            self._db.execute(
                "INSERT OR IGNORE INTO meta (name, value) VALUES ('source', ?)", (source,)
            )
            bound = self._meta("source")
        if bound != source:
            raise ValidationError(
                "journal", f"{self.path} belongs to a run from {bound}, not {source}"
            )

    def add(self, rows: Iterable[tuple[str, str, dict[str, Any]]]) -> None:
        """Record (key, document name, payload) rows as pending; a known key must not change.

        Raises `ValidationError` naming the row when a key already in the journal now asks for
        something else (the journal would otherwise vouch for a document it did not create).
        """
        now = time.time()
        with self._lock:
            known = {
                key: (fp, position)
                for key, fp, position in self._db.execute(
                    "SELECT key, fingerprint, position FROM rows"
                )
            }
            fresh = []
            for position, (key, name, payload) in enumerate(rows, start=len(known)):
                digest = fingerprint(payload)
                if key in known:
                    if known[key][0] != digest:
                        raise ValidationError(
                            f"row {key}",
                            f"differs from the row of that key in the journal {self.path}; "
                            "use a new journal for new rows",
                        )
                    continue
                known[key] = (digest, position)
                fresh.append((key, position, digest, json.dumps(payload), name, now))
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.executemany(
                    "INSERT INTO rows (key, position, fingerprint, payload, document_name, "
                    "state, updated_at) VALUES (?, ?, ?, ?, ?, 'pending', ?)",
                    fresh,
                )
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def rows(self, *states: RowState) -> list[JournalRow]:
        """Return the rows (in `states`, or all), in their original order."""
        query = f"SELECT {_COLUMNS} FROM rows"  # noqa: S608 (constant column list)
        params: Sequence[str] = ()
        if states:
            query += f" WHERE state IN ({', '.join('?' for _ in states)})"
            params = [state.value for state in states]
        with self._lock:
            found = self._db.execute(query + " ORDER BY position", params).fetchall()
        return [_row(values) for values in found]

    def row(self, key: str) -> JournalRow:
        """Return one row by key; `ValidationError` if the journal has none."""
        with self._lock:
            values = self._db.execute(
                f"SELECT {_COLUMNS} FROM rows WHERE key = ?",  # noqa: S608
                (key,),
            ).fetchone()
        if values is None:
            raise ValidationError("row", f"{key!r} is not in the journal {self.path}")
        return _row(values)

    def counts(self) -> dict[RowState, int]:
        """Return the number of rows in each state (every state present)."""
        with self._lock:
            found = dict(self._db.execute("SELECT state, COUNT(*) FROM rows GROUP BY state"))
        return {state: int(found.get(state.value, 0)) for state in RowState}

    def _set(self, key: str, state: RowState, extra: str = "", params: Sequence[Any] = ()) -> None:
        # `extra` is one of the constant SET clauses below, never user input
        sql = f"UPDATE rows SET state = ?, updated_at = ?{extra} WHERE key = ?"  # noqa: S608
        with self._lock:
            self._db.execute(sql, (state.value, time.time(), *params, key))

    def mark_in_flight(self, key: str, sent_at: float) -> None:
        """Record that the POST for `key` is about to be sent (before it is)."""
        self._set(
            key,
            RowState.IN_FLIGHT,
            ", attempts = attempts + 1, first_sent_at = COALESCE(first_sent_at, ?), "
            "last_sent_at = ?, error = NULL",
            (sent_at, sent_at),
        )

    def mark_created(self, key: str, document_id: str, note: str | None = None) -> None:
        """Record the document created for `key`."""
        self._set(key, RowState.CREATED, ", document_id = ?, error = ?", (document_id, note))

    def mark_refused(self, key: str, error: str) -> None:
        """Record that the API refused `key` (nothing was created)."""
        self._set(key, RowState.REFUSED, ", error = ?", (error,))

    def mark_ambiguous(self, key: str, error: str) -> None:
        """Record that the POST for `key` may or may not have created a document."""
        self._set(key, RowState.AMBIGUOUS, ", error = ?", (error,))

    def mark_pending(self, key: str, error: str | None = None) -> None:
        """Record that `key` has certainly no document and is to be sent (again)."""
        self._set(key, RowState.PENDING, ", error = ?", (error,))

    def interrupted(self) -> int:
        """Turn rows left in flight by a run that died into ambiguous ones; return how many."""
        with self._lock:
            cursor = self._db.execute(
                "UPDATE rows SET state = 'ambiguous', updated_at = ?, "
                "error = 'the run stopped while its request was in flight' "
                "WHERE state = 'in_flight'",
                (time.time(),),
            )
        return cursor.rowcount

    def settle(self, key: str, document_id: str | None) -> JournalRow:
        """Settle an ambiguous (or refused) row by hand: its document, or None for "absent".

        With a document id the row counts as created; with None it is pending and the next
        run sends it. A created row cannot be settled (that would risk a second document).
        """
        row = self.row(key)
        if row.state in (RowState.CREATED, RowState.IN_FLIGHT):
            raise ValidationError(
                "row", f"{key!r} is {row.state.value}; only ambiguous or refused rows are settled"
            )
        if document_id is None:
            self.mark_pending(key, "settled by hand as absent")
        else:
            self.mark_created(key, document_id, "settled by hand")
        return self.row(key)


def _row(values: tuple[Any, ...]) -> JournalRow:
    key, position, name, payload, state, document_id, error, attempts, first, last = values
    return JournalRow(
        key=key,
        position=position,
        document_name=name,
        payload=json.loads(payload),
        state=RowState(state),
        document_id=document_id,
        error=error,
        attempts=attempts,
        first_sent_at=first,
        last_sent_at=last,
    )
