"""Picklable store factories for the race tests (worker processes import them from here)."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator

from _real_servers import make_redis

from formify import FileTokenStore
from formify.stores import RedisTokenStore


def redis_store(url: str, key: str, lock_ttl: float = 30.0) -> RedisTokenStore:
    return RedisTokenStore(make_redis(url), key, lock_ttl=lock_ttl)


class UnlockedFileStore(FileTokenStore):
    """A broken store: its refresh lock locks nothing (what the conformance kit must catch)."""

    @contextlib.contextmanager
    def refresh_lock(self) -> Iterator[None]:
        yield


def event_store(kind: str, where: str, prefix: str):
    from formify.stores import PostgresEventIdStore, RedisEventIdStore, SQLiteEventIdStore

    if kind == "redis":
        return RedisEventIdStore(make_redis(where), prefix=prefix)
    if kind == "postgres":
        return PostgresEventIdStore(where)
    return SQLiteEventIdStore(where)


def receive(kind: str, where: str, prefix: str, deliveries: list[str], start, out) -> None:
    """A webhook receiver: handle each delivery unless ProcessedEvents says it is a duplicate.

    A delivery met while another receiver is handling the same event is answered non-2xx by a
    real receiver, and Formify delivers it again later: here it goes to the back of the queue.
    """
    from collections import deque

    from formify.webhooks import Delivery, ProcessedEvents

    processed = ProcessedEvents(event_store(kind, where, prefix))
    handled: list[str] = []
    pending = deque(deliveries)
    start.wait()
    while pending:
        event_id = pending.popleft()
        state = processed.begin(event_id)
        if state is Delivery.NEW:
            handled.append(event_id)
            processed.finish(event_id)
        elif state is Delivery.IN_PROGRESS:
            pending.append(event_id)
            time.sleep(0.005)  # Formify redelivers later, not in a tight loop
    out.put(handled)
