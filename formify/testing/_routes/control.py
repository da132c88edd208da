"""The control surface for tests: signees, clock, tokens, faults, reset, logs.

Act as a signee, move the clock, expire tokens, inject faults, reset, and read the request
and delivery logs. ``Emulator`` methods and the ``/_emulator/...``
HTTP routes (for clients that only speak HTTP, e.g. cassette recording) both use ``Control``.
"""

from __future__ import annotations

from typing import Any

import anyio.to_thread
import attrs
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from formify.testing._state import lifecycle
from formify.testing._state.context import Context
from formify.testing._state.errors import ApiError
from formify.testing._state.faults import Fault


class Control:
    """Test-only actions on one emulator's state."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def open(self, document_id: str, signee_id: str | None = None) -> str:
        """Let a signee open the document; return the signee's ID."""
        store = self.ctx.store
        with store.lock:
            doc = store.document(document_id)
            return lifecycle.open_document(store, doc, signee_id).signee_id

    def sign(self, document_id: str, signee_id: str | None = None) -> list[str]:
        """Let a signee sign (all unsigned ones, in order, when none is named); return their IDs."""
        store = self.ctx.store
        with store.lock:
            doc = store.document(document_id)
            return [s.signee_id for s in lifecycle.sign(store, doc, signee_id)]

    def advance(self, seconds: float) -> None:
        """Move the emulated clock (expiries, cooldowns, processing, webhook retries)."""
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
        self.ctx.faults.add(Fault(target, kind, status, count, delay, reset))

    def requests(self) -> list[tuple[str, str, int]]:
        """Return (method, path, status) of every API request so far."""
        with self.ctx.log_lock:
            return list(self.ctx.requests)

    def deliveries(self) -> list[dict[str, Any]]:
        """Webhook delivery attempts as dicts."""
        if self.ctx.deliverer is None:
            return []
        return [attrs.asdict(a) for a in self.ctx.deliverer.attempts]


async def _body(request: Request) -> dict[str, Any]:
    raw = await request.body()
    if not raw:
        return {}
    data = await request.json()
    if not isinstance(data, dict):
        raise ApiError(400, "invalid_json", kind="object")
    return data


def routes(control: Control) -> list[Route]:
    """Return the /_emulator/... routes."""

    async def run(request: Request) -> Response:
        try:
            return await _dispatch(control, request)
        except ApiError as exc:
            return JSONResponse({"message": exc.message("en")}, exc.status)
        except (ValueError, TypeError) as exc:
            return JSONResponse({"message": str(exc)}, 400)

    return [
        Route("/_emulator/{action:path}", run, methods=["GET", "POST", "DELETE"]),
    ]


async def _dispatch(control: Control, request: Request) -> Response:
    action = request.path_params["action"].strip("/")
    method = request.method
    body = await _body(request) if method == "POST" else {}
    parts = action.split("/")
    if method == "POST" and len(parts) == 3 and parts[0] == "documents":
        if parts[2] == "sign":
            signed = control.sign(parts[1], body.get("signeeId"))
            return JSONResponse({"signed": signed})
        if parts[2] == "open":
            return JSONResponse({"signeeId": control.open(parts[1], body.get("signeeId"))})
    if method == "POST" and action == "advance":
        control.advance(float(body.get("seconds", 0)))
        return Response(status_code=204)
    if method == "POST" and action == "freeze-clock":
        control.freeze_clock()
        return Response(status_code=204)
    if method == "POST" and action == "expire-tokens":
        control.expire_tokens()
        return Response(status_code=204)
    if method == "POST" and action == "faults":
        control.inject_fault(
            str(body["target"]),
            str(body.get("kind", "status")),
            status=int(body.get("status", 503)),
            count=int(body.get("count", 1)),
            delay=float(body.get("delay", 0.0)),
            reset=int(body.get("reset", 1)),
        )
        return Response(status_code=201)
    if method == "DELETE" and action == "faults":
        control.ctx.faults.reset()
        return Response(status_code=204)
    if method == "POST" and action == "reset":
        control.ctx.reset()
        return Response(status_code=204)
    if method == "GET" and action == "requests":
        rows = [{"method": m, "path": p, "status": s} for m, p, s in control.requests()]
        return JSONResponse(rows)
    if method == "GET" and action == "deliveries":
        wanted = request.query_params.get("delivered")
        if wanted is not None and control.ctx.deliverer is not None:
            # block (in a worker thread) until that many deliveries succeeded, or the timeout
            deliverer, count = control.ctx.deliverer, int(wanted)
            timeout = min(float(request.query_params.get("timeout", "10")), 60.0)
            await anyio.to_thread.run_sync(
                lambda: deliverer.wait_for(
                    lambda attempts: sum(a.delivered for a in attempts) >= count, timeout
                )
            )
        return JSONResponse(control.deliveries())
    if method == "POST" and action == "oauth-clients":
        control.ctx.tokens.register_client(
            str(body["clientId"]), str(body["clientSecret"]), list(body.get("redirectUris", []))
        )
        return Response(status_code=201)
    return JSONResponse({"message": f"unknown control action: {method} /_emulator/{action}"}, 404)
