"""Emulator rate limit (X-RateLimit-* on every answer, 429 past the budget) and injected faults."""

from __future__ import annotations

import socket
import time

import httpx
import pytest
from _emulator_helpers import api_client

from formify.testing import Emulator, EmulatorError


def test_rate_limit_counts_down_then_429_until_the_window_resets() -> None:
    with Emulator(rate_limit=3, rate_window=60) as emu, api_client(emu) as api:
        seen = [api.get("user") for _ in range(3)]
        assert [r.headers["x-ratelimit-remaining"] for r in seen] == ["2", "1", "0"]
        assert all(r.headers["x-ratelimit-limit"] == "3" for r in seen)
        over = api.get("user", params={"errorLanguage": "sv"})
        assert over.status_code == 429
        assert over.headers["x-ratelimit-remaining"] == "0"
        reset = int(over.headers["x-ratelimit-reset"])
        assert 1 <= reset <= 60
        assert over.json() == {
            "message": f"För många förfrågningar; försök igen om {reset} sekunder."
        }
        emu.advance(60)
        assert api.get("user").status_code == 200


def test_rate_limit_headers_on_errors_and_oauth_too(formify_emulator: Emulator) -> None:
    emu = formify_emulator
    with api_client(emu) as api:
        answers = [
            api.get("docs/nope"),
            httpx.get(f"{emu.base_url}/user"),
            httpx.post(f"{emu.base_url}/oauth/revoke", data={"token": "x"}),
            api.delete("webhooks/nope"),
        ]
    for r in answers:
        assert r.status_code >= 400
        assert {"x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"} <= set(r.headers)


def test_status_fault_answers_once_then_normally(formify_emulator: Emulator) -> None:
    emu = formify_emulator
    emu.inject_fault("getUser", status=503)
    with api_client(emu) as api:
        first = api.get("user")
        second = api.get("user")
    assert first.status_code == 503 and "message" in first.json()
    assert second.status_code == 200
    assert [s for _, _, s in emu.requests] == [503, 200]


def test_fault_429_carries_the_reset_header(formify_emulator: Emulator) -> None:
    emu = formify_emulator
    emu.inject_fault("POST /docs", status=429, reset=7, count=2)
    with api_client(emu) as api:
        answers = [api.post("docs", json={}) for _ in range(3)]
    assert [r.status_code for r in answers] == [429, 429, 400]
    assert answers[0].headers["x-ratelimit-reset"] == "7"
    assert answers[0].headers["x-ratelimit-remaining"] == "0"


def test_slow_fault_delays_the_answer(formify_emulator: Emulator) -> None:
    emu = formify_emulator
    emu.inject_fault("/user", kind="slow", delay=0.3)
    with api_client(emu) as api:
        start = time.monotonic()
        r = api.get("user")
        took = time.monotonic() - start
        emu.inject_fault("/v1/user", kind="slow", delay=0.5)
        with pytest.raises(httpx.ReadTimeout):
            api.get("user", timeout=0.1)
    assert r.status_code == 200 and took >= 0.3
    # the abandoned request still finishes on the server; wait so it stays in this test's log
    deadline = time.monotonic() + 5
    while len(emu.requests) < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert len(emu.requests) == 2


def test_drop_fault_closes_the_connection_after_reading_the_post(
    formify_emulator: Emulator,
) -> None:
    emu = formify_emulator
    emu.inject_fault("registerWebhook", kind="drop")
    with api_client(emu) as api:
        with pytest.raises(httpx.RemoteProtocolError):
            api.post("webhooks", json={"webhookUrl": "http://127.0.0.1:9/h", "eventTypes": []})
        after = api.get("user")
    assert after.status_code == 200
    # the server did not create anything, and logged the dropped request with no status
    assert emu.app.ctx.store.webhooks == {}
    assert emu.requests[0] == ("POST", "/v1/webhooks", 0)


def test_drop_fault_with_a_raw_socket_sees_eof_without_a_status_line(
    formify_emulator: Emulator,
) -> None:
    emu = formify_emulator
    emu.inject_fault("/user", kind="drop")
    with socket.create_connection(("127.0.0.1", emu.port), timeout=5) as sock:
        sock.sendall(b"GET /v1/user HTTP/1.1\r\nHost: x\r\n\r\n")
        assert sock.recv(100) == b""


def test_bad_fault_definitions_are_refused(formify_emulator: Emulator) -> None:
    with pytest.raises(EmulatorError, match="kind"):
        formify_emulator.inject_fault("/user", kind="explode")
    with pytest.raises(EmulatorError, match="status"):
        formify_emulator.inject_fault("/user", status=200)
