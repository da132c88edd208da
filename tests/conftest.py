"""Shared pytest configuration and fixtures: async tests run on asyncio (anyio's plugin);
`api` is a scripted local API server (`_api_server.APIServer`), fresh for each test."""

from collections.abc import Iterator

import pytest
from _api_server import APIServer, running

# Real Redis and PostgreSQL servers (session-scoped, started on first use).
from _real_servers import postgres_dsn, postgres_server, redis_client, redis_server
from _storage_server import StorageServer, running_storage

__all__ = ["postgres_dsn", "postgres_server", "redis_client", "redis_server"]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def api() -> Iterator[APIServer]:
    """A fresh scripted API server on 127.0.0.1 (queue replies, read what it saw)."""
    yield from running()


@pytest.fixture(scope="module")
def module_storage() -> Iterator[StorageServer]:
    """A storage host on 127.0.0.1 per test module; each module's `storage` resets and fills it."""
    with running_storage() as server:
        yield server


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    """Run the test once with the sync client and once with the async one."""
    return str(request.param)
