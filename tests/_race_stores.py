"""Picklable store factories for the race tests (worker processes import them from here)."""

from __future__ import annotations

import contextlib
import time
import traceback
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

    # Generous timeouts: on a loaded machine a receiver must wait, not die mid-run.
    if kind == "redis":
        return RedisEventIdStore(
            make_redis(where, socket_timeout=60, socket_connect_timeout=60), prefix=prefix
        )
    if kind == "postgres":
        return PostgresEventIdStore(where, connect_timeout=60)
    return SQLiteEventIdStore(where)


def receive(kind: str, where: str, prefix: str, deliveries: list[str], start, out) -> None:
    """A webhook receiver: handle each delivery unless ProcessedEvents says it is a duplicate.

    A delivery met while another receiver is handling the same event is answered non-2xx by a
    real receiver, and Formify delivers it again later: here it goes to the back of the queue.
    """
    from collections import deque

    from formify.webhooks import Delivery, ProcessedEvents

    try:
        processed = ProcessedEvents(event_store(kind, where, prefix))
        handled: list[str] = []
        pending = deque(deliveries)
        start.wait(timeout=120)
        while pending:
            event_id = pending.popleft()
            state = processed.begin(event_id)
            if state is Delivery.NEW:
                handled.append(event_id)
                processed.finish(event_id)
            elif state is Delivery.IN_PROGRESS:
                pending.append(event_id)
                time.sleep(0.005)  # Formify redelivers later, not in a tight loop
    except BaseException:
        # The parent waits on `out`: a receiver that fails says why instead of going quiet.
        out.put(traceback.format_exc())
        raise
    out.put(handled)
