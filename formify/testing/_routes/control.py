"""The control surface for tests: signees, clock, tokens, faults, reset, logs.

Act as a signee, move the clock, expire tokens, inject faults, reset, and read the request
and delivery logs. ``Emulator`` methods and the ``/_emulator/...`` HTTP routes (for clients
that only speak HTTP, e.g. cassette recording) both use ``Control``; a refused action raises
``EmulatorError`` here and answers its status with ``{"message"}`` over HTTP.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import anyio
import attrs
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from formify.testing._state import lifecycle
from formify.testing._state.clock import MAX_OFFSET
from formify.testing._state.context import Context
from formify.testing._state.errors import ApiError, EmulatorError
from formify.testing._state.faults import Fault
from formify.testing._state.outbox import OutboxMessage

MAX_WAIT = 60.0  # seconds a GET /_emulator/deliveries?delivered=n may wait
POLL = 0.01


@contextmanager
def _refusals() -> Iterator[None]:
    # one place turns the emulator's internal refusals into the public EmulatorError
    try:
        yield
    except ApiError as exc:
        raise EmulatorError(exc.message("en"), exc.status) from None
    except ValueError as exc:
        raise EmulatorError(str(exc), 400) from None


def _seconds(value: Any, field: str, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise EmulatorError(f"{field} must be a number of seconds", 400)
    if not (math.isfinite(value) and 0 <= value <= high):
        raise EmulatorError(f"{field} must be a finite number of seconds from 0 to {high:g}", 400)
    return float(value)


def _count(value: Any, field: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise EmulatorError(f"{field} must be an integer from {low} to {high}", 400)
    return value


def _text(value: Any, field: str, *, required: bool = True) -> str | None:
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise EmulatorError(f"{field} is required and must be a non-empty string", 400)
    return value


class Control:
    """Test-only actions on one emulator's state; refusals raise ``EmulatorError``."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def open(self, document_id: str, signee_id: str | None = None) -> str:
        """Let a signee open the document; return the signee's ID."""
        store = self.ctx.store
        with _refusals(), store.lock:
            doc = store.document(document_id)
            return lifecycle.open_document(store, doc, signee_id).signee_id

    def sign(self, document_id: str, signee_id: str | None = None) -> list[str]:
        """Let a signee sign (all unsigned ones, in order, when none is named); return their IDs."""
        store = self.ctx.store
        with _refusals(), store.lock:
            doc = store.document(document_id)
            return [s.signee_id for s in lifecycle.sign(store, doc, signee_id)]

    def advance(self, seconds: float) -> None:
        """Move the emulated clock (expiries, cooldowns, processing, webhook retries)."""
        seconds = _seconds(seconds, "seconds", MAX_OFFSET)
        with _refusals():
            self.ctx.clock.advance(seconds)
        if self.ctx.deliverer is not None:
            self.ctx.deliverer.advance(seconds)

    def freeze_clock(self) -> None:
        """Stop the emulated clock following real time; only `advance` moves it after this."""
        self.ctx.clock.freeze()

    def expire_tokens(self) -> None:
        """Every access token stops working (refresh tokens still do)."""
        self.ctx.tokens.expire_all()

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
        """Make the next `count` requests matching `target` fail (see ``Fault``)."""
        fault = Fault(
            str(_text(target, "target")),
            str(_text(kind, "kind")),
            _count(status, "status", 100, 599),
            _count(count, "count", 1, 1_000_000),
            _seconds(delay, "delay", 3600.0),
            _count(reset, "reset", 0, 86400),
        )
        with _refusals():
            self.ctx.faults.add(fault)

    def register_oauth_client(
        self, client_id: str, client_secret: str, redirect_uris: list[str] | None = None
    ) -> None:
        """Register an OAuth client (no `redirect_uris`: any redirect URI is accepted)."""
        uris = [] if redirect_uris is None else redirect_uris
        if not isinstance(uris, list) or not all(isinstance(u, str) and u for u in uris):
            raise EmulatorError("redirectUris must be a list of non-empty strings", 400)
        self.ctx.tokens.register_client(
            str(_text(client_id, "clientId")), str(_text(client_secret, "clientSecret")), uris
        )

    def requests(self) -> list[tuple[str, str, int]]:
        """Return (method, path, status) of every API request so far."""
        with self.ctx.log_lock:
            return list(self.ctx.requests)

    def outbox(self) -> list[OutboxMessage]:
        """Every message sent to a signee so far (invitations, reminders, re-invitations)."""
        return self.ctx.store.outbox.messages()

    def deliveries(self) -> list[dict[str, Any]]:
        """Webhook delivery attempts as dicts."""
        if self.ctx.deliverer is None:
            return []
        return [attrs.asdict(a) for a in self.ctx.deliverer.attempts]


async def _body(request: Request) -> dict[str, Any]:
    raw = await request.body()
    if not raw:
        return {}
    try:
        data = json.loads(raw, parse_constant=_no_constant)
    except (ValueError, RecursionError):
        data = None
    if not isinstance(data, dict):
        raise EmulatorError("the request body must be a JSON object", 400)
    return data


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def routes(control: Control) -> list[Route]:
    """Return the /_emulator/... routes."""

    async def run(request: Request) -> Response:
        try:
            return await _dispatch(control, request)
        except EmulatorError as exc:
            return JSONResponse({"message": exc.message}, exc.status)

    return [
        Route("/_emulator/{action:path}", run, methods=["GET", "POST", "DELETE"]),
    ]


def _query_number(request: Request, name: str, default: float, high: float) -> float:
    raw = request.query_params.get(name)
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise EmulatorError(f"{name} must be a number", 400) from None
    return _seconds(value, name, high)


async def _wait_delivered(control: Control, request: Request, wanted: str) -> None:
    # polled on the event loop, not in a worker thread: a stopping server cancels it at once
    deliverer = control.ctx.deliverer
    try:
        count = int(wanted)
    except ValueError:
        raise EmulatorError("delivered must be an integer", 400) from None
    timeout = _query_number(request, "timeout", 10.0, MAX_WAIT)
    if deliverer is None:
        return
    with anyio.move_on_after(timeout):
        while sum(a.delivered for a in deliverer.attempts) < count:
            await anyio.sleep(POLL)


async def _dispatch(control: Control, request: Request) -> Response:
    action = request.path_params["action"].strip("/")
    method = request.method
    body = await _body(request) if method == "POST" else {}
    parts = action.split("/")
    if method == "POST" and len(parts) == 3 and parts[0] == "documents":
        signee = _text(body.get("signeeId"), "signeeId", required=False)
        if parts[2] == "sign":
            return JSONResponse({"signed": control.sign(parts[1], signee)})
        if parts[2] == "open":
            return JSONResponse({"signeeId": control.open(parts[1], signee)})
    if method == "POST" and action == "advance":
        control.advance(body.get("seconds", 0))
        return Response(status_code=204)
    if method == "POST" and action == "freeze-clock":
        control.freeze_clock()
        return Response(status_code=204)
    if method == "POST" and action == "expire-tokens":
        control.expire_tokens()
        return Response(status_code=204)
    if method == "POST" and action == "faults":
        control.inject_fault(
            body.get("target"),  # type: ignore[arg-type]  # checked by inject_fault
            body.get("kind", "status"),
            status=body.get("status", 503),
            count=body.get("count", 1),
            delay=body.get("delay", 0.0),
            reset=body.get("reset", 1),
        )
        return Response(status_code=201)
    if method == "GET" and action == "faults":
        return JSONResponse([attrs.asdict(f) for f in control.ctx.faults.pending()])
    if method == "DELETE" and action == "faults":
        control.ctx.faults.reset()
        return Response(status_code=204)
    if method == "POST" and action == "reset":
        control.ctx.reset()
        return Response(status_code=204)
    if method == "GET" and action == "requests":
        rows = [{"method": m, "path": p, "status": s} for m, p, s in control.requests()]
        return JSONResponse(rows)
    if method == "GET" and action == "outbox":
        return JSONResponse([attrs.asdict(m) for m in control.outbox()])
    if method == "GET" and action == "deliveries":
        wanted = request.query_params.get("delivered")
        if wanted is not None:
            await _wait_delivered(control, request, wanted)
        return JSONResponse(control.deliveries())
    if method == "POST" and action == "oauth-clients":
        control.register_oauth_client(
            body.get("clientId"),  # type: ignore[arg-type]  # checked by register_oauth_client
            body.get("clientSecret"),  # type: ignore[arg-type]
            body.get("redirectUris"),
        )
        return Response(status_code=201)
    return JSONResponse({"message": f"unknown control action: {method} /_emulator/{action}"}, 404)
