"""`python -m formify emulator`: prints its base URL and token, serves, stops on SIGINT/SIGTERM."""

from __future__ import annotations

import signal
import subprocess
import sys

import httpx
import pytest

from formify.cli import main


def _start(*args: str) -> tuple[subprocess.Popen[str], str, str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "formify", "emulator", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    first = proc.stdout.readline()
    second = proc.stdout.readline()
    assert first.startswith("Formify emulator listening at http://127.0.0.1:"), first
    base_url = first.rsplit(" ", 1)[1].strip()
    token = second.removeprefix("access token: ").strip()
    return proc, base_url, token


@pytest.mark.parametrize("stop_with", [signal.SIGINT, signal.SIGTERM])
def test_cli_serves_the_given_token_and_stops_cleanly(stop_with: signal.Signals) -> None:
    proc, base_url, token = _start("--access-token", "cli-token")
    try:
        assert base_url.endswith("/v1") and not base_url.endswith(":0/v1")
        assert token == "cli-token"
        ok = httpx.get(f"{base_url}/user", headers={"Authorization": "Bearer cli-token"})
        assert ok.status_code == 200
        bad = httpx.get(f"{base_url}/user", headers={"Authorization": "Bearer other"})
        assert bad.status_code == 401
    finally:
        proc.send_signal(stop_with)
        _, err = proc.communicate(timeout=10)
    assert proc.returncode == 0, err
    assert "Traceback" not in err


def test_cli_registers_the_given_oauth_client() -> None:
    proc, base_url, _ = _start("--oauth-client-id", "cid", "--oauth-client-secret", "csecret")
    try:
        refused = httpx.post(
            f"{base_url}/oauth/token",
            data={
                "grant_type": "refresh_token",
                "client_id": "cid",
                "client_secret": "wrong",
                "refresh_token": "x",
            },
        )
        assert refused.status_code == 401
        known = httpx.post(
            f"{base_url}/oauth/token",
            data={
                "grant_type": "refresh_token",
                "client_id": "cid",
                "client_secret": "csecret",
                "refresh_token": "x",
            },
        )
        # client accepted; the made-up refresh token is what fails now
        assert known.status_code == 400 and known.json()["error"] == "invalid_grant"
    finally:
        proc.terminate()
        proc.communicate(timeout=10)


def test_cli_refuses_half_an_oauth_client(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["emulator", "--port", "0", "--oauth-client-id", "only-id"]) == 2
    assert "--oauth-client-secret" in capsys.readouterr().err


_SIGNAL_DURING_START = """
import os, signal, sys
from formify.cli import main
from formify.testing import Emulator

start = Emulator.start

def start_and_get_interrupted(self):
    os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C while the servers are still starting
    return start(self)

Emulator.start = start_and_get_interrupted
sys.exit(main(["emulator", "--port", "0"]))
"""


def test_ctrl_c_while_starting_stops_cleanly_once_started() -> None:
    # the stop signals are held from before start-up and taken by sigwait afterwards: no
    # KeyboardInterrupt half-way through starting threads, no handler racing a lock
    proc = subprocess.run(
        [sys.executable, "-c", _SIGNAL_DURING_START],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "press Ctrl-C to stop" in proc.stdout
