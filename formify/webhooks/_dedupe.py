"""Duplicate suppression for webhook deliveries: remember processed `eventId`s for a while.

Formify retries a delivery until it gets a 2xx: immediately, then after about 5 minutes,
30 minutes, 2 hours and 24 hours — roughly 27 hours from first to last attempt — and a
delivery can also arrive twice when a 2xx is lost on the way back. So an id must be
remembered for longer than that; `DEFAULT_TTL` is 48 hours.

A retry can arrive while the first attempt is still being handled (Formify gave up waiting
and retried "immediately"). Answering that retry 2xx would acknowledge an event whose
handling may yet fail, so `begin` reports it as `IN_PROGRESS`: answer non-2xx (e.g. 409) and
Formify tries again later. An unfinished claim lapses after `lease`, so a crashed worker does
not block the event for the whole TTL.

Ordering: deliveries arrive late and out of order. Never infer a document's state from the
order events reach you; compare `event.date`, or better, re-fetch the document
(`client.documents.get(event.data.document_id)`) and act on its current state.

`ProcessedEvents` holds the policy; storage is an `EventIdStore`. `MemoryEventIdStore`
serves one process; for several workers use a shared store from `formify.stores`:
`SQLiteEventIdStore` (one host), `RedisEventIdStore` (`SET NX PX`) or `PostgresEventIdStore`
(an upsert that takes only an expired row), or your own whose `add_if_absent` is one atomic
operation.
"""

from __future__ import annotations

import enum
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from datetime import timedelta
from typing import Protocol, runtime_checkable

from formify._exceptions import ValidationError

__all__ = [
    "DEFAULT_LEASE",
    "DEFAULT_TTL",
    "Delivery",
    "EventIdStore",
    "MemoryEventIdStore",
    "ProcessedEvents",
]

DEFAULT_TTL = timedelta(hours=48)
DEFAULT_LEASE = timedelta(minutes=10)
DEFAULT_MAX_ENTRIES = 100_000


class Delivery(enum.Enum):
    """What `ProcessedEvents.begin` found for an event id."""

    NEW = "new"  # claimed for this caller: handle it, then finish() or forget()
    IN_PROGRESS = "in_progress"  # another attempt is handling it now: answer non-2xx
    DONE = "done"  # handled already: answer 2xx and do nothing


@runtime_checkable
class EventIdStore(Protocol):
    """Where event ids and their state live; `add_if_absent` must be atomic across users."""

    def add_if_absent(self, event_id: str, state: str, ttl_seconds: float) -> str | None:
        """Record `event_id` with `state` unless present; None if recorded, else its state."""
        ...

    def put(self, event_id: str, state: str, ttl_seconds: float) -> None:
        """Record `event_id` with `state`, replacing what was there."""
        ...

    def discard(self, event_id: str) -> None:
        """Forget `event_id` (no error if it is unknown)."""
        ...


class MemoryEventIdStore:
    """A thread-safe in-process store, bounded to `max_entries` ids.

    When full, the least recently written ids are dropped first: memory stays bounded, at
    the price that a very late duplicate of a dropped id is handled again. Size
    `max_entries` above the number of events you receive in one TTL.
    """

    def __init__(
        self,
        max_entries: int = DEFAULT_MAX_ENTRIES,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if isinstance(max_entries, bool) or not isinstance(max_entries, int) or max_entries < 1:
            raise ValidationError("max_entries", "must be a positive integer")
        self._max_entries = max_entries
        self._clock = clock
        # id -> (expiry, state), least recently written first
        self._entries: OrderedDict[str, tuple[float, str]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        with self._lock:
            self._purge(self._clock())
            return len(self._entries)

    def add_if_absent(self, event_id: str, state: str, ttl_seconds: float) -> str | None:
        """Record `event_id` with `state` unless present; None if recorded, else its state."""
        with self._lock:
            now = self._clock()
            self._purge(now)
            entry = self._entries.get(event_id)
            if entry is not None and entry[0] > now:
                return entry[1]
            self._write(event_id, state, now + ttl_seconds)
            return None

    def put(self, event_id: str, state: str, ttl_seconds: float) -> None:
        """Record `event_id` with `state`, replacing what was there."""
        with self._lock:
            self._write(event_id, state, self._clock() + ttl_seconds)

    def discard(self, event_id: str) -> None:
        """Forget `event_id` (no error if it is unknown)."""
        with self._lock:
            self._entries.pop(event_id, None)

    def _write(self, event_id: str, state: str, expires: float) -> None:
        self._entries.pop(event_id, None)
        self._entries[event_id] = (expires, state)
        while len(self._entries) > self._max_entries:
            self._entries.popitem(last=False)

    def _purge(self, now: float) -> None:
        # Entries are in write order, so expired ones gather at the front; stopping at the
        # first live one keeps each call cheap. A lapsed lease behind a live entry waits
        # there (lookups still see it as expired) until it reaches the front or is evicted.
        while self._entries:
            oldest_id, (expires, _) = next(iter(self._entries.items()))
            if expires > now:
                return
            del self._entries[oldest_id]


def _seconds(value: timedelta | float, field: str) -> float:
    seconds = value.total_seconds() if isinstance(value, timedelta) else value
    if isinstance(seconds, bool) or not isinstance(seconds, int | float) or not seconds > 0:
        raise ValidationError(field, "must be a positive timedelta or number of seconds")
    return float(seconds)


class ProcessedEvents:
    """Remembers which webhook events were handled, so a redelivery is not handled twice.

    ```python
    processed = ProcessedEvents()
    state = processed.begin(event.event_id)
    if state is Delivery.DONE:
        return 200                      # a duplicate: acknowledge, do nothing
    if state is Delivery.IN_PROGRESS:
        return 409                      # another attempt is on it: Formify retries later
    try:
        handle(event)
    except Exception:
        processed.forget(event.event_id)  # let Formify's retry handle it
        raise
    processed.finish(event.event_id)
    ```

    `first_time(event_id)` is the one-call form (check and mark done) for handlers that
    cannot fail half-way.
    """

    def __init__(
        self,
        store: EventIdStore | None = None,
        *,
        ttl: timedelta | float = DEFAULT_TTL,
        lease: timedelta | float = DEFAULT_LEASE,
    ) -> None:
        if store is not None and not isinstance(store, EventIdStore):
            raise ValidationError("store", "must have add_if_absent(), put() and discard()")
        self._store: EventIdStore = store if store is not None else MemoryEventIdStore()
        self._ttl = _seconds(ttl, "ttl")
        self._lease = _seconds(lease, "lease")

    @property
    def store(self) -> EventIdStore:
        """The store the ids are kept in."""
        return self._store

    def begin(self, event_id: str) -> Delivery:
        """Atomically claim `event_id` for handling; `Delivery.NEW` only for the first caller."""
        found = self._store.add_if_absent(
            _check_id(event_id), Delivery.IN_PROGRESS.value, self._lease
        )
        if found is None:
            return Delivery.NEW
        return Delivery.DONE if found == Delivery.DONE.value else Delivery.IN_PROGRESS

    def finish(self, event_id: str) -> None:
        """Mark a claimed `event_id` as handled, remembered for the full TTL."""
        self._store.put(_check_id(event_id), Delivery.DONE.value, self._ttl)

    def forget(self, event_id: str) -> None:
        """Drop `event_id`, e.g. when handling failed and Formify's retry should run again."""
        self._store.discard(_check_id(event_id))

    def first_time(self, event_id: str) -> bool:
        """Atomically check and mark `event_id` done: True only for the first caller."""
        found = self._store.add_if_absent(_check_id(event_id), Delivery.DONE.value, self._ttl)
        return found is None


def _check_id(event_id: str) -> str:
    if not isinstance(event_id, str) or not event_id:
        raise ValidationError("event_id", "must be a non-empty string")
    return event_id
