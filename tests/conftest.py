"""Shared pytest configuration: async tests run on asyncio through anyio's plugin."""

import pytest

# Real Redis and PostgreSQL servers (session-scoped, started on first use).
from _real_servers import postgres_dsn, postgres_server, redis_client, redis_server

__all__ = ["postgres_dsn", "postgres_server", "redis_client", "redis_server"]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
