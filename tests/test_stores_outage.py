"""The token store down mid-run: requests go on while the token is fresh (the hot path reads
no store), a needed refresh is a clear `TokenStoreError` with no request sent on the expired
token, and the client recovers by itself when the store is back. Real Redis, paused (SIGSTOP).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import attrs
import pytest
from _real_servers import make_redis

from formify import Formify
from formify.stores import RedisTokenStore, TokenStoreError
from formify.testing import Emulator
from formify.testing.conformance import connect_account


def test_redis_outage_mid_run(redis_server) -> None:
    if not redis_server.running:
        redis_server.start()
    store = RedisTokenStore(
        make_redis(redis_server.url, socket_timeout=1, socket_connect_timeout=1),
        f"account-{uuid.uuid4().hex}",
        # A lock asked for during the outage may be granted, when Redis resumes, to a client
        # that had given up: nobody holds it then, and it lapses after its TTL.
        lock_ttl=3,
        lock_wait=20,
    )
    with Emulator(rate_limit=1_000_000) as emu:
        app, token = connect_account(emu)
        store.save(token)
        with Formify(oauth=app, token_store=store, base_url=emu.base_url) as client:
            client.user.get()
            redis_server.pause()
            try:
                for _ in range(20):  # fresh token: served from memory, the store is not asked
                    client.user.get()
                auth = client._auth  # type: ignore[attr-defined]
                auth._token = attrs.evolve(
                    auth.token, expires_at=datetime.now(UTC) - timedelta(seconds=1)
                )
                seen = len(emu.requests)
                for _ in range(3):
                    with pytest.raises(TokenStoreError) as err:
                        client.user.get()
                    assert "RedisTokenStore(redis='127.0.0.1:" in str(err.value)
                assert len(emu.requests) == seen  # nothing sent, least of all the expired token
            finally:
                redis_server.resume()
            client.user.get()  # back: refreshes once and goes on
        assert [p for _, p, _ in emu.requests[seen:]] == ["/v1/oauth/token", "/v1/user"]
        assert all(status != 401 for _, _, status in emu.requests)
        saved = store.load()
        assert saved is not None and saved.refresh_token != token.refresh_token  # nothing lost
