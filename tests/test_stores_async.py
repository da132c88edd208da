"""AsyncFormify on the shared stores: the lock is taken in a worker thread and given back from
another (Redis: thread_local=False), and 32 tasks on one expired token make one token call.
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

import attrs
import pytest
from _race_stores import redis_store

from formify import AsyncFormify
from formify.stores import PostgresTokenStore, SQLiteTokenStore
from formify.testing import Emulator
from formify.testing.conformance import connect_account


@pytest.fixture(params=["sqlite", "redis", "postgres"])
def make_store(request, tmp_path):
    key = f"account-{uuid.uuid4().hex}"
    if request.param == "sqlite":
        return lambda: SQLiteTokenStore(tmp_path / "tokens.db", key)
    if request.param == "redis":
        url = request.getfixturevalue("redis_server").url
        return lambda: redis_store(url, key)
    dsn = request.getfixturevalue("postgres_dsn")
    return lambda: PostgresTokenStore(dsn, key)


def test_32_tasks_on_two_async_clients_make_one_token_call(make_store) -> None:
    with Emulator(rate_limit=1_000_000) as emu:
        app, token = connect_account(emu)
        store = make_store()
        store.save(attrs.evolve(token, expires_at=datetime.now(UTC) - timedelta(minutes=1)))

        async def main() -> list[str]:
            async with (
                AsyncFormify(oauth=app, token_store=make_store(), base_url=emu.base_url) as a,
                AsyncFormify(oauth=app, token_store=make_store(), base_url=emu.base_url) as b,
            ):
                users = await asyncio.gather(*((a if n % 2 else b).user.get() for n in range(32)))
                return [u.email_address for u in users]

        before = sum(1 for _, path, _ in emu.requests if path == "/v1/oauth/token")
        assert len(asyncio.run(main())) == 32
        after = sum(1 for _, path, _ in emu.requests if path == "/v1/oauth/token")
        assert after - before == 1
        saved = store.load()
        assert saved is not None and saved.refresh_token != token.refresh_token
