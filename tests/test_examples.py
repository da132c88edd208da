"""The webhook receiver examples, served for real on 127.0.0.1 and sent Formify-style deliveries.

Each app runs in a thread (werkzeug's `make_server` for Flask, uvicorn for FastAPI) on a free
port; the tests post with httpx and check both the status and how often the handler ran.
"""

from __future__ import annotations

import importlib.util
import json
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
import uvicorn
from werkzeug.serving import make_server

from formify import webhooks

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SECRET = "whsec_examples_7d2e9f"
OLD_SECRET = "whsec_examples_old_11aa"
PATH = "/webhooks/formify"


def load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        f"formify_example_{name}", EXAMPLES / f"{name}.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


class Recorder:
    """The handler under test: records each event; can be told to fail the next call."""

    def __init__(self) -> None:
        self.events: list[webhooks.WebhookEvent] = []
        self.fail_next = False
        self.hold: dict[str, threading.Event] = {}  # event id -> released when set
        self.entered: dict[str, threading.Event] = {}
        self._lock = threading.Lock()

    def __call__(self, event: webhooks.WebhookEvent) -> None:
        if event.event_id in self.hold:
            self.entered[event.event_id].set()
            assert self.hold[event.event_id].wait(10)
        with self._lock:
            if self.fail_next:
                self.fail_next = False
                raise RuntimeError("database down")
            self.events.append(event)

    def ids(self) -> list[str]:
        with self._lock:
            return [e.event_id for e in self.events]


def serve_flask(app: Any) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    # a short poll interval so shutdown() returns at once rather than after 0.5 s
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{PATH}"
    finally:
        server.shutdown()
        thread.join(5)


def serve_fastapi(app: Any) -> Iterator[str]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}{PATH}"
    finally:
        server.should_exit = True
        thread.join(5)
        sock.close()


SERVERS: dict[str, Callable[[Any], Iterator[str]]] = {
    "flask_receiver": serve_flask,
    "fastapi_receiver": serve_fastapi,
}


class Receiver:
    def __init__(self, url: str, handler: Recorder) -> None:
        self.url = url
        self.handler = handler
        self.http = httpx.Client(timeout=10)

    def post(self, body: bytes, headers: dict[str, str]) -> httpx.Response:
        return self.http.post(
            self.url, content=body, headers={"Content-Type": "application/json", **headers}
        )


@pytest.fixture(params=sorted(SERVERS), scope="module")
def receiver(request: pytest.FixtureRequest) -> Iterator[Receiver]:
    module = load(request.param)
    handler = Recorder()
    app = module.create_app([OLD_SECRET, SECRET], handler=handler)
    serve = SERVERS[request.param]
    gen = serve(app)
    url = next(gen)
    rec = Receiver(url, handler)
    try:
        yield rec
    finally:
        rec.http.close()
        gen.close()


_counter = iter(range(1_000_000))


def event_body(event_type: str = "document.signed") -> tuple[str, bytes]:
    event_id = f"evt-{next(_counter)}-{time.monotonic_ns()}"
    payload = {
        "event": {
            "eventId": event_id,
            "type": event_type,
            "date": "2024-10-25T14:23:55Z",
            "data": {"documentId": "doc-1", "accountId": "acc-1", "userId": "u-1"},
        }
    }
    return event_id, json.dumps(payload).encode()


def test_signed_delivery_is_handled_once(receiver: Receiver) -> None:
    event_id, body = event_body()
    response = receiver.post(body, webhooks.sign(body, SECRET))
    assert response.status_code == 200
    assert receiver.handler.ids().count(event_id) == 1
    handled = next(e for e in receiver.handler.events if e.event_id == event_id)
    assert handled.data.document_id == "doc-1"


def test_body_is_verified_as_sent_not_as_reserialised(receiver: Receiver) -> None:
    # Formatting no JSON library would reproduce: a receiver that parsed and re-serialised the
    # body before verifying would refuse this genuine delivery.
    event_id, body = event_body()
    sent = b'{ "event" :' + json.dumps(json.loads(body)["event"], indent=3).encode() + b" }\n"
    assert sent != json.dumps(json.loads(sent)).encode()
    assert receiver.post(sent, webhooks.sign(sent, SECRET)).status_code == 200
    assert receiver.handler.ids().count(event_id) == 1


def test_redelivery_is_acknowledged_but_not_handled_again(receiver: Receiver) -> None:
    event_id, body = event_body()
    assert receiver.post(body, webhooks.sign(body, SECRET)).status_code == 200
    # a retry: the same event, signed again a little later
    retry = webhooks.sign(body, SECRET, timestamp=int(time.time()) + 5)
    assert receiver.post(body, retry).status_code == 200
    assert receiver.handler.ids().count(event_id) == 1


def test_concurrent_duplicates_are_handled_exactly_once(receiver: Receiver) -> None:
    event_id, body = event_body()
    headers = webhooks.sign(body, SECRET)
    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(lambda _: receiver.post(body, headers).status_code, range(16)))
    # each is either handled/acknowledged (200) or told to come back later (409)
    assert set(statuses) <= {200, 409} and 200 in statuses
    assert receiver.post(body, headers).status_code == 200
    assert receiver.handler.ids().count(event_id) == 1


def test_retry_while_first_attempt_is_still_handled_gets_409(receiver: Receiver) -> None:
    event_id, body = event_body()
    receiver.handler.hold[event_id] = threading.Event()
    receiver.handler.entered[event_id] = threading.Event()
    with ThreadPoolExecutor(1) as pool:
        first = pool.submit(receiver.post, body, webhooks.sign(body, SECRET))
        assert receiver.handler.entered[event_id].wait(10)
        # Formify gave up waiting and retried: no 2xx until the first attempt has finished
        assert receiver.post(body, webhooks.sign(body, SECRET)).status_code == 409
        receiver.handler.hold[event_id].set()
        assert first.result(10).status_code == 200
    assert receiver.post(body, webhooks.sign(body, SECRET)).status_code == 200
    assert receiver.handler.ids().count(event_id) == 1


def test_old_secret_verifies_during_rotation(receiver: Receiver) -> None:
    event_id, body = event_body()
    assert receiver.post(body, webhooks.sign(body, OLD_SECRET)).status_code == 200
    assert event_id in receiver.handler.ids()


def forged(body: bytes) -> dict[str, str]:
    return webhooks.sign(body, "whsec_attacker")


@pytest.mark.parametrize(
    "name,make",
    [
        ("unsigned", lambda body: (body, {})),
        ("no signature", lambda body: (body, {"X-Formify-Timestamp": str(int(time.time()))})),
        ("wrong secret", lambda body: (body, forged(body))),
        ("tampered", lambda body: (body.replace(b"doc-1", b"doc-9"), webhooks.sign(body, SECRET))),
        ("stale", lambda body: (body, webhooks.sign(body, SECRET, int(time.time()) - 3600))),
        (
            "garbage signature",
            lambda body: (body, {**webhooks.sign(body, SECRET), "X-Formify-Signature": "nope"}),
        ),
    ],
)
def test_unauthentic_deliveries_get_401_and_are_not_handled(
    receiver: Receiver, name: str, make: Callable[[bytes], tuple[bytes, dict[str, str]]]
) -> None:
    event_id, body = event_body()
    sent_body, headers = make(body)
    response = receiver.post(sent_body, headers)
    assert response.status_code == 401, name
    assert SECRET not in response.text
    assert event_id not in receiver.handler.ids()
    # the genuine delivery is still handled afterwards: a refusal marks nothing as processed
    assert receiver.post(body, webhooks.sign(body, SECRET)).status_code == 200
    assert receiver.handler.ids().count(event_id) == 1


def test_authentic_but_unreadable_body_gets_400(receiver: Receiver) -> None:
    before = len(receiver.handler.ids())
    body = b'{"not": "an event"}'
    assert receiver.post(body, webhooks.sign(body, SECRET)).status_code == 400
    assert len(receiver.handler.ids()) == before


def test_failed_handler_gets_500_and_the_retry_is_handled(receiver: Receiver) -> None:
    event_id, body = event_body()
    receiver.handler.fail_next = True
    assert receiver.post(body, webhooks.sign(body, SECRET)).status_code == 500
    assert event_id not in receiver.handler.ids()
    assert receiver.post(body, webhooks.sign(body, SECRET)).status_code == 200
    assert receiver.post(body, webhooks.sign(body, SECRET)).status_code == 200
    assert receiver.handler.ids().count(event_id) == 1


def test_unknown_event_type_is_accepted(receiver: Receiver) -> None:
    event_id, body = event_body("document.archived")
    assert receiver.post(body, webhooks.sign(body, SECRET)).status_code == 200
    assert event_id in receiver.handler.ids()


def test_refusals_log_which_check_failed_but_no_secret(
    receiver: Receiver, caplog: pytest.LogCaptureFixture
) -> None:
    _, body = event_body()
    good = webhooks.sign(body, SECRET)
    forged_sig = "ab" * 32
    caplog.set_level("DEBUG")
    for headers in (
        {**good, "X-Formify-Signature": forged_sig},
        {**good, "X-Formify-Signature": good["X-Formify-Signature"].upper()},
    ):
        assert receiver.post(body, headers).status_code == 401
    text = caplog.text
    assert "refused webhook delivery" in text and "X-Formify-Signature" in text
    for secret_text in (SECRET, OLD_SECRET, "whsec_", forged_sig, good["X-Formify-Signature"]):
        assert secret_text not in text
        assert secret_text.upper() not in text
