"""Reconciliation against the emulator: the changes whose webhooks were lost, none twice.

The receiver here handles deliveries the way the README says (deduplicating on
`reconcile.change_key(event)` in the same `ProcessedEvents` the reconciler uses) but is "down"
for some documents: it answers 500 before handling, and the next retry would only come
minutes later. The reconciler must then report exactly those changes, and nothing twice.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from formify import ValidationError, reconcile, webhooks
from formify.testing import Emulator, sample_pdf

NEW_PAGE = {"signature_placement": "new_page"}


@contextmanager
def receiver(handle: Callable[[bytes, dict[str, str]], int]) -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            self.send_response(handle(body, dict(self.headers.items())))
            self.send_header("Content-Length", "0")
            self.end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hook"
    finally:
        server.shutdown()
        server.server_close()


def create(client: object, file_id: str, i: int) -> str:
    created = client.documents.create(  # type: ignore[attr-defined]
        file_id=file_id,
        signees=[{"full_name": f"Signee {i}", "email_address": f"s{i}@example.com", **NEW_PAGE}],
        name=f"Doc {i}",
    )
    return str(created.document_id)


def test_reconciliation_finds_every_change_whose_webhook_was_lost_and_none_twice() -> None:
    since = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=2)
    processed = webhooks.ProcessedEvents()
    handled: list[str] = []
    lock = threading.Lock()
    down: set[tuple[str, str]] = set()  # (document id, event type) the receiver fails on
    secret: list[str] = []

    def handle(body: bytes, headers: dict[str, str]) -> int:
        event = webhooks.construct_event(body, headers, secret[0])
        doc = event.data.document_id or ""
        if (doc, event.type) in down or (doc, "*") in down:
            return 500  # crashed before handling; Formify's next retry is minutes away
        key = reconcile.change_key(event)
        if processed.begin(key) is webhooks.Delivery.NEW:
            with lock:
                handled.append(key)
            processed.finish(key)
        return 200

    with Emulator() as emu, emu.client() as client, receiver(handle) as url:
        hook = client.webhooks.register(url, event_types=list(reconcile.RECONCILED_TYPES))
        secret.append(str(hook.signing_secret))
        file_id = client.files.upload(sample_pdf(), filename="a.pdf")
        docs = [create(client, file_id, i) for i in range(8)]
        down.update({(docs[0], "*"), (docs[1], "*"), (docs[2], "*")})
        down.add((docs[5], "document.deleted"))
        for doc in docs[:6]:
            emu.sign(doc)  # document.signed, then document.completed
        client.documents.delete(docs[5])
        client.documents.revoke(docs[6])  # docs[7] stays awaiting signatures
        emu.wait_for_deliveries(lambda attempts: len({a.event_id for a in attempts}) >= 14)
        lost = {a.event_id for a in emu.deliveries if not a.delivered}
        assert len(lost) == 7  # 3 documents x (signed, completed), and one deletion

        found = list(reconcile.changes(client, since=since, processed=processed, known=docs))
        for change in found:
            processed.finish(change.key)
        again = list(reconcile.changes(client, since=since, processed=processed, known=docs))

    keys = sorted(change.key for change in found)
    signees = {change.document_id: change.signee_id for change in found if change.signee_id}
    expected = sorted(
        [f"document.completed:{doc}" for doc in docs[:3]]
        + [f"document.signed:{doc}:{signees[doc]}" for doc in docs[:3]]
        + [f"document.deleted:{docs[5]}"]
    )
    assert keys == expected
    assert again == []  # nothing twice
    assert not set(keys) & set(handled)  # nothing the webhook already handled
    # and everything the webhook handled is a change the reconciler knows of
    assert f"document.revoked:{docs[6]}" in handled and len(handled) == 7
    completed = [c for c in found if c.type == "document.completed"]
    assert all(c.date is not None and c.date >= since for c in completed)


def test_async_changes_without_a_store_report_everything_since() -> None:
    async def main(emu: Emulator, since: dt.datetime) -> list[reconcile.Change]:
        async with emu.async_client() as client:
            return [c async for c in reconcile.changes(client, since=since)]

    with Emulator() as emu, emu.client() as client:
        since = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=2)
        file_id = client.files.upload(sample_pdf(), filename="a.pdf")
        docs = [create(client, file_id, i) for i in range(3)]
        emu.sign(docs[0])
        client.documents.revoke(docs[1])
        found = asyncio.run(main(emu, since))
        later = asyncio.run(main(emu, dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)))
    assert sorted(c.type for c in found) == [
        "document.completed",
        "document.revoked",
        "document.signed",
    ]
    assert {c.document_id for c in found} == {docs[0], docs[1]}
    assert later == []  # nothing happened after `since`


def test_change_key_agrees_for_webhook_events_and_changes() -> None:
    body = (
        b'{"event": {"eventId": "e1", "type": "document.signed", "date": "2026-01-01T00:00:00Z",'
        b' "data": {"documentId": "d1", "signeeId": "s1"}}}'
    )
    headers = webhooks.sign(body, "whsec_x")
    event = webhooks.construct_event(body, headers, "whsec_x")
    change = reconcile.Change("document.signed", "d1", "s1")
    assert reconcile.change_key(event) == change.key == "document.signed:d1:s1"
    opened = body.replace(b"document.signed", b"document.opened")
    other = webhooks.construct_event(opened, webhooks.sign(opened, "whsec_x"), "whsec_x")
    assert reconcile.change_key(other) == "e1"  # not a reconciled type: its event id


def test_since_must_be_aware_and_the_loop_match_the_client() -> None:
    with Emulator() as emu, emu.client() as client:
        with pytest.raises(ValidationError, match="since"):
            list(reconcile.changes(client, since=dt.datetime(2026, 1, 1)))
        since = dt.datetime.now(dt.UTC)
        with pytest.raises(ValidationError, match="async for"):
            list(reconcile.changes(emu.async_client(), since=since))

        async def walk() -> None:
            async for _ in reconcile.changes(client, since=since):
                pass

        with pytest.raises(ValidationError, match="async for"):
            asyncio.run(walk())
        assert emu.requests == []
