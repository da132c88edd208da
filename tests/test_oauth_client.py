"""The OAuth lifecycle through the real clients: Formify and AsyncFormify refresh transparently."""

from __future__ import annotations

import asyncio
import threading

import httpx
import pytest
from _oauth_server import CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, OAuthServer, running

from formify import AsyncFormify, Formify
from formify._exceptions import AuthenticationError, OAuthError
from formify._oauth import OAuthApp
from formify._tokens import FileTokenStore, MemoryTokenStore, Token


@pytest.fixture
def server():
    with running() as state:
        yield state


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    monkeypatch.delenv("FORMIFY_ACCESS_TOKEN", raising=False)
    monkeypatch.delenv("FORMIFY_BASE_URL", raising=False)


def app_for(server: OAuthServer) -> OAuthApp:
    return OAuthApp(CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, server.base_url)


def test_formify_refreshes_an_expired_token_and_the_call_succeeds(server, tmp_path):
    old = Token.from_response(server.issue(expires_in=-1))
    store = FileTokenStore(tmp_path / "token.json")
    seen: list[Token] = []
    with Formify(
        oauth=app_for(server),
        token=old,
        token_store=store,
        on_token_refresh=seen.append,
        base_url=server.base_url,
    ) as client:
        user = client.user.get()
    assert user.user_id == "u1"
    assert server.token_calls == 1
    new = store.load()
    assert new is not None and new.access_token != old.access_token and seen == [new]
    assert server.events[-1] == ("ping", new.access_token)
    assert new.access_token not in repr(client) and CLIENT_SECRET not in repr(client)


def test_formify_retries_a_401_once_after_refreshing(server):
    token = Token.from_response(server.issue())
    del server.access[token.access_token]
    with Formify(oauth=app_for(server), token=token, base_url=server.base_url) as client:
        assert client.user.get().user_id == "u1"
    assert (server.token_calls, server.pings) == (1, 2)


def test_formify_surfaces_invalid_grant_as_oauth_error(server):
    old = Token.from_response(server.issue(expires_in=-1))
    server.refresh.clear()
    client = Formify(oauth=app_for(server), token=old, base_url=server.base_url)
    with client, pytest.raises(OAuthError) as info:
        client.user.get()
    assert info.value.error == "invalid_grant"
    assert (server.token_calls, server.pings) == (1, 0)


def test_formify_static_token_401_is_an_authentication_error(server):
    client = Formify(access_token="at-unknown", base_url=server.base_url)
    with client, pytest.raises(AuthenticationError):
        client.user.get()
    assert (server.token_calls, server.pings) == (0, 1)


def test_32_threads_on_one_formify_make_one_token_call(server):
    old = Token.from_response(server.issue(expires_in=-1))
    server.token_delay = 0.05  # every thread arrives while the refresh is running
    start = threading.Barrier(32)
    users: list[str] = []
    with Formify(oauth=app_for(server), token=old, base_url=server.base_url) as client:

        def work() -> None:
            start.wait()
            users.append(client.user.get().user_id)

        threads = [threading.Thread(target=work) for _ in range(32)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert users == ["u1"] * 32
    assert (server.token_calls, server.pings) == (1, 32)


@pytest.mark.anyio
async def test_async_formify_refreshes_once_for_many_concurrent_calls(server):
    old = Token.from_response(server.issue(expires_in=-1))
    store = MemoryTokenStore()
    server.token_delay = 0.05
    async with AsyncFormify(
        oauth=app_for(server), token=old, token_store=store, base_url=server.base_url
    ) as client:
        users = await asyncio.gather(*(client.user.get() for _ in range(32)))
    assert [u.user_id for u in users] == ["u1"] * 32
    assert server.token_calls == 1
    assert store.load() != old


def test_caller_http_client_gets_the_refreshing_auth(server):
    old = Token.from_response(server.issue(expires_in=-1))
    with httpx.Client() as http:
        client = Formify(
            oauth=app_for(server), token=old, base_url=server.base_url, http_client=http
        )
        assert client.user.get().user_id == "u1"
    assert server.token_calls == 1
