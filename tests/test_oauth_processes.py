"""Real processes sharing one FileTokenStore spend an expired token's refresh token once."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from _oauth_server import CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, running

from formify._tokens import FileTokenStore, Token

# Each worker builds its auth (reading the expired token), says it is ready, waits for the
# go signal so that both meet the expired token at once, then makes one API call.
WORKER = f"""
import json, sys, time
from pathlib import Path
import httpx
from formify._auth import build_auth
from formify._oauth import OAuthApp
from formify._tokens import FileTokenStore

base_url, store_path, ready, go = sys.argv[1:5]
app = OAuthApp({CLIENT_ID!r}, {CLIENT_SECRET!r}, {REDIRECT_URI!r}, base_url)
auth = build_auth(oauth=app, token_store=FileTokenStore(store_path))
assert auth.token.is_expired()
Path(ready).touch()
while not Path(go).exists():
    time.sleep(0.002)
with httpx.Client(base_url=base_url, auth=auth) as http:
    status = http.get("/ping").status_code
print(json.dumps({{"status": status, "access_token": auth.token.access_token}}))
"""


@pytest.mark.parametrize("processes", [2, 4])
def test_processes_sharing_a_file_store_make_one_token_call(tmp_path: Path, processes: int) -> None:
    with running() as server:
        store = FileTokenStore(tmp_path / "token.json")
        expired = Token.from_response(server.issue(expires_in=-1))
        store.save(expired)
        # Long enough that the second process asks while the first one's refresh is running.
        server.token_delay = 0.3
        go = tmp_path / "go"
        workers = []
        for n in range(processes):
            ready = tmp_path / f"ready{n}"
            args = [server.base_url, str(store.path), str(ready), str(go)]
            workers.append(
                (
                    ready,
                    subprocess.Popen(
                        [sys.executable, "-c", WORKER, *args],
                        stdout=subprocess.PIPE,
                        stderr=subprocess.PIPE,
                        text=True,
                    ),
                )
            )
        deadline = time.monotonic() + 30
        while not all(ready.exists() for ready, _ in workers):
            assert time.monotonic() < deadline, "workers did not start"
            assert all(proc.poll() is None for _, proc in workers), workers[0][1].communicate()
            time.sleep(0.005)
        go.touch()
        results = []
        for _, proc in workers:
            out, err = proc.communicate(timeout=30)
            assert proc.returncode == 0, err
            results.append(json.loads(out))
        final = store.load()
    assert server.token_calls == 1
    assert final is not None and final.access_token != expired.access_token
    assert results == [{"status": 200, "access_token": final.access_token}] * processes
    assert final.refresh_token in server.refresh and expired.refresh_token not in server.refresh
