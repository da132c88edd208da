"""A refresh-lock holder that is killed, or stalls past the lock's TTL, never blocks the others
for longer than the TTL and never rolls the store back (fencing), on real Redis/PostgreSQL/SQLite.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import attrs
import pytest
from _race_stores import redis_store

from formify import Formify, Token
from formify.stores import PostgresTokenStore, SQLiteTokenStore
from formify.testing import Emulator
from formify.testing.conformance import connect_account

TESTS = str(Path(__file__).parent)
# The child takes the lock (a Redis TTL of 1 s), reads the token, says so, then waits for
# `go` before trying to save a token of its own made from what it read.
HOLDER = """
import sys, time
from pathlib import Path
sys.path.insert(0, {tests!r})
from _race_stores import redis_store
from formify.stores import PostgresTokenStore, SQLiteTokenStore
from formify import Token
kind, where, key, go = sys.argv[1:5]
store = {{"redis": lambda: redis_store(where, key, lock_ttl=1.0),
         "postgres": lambda: PostgresTokenStore(where, key),
         "sqlite": lambda: SQLiteTokenStore(where, key)}}[kind]()
with store.refresh_lock():
    seen = store.load()
    print("locked", flush=True)
    while not Path(go).exists():
        time.sleep(0.01)
    late = Token("late-access-" + "x" * 20, "late-refresh-" + "y" * 20, seen.expires_at)
    print("saved" if store.replace(seen.refresh_token, late) else "fenced", flush=True)
"""


def token_calls(emu: Emulator) -> int:
    return sum(1 for _, path, _ in emu.requests if path == "/v1/oauth/token")


def expired(token: Token) -> Token:
    return attrs.evolve(token, expires_at=datetime.now(UTC) - timedelta(minutes=5))


def redis_backend(where: str):
    key = f"account-{uuid.uuid4().hex}"
    return "redis", where, key, lambda: redis_store(where, key, lock_ttl=1.0)


@pytest.fixture(params=["redis", "postgres", "sqlite"])
def backend(request, tmp_path):
    key = f"account-{uuid.uuid4().hex}"
    if request.param == "redis":
        return redis_backend(request.getfixturevalue("redis_server").url)
    if request.param == "postgres":
        where = request.getfixturevalue("postgres_dsn")
        return "postgres", where, key, lambda: PostgresTokenStore(where, key)
    where = str(tmp_path / "tokens.db")
    return "sqlite", where, key, lambda: SQLiteTokenStore(where, key)


def start_holder(backend, go: Path) -> subprocess.Popen[str]:
    kind, where, key, _ = backend
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER.format(tests=TESTS), kind, where, key, str(go)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "locked"
    return child


def test_a_holder_killed_with_sigkill_frees_the_lock(backend, tmp_path) -> None:
    make_store = backend[3]
    with Emulator(rate_limit=1_000_000) as emu:
        app, token = connect_account(emu)
        store = make_store()
        store.save(expired(token))
        child = start_holder(backend, tmp_path / "go")
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        before = token_calls(emu)
        with Formify(oauth=app, token_store=make_store(), base_url=emu.base_url) as client:
            client.user.get()  # proceeds: the dead holder's lock is gone (Redis: its TTL)
        assert token_calls(emu) == before + 1
        saved = store.load()
        assert saved is not None and saved.refresh_token != token.refresh_token


def test_a_holder_stalled_past_its_redis_lock_cannot_roll_the_store_back(
    redis_server, tmp_path
) -> None:
    # Only a Redis lock can lapse while its holder lives (the SQL locks end with the holder).
    backend = redis_backend(redis_server.url)
    make_store = backend[3]
    with Emulator(rate_limit=1_000_000) as emu:
        app, token = connect_account(emu)
        store = make_store()
        store.save(expired(token))
        go = tmp_path / "go"
        child = start_holder(backend, go)
        os.kill(child.pid, signal.SIGSTOP)  # a paused VM: its lock keeper stops too
        try:
            started = time.monotonic()
            with Formify(oauth=app, token_store=make_store(), base_url=emu.base_url) as client:
                client.user.get()  # waits out the 1 s TTL, then refreshes
            waited = time.monotonic() - started
        finally:
            os.kill(child.pid, signal.SIGCONT)
        newer = store.load()
        assert newer is not None and newer.refresh_token != token.refresh_token
        go.touch()
        out, _ = child.communicate(timeout=30)
        assert out.strip() == "fenced"  # its save was refused...
        assert store.load() == newer  # ...and the store still holds the newer token
        assert waited >= 0.5  # it did wait for the lapse (not a timing bound: a sanity check)
