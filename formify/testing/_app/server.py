"""``Emulator``: the API app and the storage host served by uvicorn on 127.0.0.1 in a thread."""

from __future__ import annotations

import asyncio
import hashlib
import socket
import threading
import time
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

import httpx
import uvicorn

from formify.testing._app.app import (
    DEFAULT_PROCESSING_DELAY,
    DEFAULT_RATE_LIMIT,
    DEFAULT_RATE_WINDOW,
    EmulatorApp,
    create_app,
)
from formify.testing._app.storage import create_storage_app
from formify.testing._state.clock import FIXED_START, Clock
from formify.testing._state.delivery import DeliveryAttempt, WebhookDeliverer
from formify.testing._state.outbox import OutboxMessage
from formify.testing._state.storage import Storage

if TYPE_CHECKING:
    from formify import AsyncFormify, Formify

HOST = "127.0.0.1"
START_TIMEOUT = 10.0
DETERMINISTIC_SEED = 0
STOP_GRACE = 1  # seconds in-flight requests get to finish when the emulator stops


def _bind(port: int) -> socket.socket:
    # proto=IPPROTO_TCP so that asyncio sets TCP_NODELAY on accepted connections; with proto 0
    # it does not, and Nagle's algorithm plus delayed ACKs add ~40 ms to every answer
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((HOST, port))
        sock.listen(128)
        sock.setblocking(False)
    except OSError:
        sock.close()
        raise
    return sock


class Emulator:
    """A local Formify API for tests and demos: real HTTP on 127.0.0.1, state in memory.

    ``with Emulator() as emu:`` starts the API (``emu.base_url``, ending in ``/v1``) and a
    second origin for pre-signed signed-file downloads (``emu.storage_url``), each on a free
    port unless `port`/`storage_port` are given. ``emu.client()`` is a ``Formify`` authorised
    with ``emu.access_token``.

    Options: `access_token` (random when None; never expires unless ``expire_tokens()``),
    `rate_limit` requests per `rate_window` seconds per token (default 10000/60 s; the next
    gets 429), `processing_delay` (emulated seconds an ``aiAssistant.enabled`` document stays
    ``processing``), `webhook_time_scale` (the webhook retry schedule 0 s, 5 min, 30 min,
    2 h, 24 h is multiplied by it; default 1.0), `duplicate_webhooks` (send each event twice),
    `out_of_order_webhooks` (swap consecutive events), `deterministic` (for byte-stable
    recordings: seeded ids, the same after every reset; the clock stands at 2025-01-01T00:00:00Z
    until advanced, and after every reset; Date headers from that clock).

    Behaviour worth knowing: POST /docs answers ``created`` and the document is
    ``awaiting_signatures`` from then on (invitations go out at once), or ``processing`` for
    `processing_delay` when the AI assistant is on; a deleted document answers 404. Time
    (expiries, cooldowns) follows the emulated clock; webhook timestamps are real time.

    Control (methods, and the same over HTTP on the API origin, no token needed; a refused
    action raises ``formify.testing.EmulatorError``, over HTTP its status and ``{"message"}``):

    - ``emu.open(doc_id, signee_id=None)``: ``POST /_emulator/documents/{id}/open`` {"signeeId"}
    - ``emu.sign(doc_id, signee_id=None)``: ``POST /_emulator/documents/{id}/sign`` {"signeeId"}
    - ``emu.advance(seconds)``: ``POST /_emulator/advance`` {"seconds"}
    - ``emu.freeze_clock()``: ``POST /_emulator/freeze-clock`` (only ``advance`` moves it then)
    - ``emu.expire_tokens()``: ``POST /_emulator/expire-tokens``
    - ``emu.inject_fault(target, kind, ...)``: ``POST /_emulator/faults`` {"target", "kind",
      "status", "count", "delay", "reset"}; ``GET /_emulator/faults`` lists those not used
      up (with ``hits``); ``DELETE /_emulator/faults`` clears them
    - ``emu.reset()``: ``POST /_emulator/reset``
    - ``emu.requests``: ``GET /_emulator/requests``; ``emu.deliveries``:
      ``GET /_emulator/deliveries``; ``emu.wait_for_deliveries(n)``:
      ``GET /_emulator/deliveries?delivered=n&timeout=10`` (answers once n succeeded)
    - ``emu.outbox()``: ``GET /_emulator/outbox`` (the messages signees would get)
    - ``emu.register_oauth_client(...)``: ``POST /_emulator/oauth-clients`` {"clientId",
      "clientSecret", "redirectUris"}

    OAuth: ``OAuthApp(..., base_url=emu.base_url, authorize_base=emu.url)`` makes authorize
    URLs the emulator serves (``/`` forwards ``/#/oauth?...`` to the consent page at
    ``emu.authorize_url``, whose form POST redirects to ``redirect_uri?code=...&state=...``);
    ``emu.consent(url)`` answers it without a browser. A default client is registered as
    ``emu.oauth_client_id`` / ``emu.oauth_client_secret`` (any redirect URI).
    """

    def __init__(
        self,
        access_token: str | None = None,
        *,
        port: int = 0,
        storage_port: int = 0,
        rate_limit: int = DEFAULT_RATE_LIMIT,
        rate_window: float = DEFAULT_RATE_WINDOW,
        processing_delay: float = DEFAULT_PROCESSING_DELAY,
        webhook_time_scale: float = 1.0,
        duplicate_webhooks: bool = False,
        out_of_order_webhooks: bool = False,
        deterministic: bool = False,
    ) -> None:
        self._wanted_ports = (port, storage_port)
        self._sockets: list[socket.socket] = []
        self.deterministic = deterministic
        seed = DETERMINISTIC_SEED if deterministic else None
        self.clock = Clock(FIXED_START if deterministic else None)
        key = hashlib.sha256(b"formify-emulator-storage").digest() if deterministic else None
        self.storage = Storage(self.clock, key=key)
        self.deliverer = WebhookDeliverer(
            time_scale=webhook_time_scale,
            duplicate=duplicate_webhooks,
            out_of_order=out_of_order_webhooks,
        )
        self.app: EmulatorApp = create_app(
            access_token,
            storage=self.storage,
            clock=self.clock,
            rate_limit=rate_limit,
            rate_window=rate_window,
            processing_delay=processing_delay,
            deliverer=self.deliverer,
            seed=seed,
        )
        self.control = self.app.control
        self._servers: list[uvicorn.Server] = []
        self._thread: threading.Thread | None = None

    # --- addresses and credentials ---------------------------------------------------------

    def _bound_port(self, index: int) -> int:
        if not self._sockets:
            raise RuntimeError("the emulator is not started: use `with Emulator() as emu:`")
        port: int = self._sockets[index].getsockname()[1]
        return port

    @property
    def port(self) -> int:
        """The API's port (known once started)."""
        return self._bound_port(0)

    @property
    def storage_port(self) -> int:
        """The storage host's port (known once started)."""
        return self._bound_port(1)

    @property
    def url(self) -> str:
        """The API origin, e.g. ``http://127.0.0.1:PORT``."""
        return f"http://{HOST}:{self.port}"

    @property
    def storage_url(self) -> str:
        """The storage origin that signed-file redirects point to."""
        return f"http://{HOST}:{self.storage_port}"

    @property
    def base_url(self) -> str:
        """The API base URL, ``{url}/v1``."""
        return f"{self.url}/v1"

    @property
    def authorize_url(self) -> str:
        """The OAuth consent page (stands for ``https://app.formify.eu/#/oauth``)."""
        return f"{self.url}/authorize"

    @property
    def access_token(self) -> str:
        """An access token the API accepts."""
        return self.app.access_token

    @property
    def oauth_client_id(self) -> str:
        """The default OAuth client's ID."""
        return self.app.oauth_client_id

    @property
    def oauth_client_secret(self) -> str:
        """The default OAuth client's secret."""
        return self.app.oauth_client_secret

    # --- lifecycle -------------------------------------------------------------------------

    def start(self) -> Emulator:
        """Start serving; returns when both origins accept connections."""
        if self._thread is not None:
            return self
        # sockets are bound here, not in __init__, so an emulator never started holds none
        try:
            for port in self._wanted_ports:
                self._sockets.append(_bind(port))
        except OSError:
            self.stop()
            raise
        self.storage.base_url = self.storage_url
        self.app.ctx.store.app_url = self.url  # documentUrl opens the emulator's own page
        storage_app = create_storage_app(self.storage, dated=self.deterministic)
        for app in (self.app, storage_app):
            config = uvicorn.Config(
                app,
                log_level="warning",
                lifespan="off",
                proxy_headers=False,
                http="h11",
                # stopping cancels requests still running after this (a slow fault, a wait)
                timeout_graceful_shutdown=STOP_GRACE,
                date_header=not self.deterministic,  # deterministic: the emulated clock's
            )
            self._servers.append(uvicorn.Server(config))
        self.deliverer.start()
        self._thread = threading.Thread(target=self._serve, name="formify-emulator", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + START_TIMEOUT
        while not all(s.started for s in self._servers):
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("the Formify emulator did not start")
            time.sleep(0.005)
        return self

    def _serve(self) -> None:
        async def both() -> None:
            api, storage = self._servers
            await asyncio.gather(
                api.serve(sockets=[self._sockets[0]]),
                storage.serve(sockets=[self._sockets[1]]),
            )

        asyncio.run(both())

    def stop(self) -> None:
        """Stop serving and join the threads (idempotent)."""
        for server in self._servers:
            server.should_exit = True
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        self._servers = []
        self.deliverer.close()
        for sock in self._sockets:
            sock.close()
        self._sockets = []

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # --- clients ---------------------------------------------------------------------------

    def client(self, **kwargs: Any) -> Formify:
        """Return a ``Formify`` pointed at this emulator and authorised (kwargs passed on)."""
        from formify import Formify  # lazily: the emulator does not need the client to import

        kwargs.setdefault("access_token", self.access_token)
        return Formify(base_url=self.base_url, **kwargs)

    def async_client(self, **kwargs: Any) -> AsyncFormify:
        """Return an ``AsyncFormify`` pointed at this emulator and authorised."""
        from formify import AsyncFormify

        kwargs.setdefault("access_token", self.access_token)
        return AsyncFormify(base_url=self.base_url, **kwargs)

    # --- control ---------------------------------------------------------------------------

    def open(self, document_id: str, signee_id: str | None = None) -> str:
        """Let a signee open the document (sends ``document.opened``); return its signee ID."""
        return self.control.open(document_id, signee_id)

    def sign(self, document_id: str, signee_id: str | None = None) -> list[str]:
        """Let a signee sign, or all unsigned signees in signing order when none is named.

        Respects signing order (a signee whose turn has not come is refused). Returns the IDs
        that signed; the last signature completes the document and makes the signed PDF.
        """
        return self.control.sign(document_id, signee_id)

    def advance(self, seconds: float) -> None:
        """Move the emulated clock forward (expiries, cooldowns, processing, webhook retries)."""
        self.control.advance(seconds)

    def freeze_clock(self) -> None:
        """Stop the emulated clock following real time until `reset`; only `advance` moves it.

        For tests that assert exact remaining seconds (cooldowns, URL expiry): otherwise the
        real seconds a loaded machine spends between two requests count too.
        """
        self.control.freeze_clock()

    def expire_tokens(self) -> None:
        """Expire every access token, ``emu.access_token`` included (refresh tokens still work)."""
        self.control.expire_tokens()

    def inject_fault(
        self,
        target: str,
        kind: str = "status",
        *,
        status: int = 503,
        count: int = 1,
        delay: float = 0.0,
        reset: int = 1,
    ) -> None:
        """Make the next `count` requests to `target` fail.

        `target` is a path ("/docs", "/v1/docs/abc"), "METHOD /path", or an operationId
        ("createDocument"). `kind`: "status" answers `status` (5xx, or 429 with
        ``X-RateLimit-Reset: reset``); "slow" waits `delay` seconds, then answers normally;
        "drop" reads the request, then closes the connection without an answer (nothing was
        done); "drop_after" runs the request to the end, then closes the connection instead
        of answering (the work was done, the client never heard). A `target` that matches no
        API route is refused with ``EmulatorError``.
        """
        self.control.inject_fault(
            target, kind, status=status, count=count, delay=delay, reset=reset
        )

    def register_oauth_client(
        self, client_id: str, client_secret: str, redirect_uris: list[str] | None = None
    ) -> None:
        """Register an OAuth client (no `redirect_uris`: any redirect URI is accepted)."""
        self.control.register_oauth_client(client_id, client_secret, redirect_uris)

    def consent(self, authorization_url: str, *, approve: bool = True) -> str:
        """Answer the consent page as the user would; return where it redirects the browser.

        `authorization_url` is what ``OAuthApp(authorize_base=emu.url).authorization_url()``
        makes (``{emu.url}/#/oauth?...``) or ``{emu.authorize_url}?...``. The result is the
        ``redirect_uri`` with ``code`` and ``state`` (or ``error=access_denied``).
        """
        parts = urlsplit(authorization_url)
        query = parts.fragment.removeprefix("/oauth?") if parts.fragment else parts.query
        form = {k: v[-1] for k, v in parse_qs(query).items()}
        form["decision"] = "approve" if approve else "deny"
        response = httpx.post(self.authorize_url, data=form, trust_env=False)
        if response.status_code != 302:
            raise RuntimeError(f"the consent page refused the request: {response.text}")
        return response.headers["location"]

    def reset(self) -> None:
        """Forget documents, files, webhooks, issued tokens, faults, logs; clock to real time."""
        self.app.ctx.reset()

    @property
    def requests(self) -> list[tuple[str, str, int]]:
        """(method, path, status) of every API request, oldest first."""
        return self.control.requests()

    def outbox(self) -> list[OutboxMessage]:
        """Every message the service would have sent a signee, oldest first.

        Invitations (in signing order), reminders and re-invitations after a signee update,
        by e-mail, SMS or WhatsApp as the signee's contact and delivery method say; also
        ``GET /_emulator/outbox``. ``emu.url + message.signing_path`` is the signee's link.
        """
        return self.control.outbox()

    @property
    def storage_requests(self) -> list[tuple[str, str, int, bool]]:
        """(method, path, status, carried an Authorization header) seen by the storage host."""
        return self.storage.logged()

    @property
    def deliveries(self) -> list[DeliveryAttempt]:
        """Webhook delivery attempts, oldest first."""
        return self.deliverer.attempts

    def wait_for_deliveries(
        self,
        predicate: Callable[[list[DeliveryAttempt]], bool] | int,
        timeout: float = 10.0,
    ) -> bool:
        """Wait until `predicate(attempts)` holds (an int n: n delivered); False on timeout."""
        if isinstance(predicate, int):
            count = predicate
            return self.deliverer.wait_for(
                lambda attempts: sum(a.delivered for a in attempts) >= count, timeout
            )
        return self.deliverer.wait_for(predicate, timeout)
