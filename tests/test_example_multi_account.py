"""examples/multi_account under two worker processes against the emulator.

Three accounts connect through OAuth (the consent starts on one worker and returns to the
other); with their tokens expired, 48 concurrent requests over both workers refresh each
account once; each request carries its own account's token; 50 webhook deliveries sent 3
times each, to either worker, are handled exactly once.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import attrs
import httpx
import pytest

from formify import webhooks
from formify.stores import SQLiteTokenStore
from formify.testing import Emulator

ROOT = Path(__file__).resolve().parent.parent
SECRET = "whsec_multi_account_example"
# Serve the example on a free port; print the port, then serve until killed.
RUNNER = """
import sys
sys.path.insert(0, {root!r})
from werkzeug.serving import make_server
from examples.multi_account.app import create_app
server = make_server("127.0.0.1", 0, create_app(), threaded=True)
print(server.server_port, flush=True)
server.serve_forever()
"""


@pytest.fixture
def setup(tmp_path):
    with Emulator(rate_limit=1_000_000) as emu:
        env = {
            **os.environ,
            "FORMIFY_CLIENT_ID": emu.oauth_client_id,
            "FORMIFY_CLIENT_SECRET": emu.oauth_client_secret,
            "FORMIFY_REDIRECT_URI": "http://127.0.0.1/oauth/callback",
            "FORMIFY_BASE_URL": emu.base_url,
            "FORMIFY_AUTHORIZE_BASE": emu.url,
            "FLASK_SECRET_KEY": "test-secret-key",
            "FORMIFY_WEBHOOK_SECRET": SECRET,
            "DATA_DIR": str(tmp_path),
        }
        workers = [
            subprocess.Popen(
                [sys.executable, "-c", RUNNER.format(root=str(ROOT))],
                env=env,
                stdout=subprocess.PIPE,
                stderr=(tmp_path / f"worker{n}.log").open("w"),
                text=True,
            )
            for n in range(2)
        ]
        try:
            urls = [f"http://127.0.0.1:{w.stdout.readline().strip()}" for w in workers]  # type: ignore[union-attr]
            yield emu, urls, tmp_path
        finally:
            for worker in workers:
                worker.kill()
                worker.wait()


def connect(emu: Emulator, urls: list[str], account: str) -> None:
    with httpx.Client() as browser:  # one browser: the session cookie goes along
        start = browser.get(f"{urls[0]}/connect/{account}")
        assert start.status_code == 302
        back = httpx.URL(emu.consent(start.headers["location"]))
        done = browser.get(f"{urls[1]}/oauth/callback", params=back.params)
        assert done.json() == {"connected": account}, done.text


def test_two_workers_serve_many_accounts(setup) -> None:
    emu, urls, data = setup
    accounts = ["acme", "globex", "initech"]
    for account in accounts:
        connect(emu, urls, account)
    emu.expire_tokens()
    for account in accounts:  # and expired on our side too: the next request refreshes
        store = SQLiteTokenStore(data / "tokens.db", f"account:{account}")
        token = store.load()
        assert token is not None
        store.save(attrs.evolve(token, expires_at=datetime.now(UTC) - timedelta(minutes=1)))
    before = sum(1 for _, path, _ in emu.requests if path == "/v1/oauth/token")
    answers: list[dict] = []
    start = threading.Barrier(48)

    def ask(n: int) -> None:
        start.wait()
        answer = httpx.get(f"{urls[n % 2]}/accounts/{accounts[n % 3]}/me", timeout=60)
        answers.append({"status": answer.status_code, **answer.json()})

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(48)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(a["status"] == 200 for a in answers), answers
    assert len({a["pid"] for a in answers}) == 2  # both workers served
    assert sum(1 for _, path, _ in emu.requests if path == "/v1/oauth/token") - before == 3
    assert httpx.get(f"{urls[0]}/accounts/nobody/me").status_code == 404


def test_two_workers_handle_each_webhook_once(setup) -> None:
    _, urls, data = setup
    events = [str(uuid.uuid4()) for _ in range(50)]
    deliveries = [e for e in events for _ in range(3)]

    def body(event_id: str) -> bytes:
        event = {
            "eventId": event_id,
            "type": "document.signed",
            "date": "2024-10-25T14:23:55Z",
            "data": {"documentId": str(uuid.uuid4()), "accountId": "a", "userId": "u"},
        }
        return json.dumps({"event": event}).encode()

    statuses: Counter[int] = Counter()
    lock = threading.Lock()

    def deliver(n: int, event_id: str) -> None:
        raw = body(event_id)
        for _ in range(20):  # a 409 (another worker is on it) is delivered again
            answer = httpx.post(
                f"{urls[n % 2]}/webhooks", content=raw, headers=webhooks.sign(raw, SECRET)
            )
            with lock:
                statuses[answer.status_code] += 1
            if answer.status_code != 409:
                return

    threads = [threading.Thread(target=deliver, args=(n, e)) for n, e in enumerate(deliveries)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert set(statuses) <= {200, 409}
    with sqlite3.connect(data / "handled.db") as db:
        handled = Counter(row[0] for row in db.execute("SELECT event_id FROM handled"))
    assert set(handled) == set(events) and set(handled.values()) == {1}
    forged = body(str(uuid.uuid4()))
    bad = webhooks.sign(forged, "whsec_someone_else")
    assert httpx.post(f"{urls[0]}/webhooks", content=forged, headers=bad).status_code == 400
