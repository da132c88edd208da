"""A refused grant is shared through the store; an invalid_grant first looks for a sibling's token.

Against the emulator, with two clients on two store objects for one account key (as two
workers on two hosts would have).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import attrs
import pytest
from _race_stores import redis_store

from formify import Formify, Token
from formify.stores import ConsentRequiredError, PostgresTokenStore, SQLiteTokenStore
from formify.testing import Emulator
from formify.testing.conformance import connect_account

TOKEN_PATH = "/v1/oauth/token"


def token_calls(emu: Emulator) -> int:
    return sum(1 for _, path, _ in emu.requests if path == TOKEN_PATH)


def expired(token: Token) -> Token:
    return attrs.evolve(token, expires_at=datetime.now(UTC) - timedelta(minutes=5))


@pytest.fixture
def emu():
    with Emulator(rate_limit=1_000_000) as emulator:
        yield emulator


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


def test_a_refused_grant_is_recorded_and_no_other_worker_spends_it(emu, make_store) -> None:
    app, token = connect_account(emu)
    app.revoke(token)  # the user disconnected the app: the grant is dead
    first, second = make_store(), make_store()
    first.save(expired(token))
    before = token_calls(emu)
    client = Formify(oauth=app, token_store=first, base_url=emu.base_url)
    with client, pytest.raises(ConsentRequiredError) as err:
        client.user.get()
    assert err.value.error == "invalid_grant" and err.value.key == first.key
    assert first.key in "".join(err.value.__notes__)
    assert token_calls(emu) == before + 1
    assert second.refusal(token.refresh_token) == "invalid_grant"
    # Another worker, its own client and store object: told at once, no token call.
    other = Formify(oauth=app, token_store=second, base_url=emu.base_url)
    with other, pytest.raises(ConsentRequiredError, match="invalid_grant"):
        other.user.get()
    assert token_calls(emu) == before + 1
    # The user consents again: the new grant replaces the refusal.
    _, again = connect_account(emu)
    with Formify(oauth=app, token=again, token_store=make_store(), base_url=emu.base_url) as c:
        c.user.get()


class LaggingReads:
    """A store whose next read after `lag(stale)` returns `stale` (a lagging replica)."""

    def __init__(self, store) -> None:
        self._store, self._stale, self.key = store, None, store.key

    def lag(self, stale: Token) -> None:
        self._stale = stale

    def load(self):
        if self._stale is not None:
            stale, self._stale = self._stale, None
            return stale
        return self._store.load()

    def __getattr__(self, name):
        return getattr(self._store, name)


def test_invalid_grant_rereads_the_store_and_uses_the_token_a_sibling_saved(
    emu, make_store
) -> None:
    app, token = connect_account(emu)
    store = make_store()
    store.save(expired(token))
    # A sibling refreshed first and saved the successor.
    with Formify(oauth=app, token_store=make_store(), base_url=emu.base_url) as sibling:
        sibling.user.get()
    saved = store.load()
    assert saved is not None and saved.refresh_token != token.refresh_token
    before = token_calls(emu)
    lagging = LaggingReads(make_store())
    with Formify(oauth=app, token_store=lagging, base_url=emu.base_url) as c:
        c._auth._token = expired(token)  # type: ignore[attr-defined]  # it started before
        lagging.lag(expired(token))  # and its next read of the store comes back stale
        assert c.user.get().email_address  # not a ConsentRequiredError
        assert c._auth.token.access_token == saved.access_token  # type: ignore[attr-defined]
    assert token_calls(emu) == before + 1  # the one refused spend; the sibling's token is used
    assert store.refusal(saved.refresh_token) is None  # type: ignore[arg-type]
