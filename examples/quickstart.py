"""The reference's quick start, end to end: upload, request two signatures, hear the webhooks,
download the signed PDF.

By default it runs on the local emulator (`formify.testing`), so it needs no account:

    make demo

With `FORMIFY_ACCESS_TOKEN` set, the same steps run against the real API (base URL from
`FORMIFY_BASE_URL`). Webhooks then need a public HTTPS address that forwards to this
machine (`FORMIFY_WEBHOOK_URL`, forwarded to `FORMIFY_WEBHOOK_PORT`, default 8787), the
signees come from `FORMIFY_DEMO_SIGNEES` ("Name <email>, Name <email>"), and real people
sign: the script waits for them (`FORMIFY_DEMO_WAIT`, seconds, default 3600).
"""

from __future__ import annotations

import contextlib
import os
import queue
import re
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from formify import Formify, webhooks
from formify.webhooks import WebhookEvent

HERE = Path(__file__).resolve().parent
SIGNED_PDF = Path("signed.pdf")
START = time.monotonic()


def step(text: str) -> None:
    """Print one step of the demo with the seconds elapsed since the start."""
    print(f"[{time.monotonic() - START:7.3f}s] {text}", flush=True)


class Receiver:
    """A webhook endpoint on this machine: verifies each delivery, then queues its event."""

    def __init__(self, port: int = 0) -> None:
        self.secrets: list[str] = []
        self.events: queue.Queue[WebhookEvent] = queue.Queue()
        self.rejected = 0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                try:
                    event = webhooks.construct_event(body, self.headers, receiver.secrets)
                except webhooks.WebhookVerificationError:
                    receiver.rejected += 1
                    self.send_response(400)
                else:
                    receiver.events.put(event)
                    self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/webhook"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def wait_for(self, wanted: dict[str, int], timeout: float) -> list[WebhookEvent]:
        """Collect events until `wanted` (type -> count) is met; duplicates count once."""
        seen: dict[str, WebhookEvent] = {}
        deadline = time.monotonic() + timeout
        while any(_count(seen, t) < n for t, n in wanted.items()):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                missing = {t: n - _count(seen, t) for t, n in wanted.items()}
                raise SystemExit(f"demo failed: webhooks not received in time: {missing}")
            with contextlib.suppress(queue.Empty):
                event = self.events.get(timeout=min(remaining, 0.5))
                seen.setdefault(event.event_id, event)
        return sorted(seen.values(), key=lambda e: e.date)

    def close(self) -> None:
        """Stop serving."""
        self._server.shutdown()
        self._server.server_close()


def _count(seen: dict[str, WebhookEvent], event_type: str) -> int:
    return sum(1 for e in seen.values() if e.type == event_type)


@contextlib.contextmanager
def environment() -> Iterator[tuple[Formify, Any]]:
    """The real API when FORMIFY_ACCESS_TOKEN is set, the local emulator otherwise."""
    if os.environ.get("FORMIFY_ACCESS_TOKEN"):
        with Formify() as client:
            yield client, None
        return
    from formify.testing import Emulator

    with Emulator() as emu:
        step(f"emulator listening at {emu.base_url}")
        with emu.client() as client:
            yield client, emu


def signees(live: bool) -> list[dict[str, str]]:
    """Two signees: from FORMIFY_DEMO_SIGNEES on the real API, made up on the emulator."""
    if not live:
        return [
            {"full_name": "Ada Lovelace", "email_address": "ada@example.com"},
            {"full_name": "Alan Turing", "email_address": "alan@example.com"},
        ]
    found = re.findall(r"\s*([^<,]+?)\s*<([^>]+)>", os.environ.get("FORMIFY_DEMO_SIGNEES", ""))
    return [{"full_name": name, "email_address": email} for name, email in found]


def missing_live_settings() -> list[str]:
    """What the real API run needs besides FORMIFY_ACCESS_TOKEN, as lines to print."""
    missing = []
    if not os.environ.get("FORMIFY_WEBHOOK_URL"):
        missing.append(
            "FORMIFY_WEBHOOK_URL: a public HTTPS URL that forwards to this machine's port"
            " FORMIFY_WEBHOOK_PORT (default 8787)"
        )
    if len(signees(live=True)) != 2:
        missing.append(
            'FORMIFY_DEMO_SIGNEES: the two people who sign, "Name <email>, Name <email>"'
        )
    return missing


def main() -> int:
    """Run the quick start and print each step; exit status 0 when everything held."""
    if os.environ.get("FORMIFY_ACCESS_TOKEN") and (missing := missing_live_settings()):
        print(
            "FORMIFY_ACCESS_TOKEN is set, so the quick start runs against the real API; set:",
            file=sys.stderr,
        )
        for line in missing:
            print(f"  {line}", file=sys.stderr)
        print("(or unset FORMIFY_ACCESS_TOKEN to run it on the local emulator)", file=sys.stderr)
        return 2
    with environment() as (client, emu):
        live = emu is None
        receiver = Receiver(int(os.environ.get("FORMIFY_WEBHOOK_PORT", "8787")) if live else 0)
        try:
            hook_url = os.environ.get("FORMIFY_WEBHOOK_URL", receiver.url) if live else receiver.url
            hook = client.webhooks.register(
                hook_url,
                event_types=["document.signed", "document.completed"],
                name="formify quick start",
            )
            receiver.secrets.append(hook.signing_secret)
            step(f"registered webhook {hook.webhook_id} -> {hook_url}")

            pdf = (HERE / "sample.pdf").read_bytes()
            file_id = client.files.upload(pdf, filename="sample.pdf")
            step(f"uploaded sample.pdf ({len(pdf):,} bytes) as file {file_id}")

            people = signees(live)
            doc = client.documents.create(
                file_id=file_id,
                name="Quick start agreement",
                signees=[{**p, "signature_placement": "new_page"} for p in people],
            )
            step(
                f"created document {doc.document_id} for "
                + ", ".join(p["full_name"] for p in people)
            )

            names = {
                s.signee_id: s.full_name
                for s in client.documents.get(doc.document_id).signee_details or []
            }
            if emu is not None:
                for signee_id, full_name in names.items():
                    emu.sign(doc.document_id, signee_id)
                    step(f"{full_name} signed (emulated)")
            else:
                step("waiting for both signees to sign ...")

            wait = float(os.environ.get("FORMIFY_DEMO_WAIT", "3600")) if live else 30.0
            events = receiver.wait_for({"document.signed": 2, "document.completed": 1}, wait)
            for event in events:
                signee_id = event.data.signee_id
                who = f" by {names.get(signee_id, signee_id)}" if signee_id else ""
                step(f"webhook verified: {event.type}{who} ({event.event_id})")

            status = client.documents.get(doc.document_id).status
            step(f"document status: {status}")
            size = client.documents.download_signed_file(doc.document_id, SIGNED_PDF)
            head = SIGNED_PDF.read_bytes()[:5]
            if head != b"%PDF-":
                raise SystemExit("demo failed: signed.pdf is not a PDF")
            step(f"downloaded the signed PDF through the storage redirect to {SIGNED_PDF}")
        finally:
            receiver.close()
    elapsed = time.monotonic() - START
    print(
        f"quick start OK: 1 upload, 1 document, 2 signatures, {len(events)} verified webhooks, "
        f"{SIGNED_PDF} {size:,} bytes, {elapsed:.2f}s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
