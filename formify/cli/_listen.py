"""``formify listen --forward-to URL``: relay webhooks to a local app, as ``stripe listen`` does.

A relay on 127.0.0.1 is registered as a webhook; each delivery's body and headers go on to
``--forward-to`` unchanged (so the app's own signature check works with the printed secret),
the app's status goes back to Formify (a failing app is retried like a real one), and one
line per event is printed. Ctrl-C or SIGTERM deletes the webhook.
"""

from __future__ import annotations

import json
import signal
import threading
import time
from datetime import UTC, datetime
from types import FrameType

import typer

from formify.cli._errors import CLIError, UsageError
from formify.cli._output import Output
from formify.cli._session import api_base_url, client, is_local, settings_of


class Terminated(KeyboardInterrupt):
    """SIGTERM, taken like Ctrl-C so the same clean-up runs."""


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise Terminated()


def summary(body: bytes) -> tuple[str, str]:
    """Return the event type and document ID of a delivery (``-`` where unreadable)."""
    try:
        data = json.loads(body)
        event = data.get("event", data)  # documented as {"event": {"type", "data", ...}}
        kind = str(event.get("type") or "-")
        doc = str((event.get("data") or {}).get("documentId") or "-")
    except (ValueError, AttributeError):
        return "-", "-"
    return kind, doc


def listen(
    ctx: typer.Context,
    forward_to: str = typer.Option(
        ..., help="Your app's webhook URL, e.g. http://localhost:5000/hooks."
    ),
    events: list[str] = typer.Option(
        [], "--events", "-e", help="Only these event types (repeat); default: all."
    ),
    public_url: str | None = typer.Option(
        None,
        help="The relay's address as the API sees it (a tunnel to --port); "
        "required when the API is not on this machine.",
    ),
    port: int = typer.Option(0, help="The relay's port on 127.0.0.1 (0: any free port)."),
) -> None:
    """Relay webhook deliveries to --forward-to, printing one line per event, until Ctrl-C."""
    import httpx

    from formify.cli._relay import Relay
    from formify.cli._serving import serving
    from formify.cli._webhooks import event_types

    settings = settings_of(ctx)
    out = Output(settings)
    if not forward_to.startswith(("http://", "https://")):
        raise UsageError(f"--forward-to: {forward_to!r} is not an http:// or https:// URL")
    if not 0 <= port <= 65535:
        raise UsageError(f"--port: {port} is not a port (0 to 65535)")
    if public_url is None and not is_local(api_base_url(settings)):
        raise UsageError(
            "--public-url is required: the API cannot reach 127.0.0.1 (run a tunnel to --port)"
        )
    kinds = event_types(events, "--events")
    lock = threading.Lock()
    http = httpx.Client(timeout=30, trust_env=False, follow_redirects=False)

    def forward(body: bytes, headers: list[tuple[str, str]]) -> int:
        kind, doc = summary(body)
        try:
            answer = http.post(forward_to, content=body, headers=headers)
            status, shown = answer.status_code, str(answer.status_code)
        except httpx.HTTPError as exc:
            status, shown = 502, f"failed ({type(exc).__name__})"
        now = datetime.now(UTC).replace(microsecond=0)
        with lock:  # one whole line at a time from the relay's threads
            if out.json:
                item = {"time": now.isoformat(), "type": kind, "documentId": doc, "status": status}
                print(json.dumps(item), flush=True)
            else:
                print(f"{now:%H:%M:%S}  {kind:<20} {doc}  -> {shown}", flush=True)
        return status

    try:
        relay = Relay(port, forward)
    except OSError as exc:
        raise CLIError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}") from exc
    url = public_url or f"http://127.0.0.1:{relay.server_address[1]}/"
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        with client(settings) as api, serving(relay):
            hook = api.webhooks.register(url, event_types=kinds, name="formify listen")
            try:
                # the one line with a secret, on stderr: the app needs it to verify deliveries
                out.note(f"Signing secret: {hook.signing_secret}")
                out.note(
                    f"Ready: webhook {hook.webhook_id} -> {url} -> {forward_to} (Ctrl-C to stop)"
                )
                while True:
                    time.sleep(3600)
            finally:
                signal.signal(signal.SIGTERM, signal.SIG_IGN)  # clean up once, uninterrupted
                api.webhooks.delete(hook.webhook_id)
                out.note(f"Deleted webhook {hook.webhook_id}")
    finally:
        http.close()
        signal.signal(signal.SIGTERM, previous)


def register(app: typer.Typer) -> None:
    """Add ``listen``."""
    app.command("listen")(listen)
