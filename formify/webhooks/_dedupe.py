"""Duplicate suppression for webhook deliveries: remember processed `eventId`s for a while.

Formify retries a delivery until it gets a 2xx: immediately, then after about 5 minutes,
30 minutes, 2 hours and 24 hours — roughly 27 hours from first to last attempt, and a
delivery can also arrive twice when a 2xx is lost on the way back. So an id must be
remembered for longer than that; `DEFAULT_TTL` is 48 hours.

Ordering: deliveries arrive late and out of order. Never infer a document's state from the
order events reach you; compare `event.date`, or better, re-fetch the document
(`client.documents.get(event.data.document_id)`) and act on its current state.

`ProcessedEvents` holds the policy (TTL, check-and-mark, undo on failure); the storage is
an `EventIdStore`. `MemoryEventIdStore` serves one process; for several workers use a
shared store whose `add_if_absent` is one atomic operation, e.g. Redis
`SET key 1 NX EX ttl` or `INSERT ... ON CONFLICT DO NOTHING` on a table keyed by event id.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from datetime import timedelta
from typing import Protocol, runtime_checkable

from formify._exceptions import ValidationError

__all__ = ["DEFAULT_TTL", "EventIdStore", "MemoryEventIdStore", "ProcessedEvents"]

DEFAULT_TTL = timedelta(hours=48)
DEFAULT_MAX_ENTRIES = 100_000


@runtime_checkable
class EventIdStore(Protocol):
    """Where processed event ids live; `add_if_absent` must be atomic across its users."""

    def add_if_absent(self, event_id: str, ttl_seconds: float) -> bool:
        """Record `event_id` for `ttl_seconds`; True if it was not already recorded."""
        ...

    def discard(self, event_id: str) -> None:
        """Forget `event_id` (no error if it is unknown)."""
        ...


class MemoryEventIdStore:
    """A thread-safe in-process store, bounded to `max_entries` ids.

    When full, the oldest ids are dropped first: memory stays bounded, at the price that a
    very late duplicate of a dropped id is processed again. Size `max_entries` above the
    number of events you receive in one TTL.
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
        # id -> expiry; insertion order is the order ids were first seen.
        self._expiry: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        with self._lock:
            self._purge(self._clock())
            return len(self._expiry)

    def add_if_absent(self, event_id: str, ttl_seconds: float) -> bool:
        """Record `event_id` for `ttl_seconds`; True if it was not already recorded."""
        with self._lock:
            now = self._clock()
            self._purge(now)
            expires = self._expiry.get(event_id)
            if expires is not None and expires > now:
                return False
            self._expiry.pop(event_id, None)
            self._expiry[event_id] = now + ttl_seconds
            while len(self._expiry) > self._max_entries:
                self._expiry.popitem(last=False)
            return True

    def discard(self, event_id: str) -> None:
        """Forget `event_id` (no error if it is unknown)."""
        with self._lock:
            self._expiry.pop(event_id, None)

    def _purge(self, now: float) -> None:
        # Ids enter in time order with one TTL per ProcessedEvents, so the expired ones sit
        # at the front; stopping at the first live one keeps each call O(expired).
        while self._expiry:
            oldest_id, expires = next(iter(self._expiry.items()))
            if expires > now:
                return
            del self._expiry[oldest_id]


class ProcessedEvents:
    """Remembers which webhook events were processed, so a redelivery is not processed twice.

    ```python
    processed = ProcessedEvents()
    if processed.first_time(event.event_id):
        try:
            handle(event)
        except Exception:
            processed.forget(event.event_id)  # let Formify's retry process it
            raise
    ```
    """

    def __init__(
        self,
        store: EventIdStore | None = None,
        *,
        ttl: timedelta | float = DEFAULT_TTL,
    ) -> None:
        seconds = ttl.total_seconds() if isinstance(ttl, timedelta) else ttl
        if isinstance(seconds, bool) or not isinstance(seconds, int | float) or seconds <= 0:
            raise ValidationError("ttl", "must be a positive timedelta or number of seconds")
        if store is not None and not isinstance(store, EventIdStore):
            raise ValidationError("store", "must have add_if_absent() and discard()")
        self._store: EventIdStore = store if store is not None else MemoryEventIdStore()
        self._ttl_seconds = float(seconds)

    @property
    def store(self) -> EventIdStore:
        """The store the ids are kept in."""
        return self._store

    def first_time(self, event_id: str) -> bool:
        """Atomically check and mark `event_id`: True only for the first caller within the TTL."""
        if not isinstance(event_id, str) or not event_id:
            raise ValidationError("event_id", "must be a non-empty string")
        return self._store.add_if_absent(event_id, self._ttl_seconds)

    def forget(self, event_id: str) -> None:
        """Unmark `event_id`, e.g. when processing it failed and a retry should run again."""
        self._store.discard(event_id)
