"""Token stores and webhook event-id stores for many accounts, many workers, many hosts.

`SQLiteTokenStore` (stdlib, processes on one host), `RedisTokenStore` (`formify[redis]`) and
`PostgresTokenStore` (`formify[postgres]`) keep one token per account key, with a refresh lock
that spans their users, a compare-and-set save and a shared record of refused grants.
`FileTokenStore` and `MemoryTokenStore` keep one token. The event-id stores back
`formify.webhooks.ProcessedEvents(store=...)`. Redis and PostgreSQL modules load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from formify._exceptions import ConsentRequiredError, RefreshOutcomeUnknownError, TokenStoreError
from formify._tokens import FencedTokenStore, FileTokenStore, MemoryTokenStore, TokenStore
from formify.stores._sqlite import SQLiteEventIdStore, SQLiteTokenStore

if TYPE_CHECKING:
    from formify.stores._postgres import PostgresEventIdStore, PostgresTokenStore
    from formify.stores._redis import RedisEventIdStore, RedisTokenStore

__all__ = [
    "ConsentRequiredError",
    "FencedTokenStore",
    "FileTokenStore",
    "MemoryTokenStore",
    "PostgresEventIdStore",
    "PostgresTokenStore",
    "RedisEventIdStore",
    "RedisTokenStore",
    "RefreshOutcomeUnknownError",
    "SQLiteEventIdStore",
    "SQLiteTokenStore",
    "TokenStore",
    "TokenStoreError",
]

_LAZY = {
    "RedisTokenStore": "formify.stores._redis",
    "RedisEventIdStore": "formify.stores._redis",
    "PostgresTokenStore": "formify.stores._postgres",
    "PostgresEventIdStore": "formify.stores._postgres",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'formify.stores' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
