"""Many processes x threads on one expired token in one store key: exactly one token call.

Done-when figure of issue 11: 8 processes x 8 threads, each process with its own client, 20
repetitions, for the Redis, PostgreSQL, SQLite and File stores, 0 grants lost. The processes
are started once and reused across repetitions and stores (formify.testing.conformance).
"""

from __future__ import annotations

import uuid
from functools import partial

import pytest
from _race_stores import UnlockedFileStore, redis_store

from formify import FileTokenStore
from formify.stores import PostgresTokenStore, SQLiteTokenStore
from formify.testing import Emulator
from formify.testing.conformance import check_token_store, check_token_stores


@pytest.mark.slow
@pytest.mark.timeout(900)  # ~30 s on an idle machine; several times that under a heavy load
def test_every_shipped_store_spends_an_expired_token_once(
    tmp_path, redis_server, postgres_dsn
) -> None:
    key = uuid.uuid4().hex
    stores = {
        "redis": partial(redis_store, redis_server.url, key),
        "postgres": partial(PostgresTokenStore, postgres_dsn, key),
        "sqlite": partial(SQLiteTokenStore, str(tmp_path / "tokens.db"), key),
        "file": partial(FileTokenStore, str(tmp_path / "token.json")),
    }
    with Emulator(rate_limit=1_000_000) as emu:
        reports = check_token_stores(
            list(stores.values()), processes=8, threads=8, repetitions=20, emulator=emu
        )
    for name, report in zip(stores, reports, strict=True):
        assert report.token_calls == [1] * 20, name
        assert report.failures == [], name  # every request succeeded, the grant survived
        assert report.requests == 8 * 8 * 20


def test_the_kit_catches_a_store_whose_lock_does_not_lock(tmp_path) -> None:
    with pytest.raises(AssertionError, match="failed the race"):
        check_token_store(
            partial(UnlockedFileStore, str(tmp_path / "token.json")),
            processes=4,
            threads=4,
            repetitions=2,
        )
