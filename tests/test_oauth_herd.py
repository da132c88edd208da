"""Refresh under a crowd, against the emulator: short lifetimes, a failing or hanging token
endpoint, and the token call going through the API client's own transport and retry policy.
"""

from __future__ import annotations

import asyncio
import threading
import time
from datetime import UTC, datetime, timedelta

import attrs
import httpx
import pytest

import formify.testing._state.tokens as emulated_tokens
from formify import AsyncFormify, Formify, MemoryTokenStore, OAuthError
from formify.stores import RefreshOutcomeUnknownError
from formify.testing import Emulator
from formify.testing.conformance import connect_account

TOKEN_PATH = "/v1/oauth/token"


def token_calls(emu: Emulator) -> int:
    return sum(1 for _, path, _ in emu.requests if path == TOKEN_PATH)


def crowd(n: int, call) -> list[BaseException | None]:
    """Run `call` in `n` threads released together; return each one's error (or None)."""
    start = threading.Barrier(n)
    outcomes: list[BaseException | None] = [None] * n

    def run(i: int) -> None:
        start.wait()
        try:
            call()
        except BaseException as exc:
            outcomes[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def nearly_expired(client: Formify | AsyncFormify, seconds: float) -> None:
    """Make the client's token expire in `seconds` (within its leeway: it must refresh)."""
    auth = client._auth  # type: ignore[attr-defined]
    expires_at = datetime.now(UTC) + timedelta(seconds=seconds)
    auth._token = attrs.evolve(auth.token, expires_at=expires_at)


@pytest.fixture
def emu():
    with Emulator(rate_limit=1_000_000) as emulator:
        yield emulator


def test_expires_in_30_64_concurrent_requests_make_one_token_call(emu, monkeypatch) -> None:
    monkeypatch.setattr(emulated_tokens, "ACCESS_LIFETIME", 30)
    app, token = connect_account(emu)
    assert token.lifetime == 30
    with Formify(oauth=app, token=token, base_url=emu.base_url) as client:
        before = token_calls(emu)
        assert crowd(64, client.user.get) == [None] * 64
        assert token_calls(emu) == before  # fresh for 15 s: not expired on arrival
        nearly_expired(client, 10)  # inside the leeway of half the lifetime
        assert crowd(64, client.user.get) == [None] * 64
        assert token_calls(emu) == before + 1
        assert not client._auth.token.is_expired()  # type: ignore[attr-defined]


@pytest.mark.parametrize("retries", [0, 2])
def test_a_503_token_endpoint_costs_one_call_per_attempt_for_64_waiters(emu, retries) -> None:
    app, token = connect_account(emu)
    with Formify(oauth=app, token=token, base_url=emu.base_url, max_retries=retries) as client:
        emu.expire_tokens()
        nearly_expired(client, -1)
        emu.inject_fault("/oauth/token", "status", status=503, count=10_000)
        before = token_calls(emu)
        outcomes = crowd(64, client.user.get)
        assert all(isinstance(o, OAuthError) and o.status_code == 503 for o in outcomes)
        # Whoever waited for a refresh gets its error ("shared"); only a request that came
        # after a refresh had failed starts one of its own (on an idle machine: just the first).
        own = [o for o in outcomes if "shared" not in "".join(getattr(o, "__notes__", []))]
        assert 1 <= len(own) < 64
        assert token_calls(emu) - before == (retries + 1) * len(own)
        emu.control.ctx.faults.reset()
        client.user.get()  # a transient failure is not final: the next request refreshes
        assert token_calls(emu) - before == (retries + 1) * len(own) + 1


def test_a_500_from_the_token_endpoint_is_not_retried(emu) -> None:
    app, token = connect_account(emu)
    with Formify(oauth=app, token=token, base_url=emu.base_url, max_retries=3) as client:
        nearly_expired(client, -1)
        emu.inject_fault("/oauth/token", "status", status=500, count=1)
        before = token_calls(emu)
        with pytest.raises(OAuthError, match="http_500"):
            client.user.get()
        assert token_calls(emu) - before == 1  # may have rotated before failing: never twice


def test_a_hanging_token_endpoint_is_an_ambiguous_refresh_shared_by_waiters(emu) -> None:
    app, token = connect_account(emu)
    with Formify(oauth=app, token=token, base_url=emu.base_url, timeout=0.5) as client:
        nearly_expired(client, -1)
        emu.inject_fault("/oauth/token", "slow", delay=3.0, count=10_000)
        before = token_calls(emu)
        outcomes = crowd(16, client.user.get)
        assert all(isinstance(o, RefreshOutcomeUnknownError) for o in outcomes), outcomes
        assert "may have rotated" in str(outcomes[0])
        own = [o for o in outcomes if "shared" not in "".join(getattr(o, "__notes__", []))]
        assert 1 <= len(own) <= 2
        time.sleep(4)  # the emulator logs a request when its (3 s) answer is done
        assert token_calls(emu) - before == len(own)  # never re-sent, by the first or waiters


def test_async_64_tasks_share_a_failing_refresh(emu) -> None:
    async def main() -> None:
        app, token = connect_account(emu)
        async with AsyncFormify(
            oauth=app, token=token, base_url=emu.base_url, max_retries=1
        ) as client:
            nearly_expired(client, -1)
            emu.inject_fault("/oauth/token", "status", status=503, count=10_000)
            before = token_calls(emu)
            outcomes = await asyncio.gather(
                *(client.user.get() for _ in range(64)), return_exceptions=True
            )
            assert token_calls(emu) - before == 2
            assert all(isinstance(o, OAuthError) for o in outcomes)
            emu.control.ctx.faults.reset()
            nearly_expired(client, -1)
            results = await asyncio.gather(*(client.user.get() for _ in range(64)))
            assert len(results) == 64 and token_calls(emu) - before == 3

    asyncio.run(main())


class RecordingTransport(httpx.HTTPTransport):
    """A real transport that notes every request it carries (and the timeout it was given)."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[str, dict[str, float | None]]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.seen.append((request.url.path, request.extensions.get("timeout", {})))
        return super().handle_request(request)


def test_the_token_call_goes_through_the_clients_transport_and_timeout(emu) -> None:
    app, token = connect_account(emu)
    transport = RecordingTransport()
    http = httpx.Client(transport=transport)
    with Formify(
        oauth=app, token=token, base_url=emu.base_url, http_client=http, timeout=7.5
    ) as client:
        nearly_expired(client, -1)
        client.user.get()
    paths = [path for path, _ in transport.seen]
    assert paths == [TOKEN_PATH, "/v1/user"]
    assert transport.seen[0][1]["read"] == 7.5  # the client's timeout, not OAuthApp's default
    assert "authorization" not in {k.lower() for k in http.headers}
    http.close()


def test_the_token_call_retries_a_dropped_connection_only_before_sending(emu) -> None:
    app, token = connect_account(emu)
    with Formify(oauth=app, token=token, base_url=emu.base_url, max_retries=2) as client:
        nearly_expired(client, -1)
        emu.inject_fault("/oauth/token", "drop", count=1)  # read, then cut: may have rotated
        with pytest.raises(RefreshOutcomeUnknownError):
            client.user.get()


def test_shared_store_waiters_in_one_process_make_one_call(emu) -> None:
    app, token = connect_account(emu)
    store = MemoryTokenStore(token)
    clients = [Formify(oauth=app, token_store=store, base_url=emu.base_url) for _ in range(4)]
    emu.expire_tokens()
    for c in clients:
        nearly_expired(c, -1)
    before = token_calls(emu)
    outcomes = crowd(64, lambda: clients[threading.get_ident() % 4].user.get())
    assert outcomes == [None] * 64
    assert token_calls(emu) - before == 1
    for c in clients:
        c.close()
