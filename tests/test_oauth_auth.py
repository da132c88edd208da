"""build_auth and RefreshingAuth against a real local token server (sync and async)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import threading
import time
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from _oauth_server import CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, OAuthServer, running

from formify._auth import BearerAuth, RefreshingAuth, build_auth
from formify._exceptions import OAuthError, TokenStoreError, ValidationError
from formify._oauth import OAuthApp
from formify._tokens import FileTokenStore, MemoryTokenStore, Token

PAST = datetime(2020, 1, 1, tzinfo=UTC)


@pytest.fixture
def server():
    with running() as state:
        yield state


def app_for(server: OAuthServer) -> OAuthApp:
    return OAuthApp(CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, server.base_url)


def expired_token(server: OAuthServer) -> Token:
    """A token pair the server issued, whose access token has expired on both sides."""
    data = server.issue(expires_in=-1)
    return Token.from_response(data)


def live_token(server: OAuthServer) -> Token:
    return Token.from_response(server.issue())


def ping(http: httpx.Client) -> int:
    return http.get("/ping").status_code


# build_auth


def test_static_access_token_is_sent_as_bearer(server):
    token = live_token(server)
    auth = build_auth(access_token=token.access_token)
    assert isinstance(auth, BearerAuth) and auth.token.access_token == token.access_token
    with httpx.Client(base_url=server.base_url, auth=auth) as http:
        assert ping(http) == 200
    assert server.events[-1] == ("ping", token.access_token)
    assert token.access_token not in repr(auth)


def test_static_auth_leaves_a_401_alone(server):
    with httpx.Client(base_url=server.base_url, auth=build_auth(access_token="at-unknown")) as http:
        assert ping(http) == 401
    assert (server.pings, server.token_calls) == (1, 0)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({}, "access_token"),
        ({"access_token": ""}, "access_token"),
        ({"token": Token(access_token="at-x")}, "oauth"),
        ({"token_store": MemoryTokenStore()}, "oauth"),
        ({"oauth": "not an app", "token": Token(access_token="at-x")}, "oauth"),
        (
            {
                "access_token": "at-x",
                "oauth": OAuthApp(CLIENT_ID, CLIENT_SECRET, REDIRECT_URI),
                "token": Token(access_token="at-y"),
            },
            "access_token",
        ),
        ({"oauth": OAuthApp(CLIENT_ID, CLIENT_SECRET, REDIRECT_URI)}, "token"),
        (
            {"oauth": OAuthApp(CLIENT_ID, CLIENT_SECRET, REDIRECT_URI), "token": {"a": 1}},
            "token",
        ),
        (
            {"oauth": OAuthApp(CLIENT_ID, CLIENT_SECRET, REDIRECT_URI), "token_store": object()},
            "token_store",
        ),
    ],
)
def test_build_auth_refuses_incomplete_configuration(kwargs, field):
    with pytest.raises(ValidationError) as info:
        build_auth(**kwargs)
    assert info.value.field == field


def test_build_auth_uses_the_token_issued_last_and_keeps_it_in_the_store(server):
    app = app_for(server)
    older = Token.from_response(server.issue(expires_in=3000))
    newer = Token.from_response(server.issue(expires_in=3600))
    # The store holds a refresh another process made: it wins over the caller's older copy.
    auth = build_auth(oauth=app, token=older, token_store=MemoryTokenStore(newer))
    assert isinstance(auth, RefreshingAuth) and auth.token == newer
    # A new authorization replaces a dead stored grant: it wins and is saved.
    store = MemoryTokenStore(older)
    assert build_auth(oauth=app, token=newer, token_store=store).token == newer  # type: ignore[attr-defined]
    assert store.load() == newer
    empty = MemoryTokenStore()
    build_auth(oauth=app, token=older, token_store=empty)
    assert empty.load() == older
    assert build_auth(oauth=app, token_store=MemoryTokenStore(older)).token == older  # type: ignore[attr-defined]
    assert newer.access_token not in repr(auth) and CLIENT_SECRET not in repr(auth)


# Refreshing


def test_expired_token_is_refreshed_before_the_request(server):
    old = expired_token(server)
    store = MemoryTokenStore()
    seen: list[Token] = []
    auth = build_auth(
        oauth=app_for(server), token=old, token_store=store, on_token_refresh=seen.append
    )
    with httpx.Client(base_url=server.base_url, auth=auth) as http:
        assert ping(http) == 200
        assert ping(http) == 200
    new = auth.token  # type: ignore[attr-defined]
    assert new.access_token != old.access_token
    assert (server.token_calls, server.pings) == (1, 2)  # no request went out with the old token
    assert store.load() == new and seen == [new]
    assert [e for e in server.events if e[0] == "ping"] == [("ping", new.access_token)] * 2


def test_token_expiring_within_60_s_is_refreshed_early(server):
    # An hour-long token with 30 s left: the 60 s leeway applies.
    issued = Token.from_response(server.issue(expires_in=30))
    nearly = Token(issued.access_token, issued.refresh_token, issued.expires_at, lifetime=3600.0)
    auth = build_auth(oauth=app_for(server), token=nearly)
    with httpx.Client(base_url=server.base_url, auth=auth) as http:
        assert ping(http) == 200
    assert server.token_calls == 1


def test_a_short_lived_token_is_not_expired_on_arrival(server):
    # expires_in=30 is below the 60 s leeway: the leeway shrinks to half the lifetime.
    fresh = Token.from_response(server.issue(expires_in=30))
    assert fresh.lifetime == 30
    assert not fresh.is_expired()
    assert fresh.is_expired(now=fresh.expires_at - timedelta(seconds=14))  # type: ignore[operator]
    auth = build_auth(oauth=app_for(server), token=fresh)
    with httpx.Client(base_url=server.base_url, auth=auth) as http:
        assert ping(http) == 200
    assert server.token_calls == 0


def test_a_401_refreshes_once_and_retries(server):
    token = live_token(server)
    del server.access[token.access_token]  # revoked server-side; the client cannot know
    auth = build_auth(oauth=app_for(server), token=token)
    with httpx.Client(base_url=server.base_url, auth=auth) as http:
        assert ping(http) == 200
    assert (server.token_calls, server.pings) == (1, 2)
    assert server.events[-1] == ("ping", auth.token.access_token)  # type: ignore[attr-defined]


def test_a_401_with_a_fresh_token_is_not_refreshed_again(server):
    old = expired_token(server)
    auth = build_auth(oauth=app_for(server), token=old)
    server.expires_in = -1  # the server now issues tokens that are dead on arrival
    with httpx.Client(base_url=server.base_url, auth=auth) as http:
        assert ping(http) == 401
    assert (server.token_calls, server.pings) == (1, 1)


def test_a_401_for_an_older_token_retries_with_the_current_one_without_refreshing(server):
    first = live_token(server)
    auth = build_auth(oauth=app_for(server), token=first)
    assert isinstance(auth, RefreshingAuth)
    del server.access[first.access_token]
    with httpx.Client(base_url=server.base_url) as plain:
        # Request A leaves with the first token...
        flow = auth.sync_auth_flow(plain.build_request("GET", "/ping"))
        sent = next(flow)
        assert sent.headers["Authorization"] == f"Bearer {first.access_token}"
        # ...meanwhile request B meets the 401 first and refreshes...
        with httpx.Client(base_url=server.base_url, auth=auth) as http:
            assert ping(http) == 200
        assert server.token_calls == 1
        # ...then A's 401 arrives: it is retried with B's token, with no second refresh.
        retry = flow.send(plain.send(sent))
        assert retry.headers["Authorization"] == f"Bearer {auth.token.access_token}"
        assert plain.send(retry).status_code == 200
    assert server.token_calls == 1


def test_invalid_grant_is_a_clear_final_oauth_error(server):
    old = expired_token(server)
    server.refresh.clear()  # the refresh token is no longer valid
    auth = build_auth(oauth=app_for(server), token=old)
    with (
        httpx.Client(base_url=server.base_url, auth=auth) as http,
        pytest.raises(OAuthError) as info,
    ):
        ping(http)
    assert info.value.error == "invalid_grant"
    assert info.value.description == "The refresh token is invalid or expired."
    assert (server.token_calls, server.pings) == (1, 0)


def test_invalid_grant_after_a_401_does_not_loop(server):
    token = live_token(server)
    del server.access[token.access_token]
    server.refresh.clear()
    auth = build_auth(oauth=app_for(server), token=token)
    with (
        httpx.Client(base_url=server.base_url, auth=auth) as http,
        pytest.raises(OAuthError) as info,
    ):
        ping(http)
    assert info.value.error == "invalid_grant"
    assert (server.token_calls, server.pings) == (1, 1)


def test_32_threads_meeting_an_invalid_grant_make_one_token_call(server):
    # The refusal is final: the threads waiting on the lock, and later requests, get the same
    # OAuthError without spending the dead refresh token again.
    auth = build_auth(oauth=app_for(server), token=expired_token(server))
    server.refresh.clear()
    server.token_delay = 0.05
    start = threading.Barrier(32)
    errors: list[str] = []
    with httpx.Client(
        base_url=server.base_url, auth=auth, limits=httpx.Limits(max_connections=40)
    ) as http:

        def work() -> None:
            start.wait()
            try:
                ping(http)
            except OAuthError as exc:
                errors.append(f"{exc.error}: {exc.description}")

        threads = [threading.Thread(target=work) for _ in range(32)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == ["invalid_grant: The refresh token is invalid or expired."] * 32
        with pytest.raises(OAuthError):
            ping(http)
    assert (server.token_calls, server.pings) == (1, 0)


@pytest.mark.anyio
async def test_32_tasks_meeting_an_invalid_grant_make_one_token_call(server):
    auth = build_auth(oauth=app_for(server), token=expired_token(server))
    server.refresh.clear()
    server.token_delay = 0.05
    async with httpx.AsyncClient(base_url=server.base_url, auth=auth) as http:
        results = await asyncio.gather(
            *(http.get("/ping") for _ in range(32)), return_exceptions=True
        )
    assert all(isinstance(r, OAuthError) and r.error == "invalid_grant" for r in results)
    assert (server.token_calls, server.pings) == (1, 0)


def test_after_an_invalid_grant_a_new_token_in_the_store_is_used(server):
    # Another process (or a new authorization) saves a working token: the refusal of the old
    # refresh token does not stand in its way.
    store = MemoryTokenStore()
    old = expired_token(server)
    server.refresh.discard(old.refresh_token)
    auth = build_auth(oauth=app_for(server), token=old, token_store=store)
    with httpx.Client(base_url=server.base_url, auth=auth) as http:
        with pytest.raises(OAuthError):
            ping(http)
        store.save(expired_token(server))  # expired, but its refresh token is live
        assert ping(http) == 200
    assert server.token_calls == 2


def test_a_transient_token_endpoint_error_is_not_final():
    calls: list[str] = []

    def reply(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/oauth/token"):
            calls.append("token")
            if len(calls) == 1:
                return httpx.Response(502, text="bad gateway")
            return httpx.Response(200, json={"access_token": "at-new", "expires_in": 3600})
        return httpx.Response(200, json={"ok": True})

    transport = httpx.MockTransport(reply)
    app = OAuthApp(
        CLIENT_ID,
        CLIENT_SECRET,
        REDIRECT_URI,
        "http://127.0.0.1:1/v1",
        http_client=httpx.Client(transport=transport),
    )
    auth = build_auth(oauth=app, token=Token("at-old", "rt-old", expires_at=PAST))
    with httpx.Client(base_url="http://127.0.0.1:1/v1", auth=auth, transport=transport) as http:
        with pytest.raises(OAuthError) as info:
            ping(http)
        assert info.value.status_code == 502
        assert ping(http) == 200
    assert calls == ["token", "token"]


def test_invalid_client_is_an_oauth_error(server):
    app = OAuthApp(CLIENT_ID, "not-the-secret", REDIRECT_URI, server.base_url)
    auth = build_auth(oauth=app, token=expired_token(server))
    with (
        httpx.Client(base_url=server.base_url, auth=auth) as http,
        pytest.raises(OAuthError) as info,
    ):
        ping(http)
    assert (info.value.error, info.value.description) == ("invalid_client", "Unknown client.")
    assert server.token_calls == 1


def test_without_a_refresh_token_an_expired_token_is_sent_and_the_401_stands(server):
    token = Token(access_token="at-no-refresh", expires_at=PAST)
    auth = build_auth(oauth=app_for(server), token=token)
    with httpx.Client(base_url=server.base_url, auth=auth) as http:
        assert ping(http) == 401
    assert (server.token_calls, server.pings) == (0, 1)


class RecordingStore(MemoryTokenStore):
    """Records saves into the server's event log, to check their order against its requests."""

    def __init__(self, server: OAuthServer) -> None:
        super().__init__()
        self.server = server

    def save(self, token: Token) -> None:
        with self.server.lock:
            self.server.events.append(("saved", token.access_token))
        super().save(token)

    def replace(self, spent_refresh_token: str | None, token: Token) -> bool:
        # The fenced save goes through save(), so that subclasses can slow it down or fail it.
        current = self.load()
        if current is not None and current.refresh_token != spent_refresh_token:
            return False
        self.save(token)
        return True


def test_new_token_is_saved_and_announced_before_any_request_uses_it(server):
    old = expired_token(server)
    store = RecordingStore(server)

    def announce(token: Token) -> None:
        with server.lock:
            server.events.append(("announced", token.access_token))

    auth = build_auth(
        oauth=app_for(server), token=old, token_store=store, on_token_refresh=announce
    )
    with httpx.Client(base_url=server.base_url, auth=auth) as http:
        assert ping(http) == 200
    new = auth.token.access_token  # type: ignore[attr-defined]
    order = [kind for kind, value in server.events if value == new]
    assert order == ["issued", "saved", "announced", "ping"]


def test_a_failing_save_keeps_the_new_token_unused_but_not_lost(server):
    class FlakyStore(MemoryTokenStore):
        failures = 1

        def replace(self, spent_refresh_token: str | None, token: Token) -> bool:
            if self.failures:
                self.failures -= 1
                raise OSError("disk full")
            return super().replace(spent_refresh_token, token)

    old = expired_token(server)
    store = FlakyStore(old)
    seen: list[Token] = []
    auth = build_auth(
        oauth=app_for(server), token=old, token_store=store, on_token_refresh=seen.append
    )
    with httpx.Client(base_url=server.base_url, auth=auth) as http:
        with pytest.raises(TokenStoreError, match=r"FlakyStore\(.* could not save: OSError") as err:
            ping(http)
        assert isinstance(err.value.__cause__, OSError)
        assert (server.token_calls, server.pings, seen) == (1, 0, [])
        # The refresh token was spent (rotated): the next request saves the token it got
        # instead of spending the dead one again.
        assert ping(http) == 200
    assert server.token_calls == 1
    assert store.load() == auth.token == seen[0]  # type: ignore[attr-defined]
    assert server.events[-1] == ("ping", seen[0].access_token)


def test_a_failing_callback_is_retried_with_the_same_token(server):
    calls: list[Token] = []

    def announce(token: Token) -> None:
        calls.append(token)
        if len(calls) == 1:
            raise RuntimeError("database down")

    auth = build_auth(oauth=app_for(server), token=expired_token(server), on_token_refresh=announce)
    with httpx.Client(base_url=server.base_url, auth=auth) as http:
        with pytest.raises(RuntimeError):
            ping(http)
        assert ping(http) == 200
    assert server.token_calls == 1 and server.pings == 1
    assert calls[0] == calls[1] == auth.token  # type: ignore[attr-defined]


def test_refresh_is_logged_without_any_secret(server, caplog):
    old = expired_token(server)
    auth = build_auth(oauth=app_for(server), token=old)
    with (
        caplog.at_level(logging.DEBUG, logger="formify"),
        httpx.Client(base_url=server.base_url, auth=auth) as http,
    ):
        ping(http)
    new = auth.token  # type: ignore[attr-defined]
    messages = [
        record.getMessage() for record in caplog.records if record.name.startswith("formify")
    ]
    refreshed = [re.fullmatch(r"token refreshed, expires in (\d+) s", m) for m in messages]
    seconds = [int(match.group(1)) for match in refreshed if match]
    assert len(seconds) == 1 and 3590 <= seconds[0] <= 3600
    secrets = [
        old.access_token,
        old.refresh_token,
        new.access_token,
        new.refresh_token,
        CLIENT_SECRET,
    ]
    for message in messages:
        assert not any(secret in message for secret in secrets)


# Single flight


@pytest.mark.parametrize("store", [None, "memory", "file"])
def test_32_threads_meeting_one_expired_token_make_one_token_call(server, store, tmp_path):
    token_store = {"memory": MemoryTokenStore(), "file": FileTokenStore(tmp_path / "t.json")}.get(
        store  # type: ignore[arg-type]
    )
    auth = build_auth(oauth=app_for(server), token=expired_token(server), token_store=token_store)
    server.token_delay = 0.05  # long enough for every thread to arrive while the refresh runs
    start = threading.Barrier(32)
    statuses: list[int] = []
    with httpx.Client(
        base_url=server.base_url, auth=auth, limits=httpx.Limits(max_connections=40)
    ) as http:

        def work() -> None:
            start.wait()
            statuses.append(ping(http))

        threads = [threading.Thread(target=work) for _ in range(32)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert statuses == [200] * 32
    assert server.token_calls == 1
    assert {value for kind, value in server.events if kind == "ping"} == {auth.token.access_token}  # type: ignore[attr-defined]


@pytest.mark.anyio
@pytest.mark.parametrize("store", [None, "memory", "file"])
async def test_32_tasks_meeting_one_expired_token_make_one_token_call(server, store, tmp_path):
    token_store = {"memory": MemoryTokenStore(), "file": FileTokenStore(tmp_path / "t.json")}.get(
        store  # type: ignore[arg-type]
    )
    auth = build_auth(oauth=app_for(server), token=expired_token(server), token_store=token_store)
    server.token_delay = 0.05
    async with httpx.AsyncClient(base_url=server.base_url, auth=auth) as http:
        responses = await asyncio.gather(*(http.get("/ping") for _ in range(32)))
    assert [r.status_code for r in responses] == [200] * 32
    assert server.token_calls == 1


@pytest.mark.anyio
async def test_32_tasks_meeting_one_401_make_one_token_call(server):
    token = live_token(server)
    del server.access[token.access_token]
    auth = build_auth(oauth=app_for(server), token=token, token_store=MemoryTokenStore())
    async with httpx.AsyncClient(base_url=server.base_url, auth=auth) as http:
        responses = await asyncio.gather(*(http.get("/ping") for _ in range(32)))
    assert [r.status_code for r in responses] == [200] * 32
    assert server.token_calls == 1


@pytest.mark.anyio
async def test_async_refresh_saves_announces_and_retries_a_401(server, tmp_path):
    token = live_token(server)
    del server.access[token.access_token]
    store = FileTokenStore(tmp_path / "t.json")
    seen: list[Token] = []
    auth = build_auth(
        oauth=app_for(server), token=token, token_store=store, on_token_refresh=seen.append
    )
    async with httpx.AsyncClient(base_url=server.base_url, auth=auth) as http:
        assert (await http.get("/ping")).status_code == 200
    assert server.token_calls == 1
    assert store.load() == auth.token == seen[0]  # type: ignore[attr-defined]


@pytest.mark.anyio
async def test_async_invalid_grant_is_final(server):
    old = expired_token(server)
    server.refresh.clear()
    auth = build_auth(oauth=app_for(server), token=old)
    async with httpx.AsyncClient(base_url=server.base_url, auth=auth) as http:
        with pytest.raises(OAuthError) as info:
            await http.get("/ping")
    assert info.value.error == "invalid_grant"
    assert (server.token_calls, server.pings) == (1, 0)


def test_a_token_refreshed_by_another_client_sharing_the_store_is_used(server):
    store = MemoryTokenStore()
    old = expired_token(server)
    first = build_auth(oauth=app_for(server), token=old, token_store=store)
    second = build_auth(oauth=app_for(server), token=old, token_store=store)
    with httpx.Client(base_url=server.base_url, auth=first) as http:
        assert ping(http) == 200
    with httpx.Client(base_url=server.base_url, auth=second) as http:
        assert ping(http) == 200
    assert server.token_calls == 1
    assert second.token == first.token  # type: ignore[attr-defined]


def test_stored_expired_but_newer_token_is_refreshed_with_its_own_refresh_token(server):
    # Another process refreshed (rotating the refresh token) and its token has since expired:
    # refreshing with our stale refresh token would be invalid_grant.
    old = expired_token(server)
    app = app_for(server)
    newer = app.refresh(old)
    newer_expired = Token(newer.access_token, newer.refresh_token, expires_at=PAST)
    store = MemoryTokenStore()
    auth = build_auth(oauth=app, token=old, token_store=store)
    store.save(newer_expired)
    with httpx.Client(base_url=server.base_url, auth=auth) as http:
        assert ping(http) == 200
    assert server.forms[-1]["refresh_token"] == newer.refresh_token
    assert server.token_calls == 2


def test_a_live_token_is_not_refreshed(server):
    token = Token.from_response(server.issue())
    assert token.expires_at is not None
    assert token.expires_at - datetime.now(UTC) > timedelta(minutes=59)
    auth = build_auth(oauth=app_for(server), token=token)
    with httpx.Client(base_url=server.base_url, auth=auth) as http:
        assert ping(http) == 200
    assert server.token_calls == 0


def test_a_concurrent_request_never_carries_a_token_before_it_is_saved(server):
    # While the refreshing thread is inside save(), a second thread starts a request: it must
    # wait for the save to finish rather than pick up the new, not-yet-saved token.
    old = expired_token(server)
    saving = threading.Event()

    class SlowStore(RecordingStore):
        def save(self, token: Token) -> None:
            if token.access_token != old.access_token:
                saving.set()
                time.sleep(0.2)  # the window in which an early-published token would be used
            super().save(token)

    auth = build_auth(oauth=app_for(server), token=old, token_store=SlowStore(server))
    with httpx.Client(base_url=server.base_url, auth=auth) as http:
        first = threading.Thread(target=ping, args=(http,))
        first.start()
        assert saving.wait(5)
        assert ping(http) == 200
        first.join()
    new = auth.token.access_token  # type: ignore[attr-defined]
    order = [kind for kind, value in server.events if value == new]
    assert order == ["issued", "saved", "ping", "ping"]
    assert server.token_calls == 1


@pytest.mark.anyio
@pytest.mark.parametrize("kind", ["memory", "file"])
async def test_a_task_cancelled_while_waiting_for_the_store_lock_does_not_leave_it_held(
    server, tmp_path, kind
):
    store = MemoryTokenStore() if kind == "memory" else FileTokenStore(tmp_path / "t.json")
    auth = build_auth(oauth=app_for(server), token=expired_token(server), token_store=store)
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with store.refresh_lock():
            held.set()
            release.wait(5)

    holder = threading.Thread(target=hold)
    holder.start()
    assert held.wait(5)
    async with httpx.AsyncClient(base_url=server.base_url, auth=auth) as http:
        waiting = asyncio.ensure_future(http.get("/ping"))
        await asyncio.sleep(0.05)  # the task is now blocked on the lock, in a worker thread
        waiting.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiting
        release.set()
        holder.join()
        # The abandoned acquisition is given back: the next request refreshes and succeeds.
        response = await asyncio.wait_for(http.get("/ping"), 5)
    assert response.status_code == 200
    assert server.token_calls == 1


@pytest.mark.anyio
@pytest.mark.parametrize("kind", ["memory", "file"])
async def test_40_clients_sharing_one_store_refresh_once_without_starving(server, tmp_path, kind):
    # More clients than the loop's default thread pool has threads: waiting for the store's
    # lock must not take the threads the holder needs for its own store I/O.
    store = MemoryTokenStore() if kind == "memory" else FileTokenStore(tmp_path / "t.json")
    old = expired_token(server)
    auths = [build_auth(oauth=app_for(server), token=old, token_store=store) for _ in range(40)]
    server.token_delay = 0.05
    clients = [httpx.AsyncClient(base_url=server.base_url, auth=auth) for auth in auths]
    try:
        responses = await asyncio.wait_for(
            asyncio.gather(*(client.get("/ping") for client in clients)), 20
        )
    finally:
        for client in clients:
            await client.aclose()
    assert [r.status_code for r in responses] == [200] * 40
    assert server.token_calls == 1
    assert {auth.token.access_token for auth in auths} == {store.load().access_token}  # type: ignore[attr-defined, union-attr]


@pytest.mark.anyio
async def test_store_lock_wait_cancelled_at_any_moment_never_leaves_the_lock_held() -> None:
    # Cancel the waiter at every point of the hand-over, including just after the worker
    # thread took the lock but before the task resumed: the lock must always come back.
    from formify._auth import _in_thread

    lock = threading.Lock()

    async def hold_it() -> None:
        async with _in_thread(lock):
            await asyncio.sleep(1)

    for attempt in range(300):
        task = asyncio.ensure_future(hold_it())
        for _ in range(attempt % 7):
            await asyncio.sleep(0)
        if attempt % 3 == 0:
            await asyncio.sleep(0.0005)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        deadline = time.monotonic() + 2
        while not lock.acquire(blocking=False):  # a worker may still be handing it back
            assert time.monotonic() < deadline, f"lock left held after attempt {attempt}"
            await asyncio.sleep(0.001)
        lock.release()
