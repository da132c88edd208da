"""``formify emulator``: one-line errors for bad options, and the OAuth client it prints."""

from __future__ import annotations

import contextlib
import json
import socket
import subprocess
import threading
import time
from pathlib import Path

import httpx
import pytest
from _cli import FORMIFY, cli_env, one_line_error, run


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--port", "70000"], "--port"),
        (["--port", "0", "--storage-port", "-1"], "--storage-port"),
        (["--port", "0", "--webhook-time-scale", "-0.5"], "--webhook-time-scale"),
        (["--port", "0", "--rate-limit", "0"], "--rate-limit"),
    ],
)
def test_bad_options_are_one_line_usage_errors(args: list[str], named: str, tmp_path: Path) -> None:
    line = one_line_error(run("emulator", *args, env=cli_env(tmp_path)), 2, "UsageError")
    assert named in line


def test_a_taken_port_is_one_line(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        line = one_line_error(
            run("emulator", "--port", str(port), env=cli_env(tmp_path)), 1, "Error"
        )
    assert f"port {port} is already in use" in line


def test_prints_the_oauth_client_it_accepts_and_sigterm_ends_slow_requests(
    tmp_path: Path,
) -> None:
    proc = subprocess.Popen(
        [FORMIFY, "emulator", "--port", "0", "--json"],
        env=cli_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        announced = json.loads("".join(iter(proc.stdout.readline, "}\n")) + "}")
        base_url = announced["baseUrl"]
        form = {
            "grant_type": "refresh_token",
            "client_id": announced["oauthClientId"],
            "client_secret": announced["oauthClientSecret"],
            "refresh_token": "made-up",
        }
        answer = httpx.post(f"{base_url}/oauth/token", data=form)
        # the client is accepted (a wrong secret is 401); only the made-up refresh token fails
        assert answer.status_code == 400 and answer.json()["error"] == "invalid_grant"
        form["client_secret"] = "wrong"
        assert httpx.post(f"{base_url}/oauth/token", data=form).status_code == 401

        # a request held for 60 s is in flight when SIGTERM comes: the emulator stops anyway
        origin = base_url.removesuffix("/v1")
        fault = {"target": "/user", "kind": "slow", "delay": 60}
        assert httpx.post(f"{origin}/_emulator/faults", json=fault).status_code < 300
        arrived = threading.Event()
        headers = {"Authorization": f"Bearer {announced['accessToken']}"}

        def slow_request() -> None:
            with contextlib.suppress(httpx.HTTPError):
                arrived.set()
                httpx.get(f"{base_url}/user", headers=headers, timeout=90)

        threading.Thread(target=slow_request, daemon=True).start()
        assert arrived.wait(10)
        time.sleep(0.5)  # let the request reach the server (no event to wait on from here)
        started = time.monotonic()
        proc.terminate()
        proc.wait(timeout=20)  # far less than the 60 s the request is held
        took = time.monotonic() - started
    finally:
        proc.kill()
        proc.communicate(timeout=10)
    assert proc.returncode == 0
    assert took < 20, took


def test_every_emulator_option_has_a_flag() -> None:
    import inspect

    import typer.main

    from formify.cli._app import build
    from formify.testing import Emulator

    root = typer.main.get_command(build())
    command = root.commands["emulator"]  # type: ignore[attr-defined]
    flags = {p.name for p in command.params} | {p.name for p in root.params}
    options = set(inspect.signature(Emulator.__init__).parameters) - {"self"}
    assert options <= flags, options - flags  # access_token is the root's --access-token
