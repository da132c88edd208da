"""A FastAPI endpoint that receives Formify webhooks: verify, deduplicate, handle, answer.

Run it (the secret is the `signingSecret` Formify returned when the webhook was registered;
during a rotation give both, comma-separated):

    FORMIFY_WEBHOOK_SECRET=whsec_... python examples/fastapi_receiver.py

Answers: 200 once an event is handled; 200 without handling it again for a duplicate;
409 for a duplicate that arrives while the first attempt is still being handled (Formify
retries later); 401 when the delivery is not authentic; 400 when it is authentic but not an
event we can read; 500 when the handler failed (the id is forgotten, so the retry is handled).
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Sequence

from fastapi import FastAPI, Request
from fastapi.responses import PlainTextResponse
from starlette.concurrency import run_in_threadpool

from formify import webhooks

log = logging.getLogger(__name__)

Handler = Callable[[webhooks.WebhookEvent], None]


def log_event(event: webhooks.WebhookEvent) -> None:
    """Default handler. Events arrive out of order: re-fetch the document, do not trust order."""
    log.info(
        "event %s %s document=%s at %s",
        event.event_id,
        event.type,
        event.data.document_id,
        event.date.isoformat(),
    )


def create_app(
    secret: str | Sequence[str],
    *,
    handler: Handler = log_event,
    processed: webhooks.ProcessedEvents | None = None,
    path: str = "/webhooks/formify",
) -> FastAPI:
    """Build the receiver app; `processed` defaults to an in-memory `ProcessedEvents`."""
    seen = processed if processed is not None else webhooks.ProcessedEvents()
    app = FastAPI()

    @app.post(path, response_class=PlainTextResponse)
    async def receive(request: Request) -> PlainTextResponse:
        # The raw bytes, not a pydantic model: re-serialised JSON would not verify.
        raw_body = await request.body()
        try:
            event = webhooks.construct_event(raw_body, request.headers, secret)
        except webhooks.WebhookVerificationError as exc:
            log.warning("refused webhook delivery: %s", exc)  # says which check, never secrets
            return PlainTextResponse("invalid signature", status_code=401)
        except webhooks.WebhookPayloadError as exc:
            log.warning("unreadable webhook delivery: %s", exc)
            return PlainTextResponse("unreadable event", status_code=400)
        state = seen.begin(event.event_id)
        if state is webhooks.Delivery.DONE:
            return PlainTextResponse("duplicate", status_code=200)  # acknowledged before
        if state is webhooks.Delivery.IN_PROGRESS:
            # Another attempt is still handling it; a 2xx now would vouch for a result we
            # do not have yet. Formify retries later.
            return PlainTextResponse("already being handled", status_code=409)
        try:
            # The handler may block (database, API calls): keep it off the event loop.
            await run_in_threadpool(handler, event)
        except Exception:
            seen.forget(event.event_id)  # a 5xx makes Formify retry; let the retry run
            log.exception("handling event %s failed", event.event_id)
            return PlainTextResponse("handler failed", status_code=500)
        seen.finish(event.event_id)
        return PlainTextResponse("ok", status_code=200)

    return app


if __name__ == "__main__":
    if not os.environ.get("FORMIFY_WEBHOOK_SECRET"):
        print(
            "set FORMIFY_WEBHOOK_SECRET to the signingSecret Formify returned when the webhook"
            " was registered (during a rotation both, comma-separated); optional: PORT"
            " (default 8787). For example:\n"
            "    FORMIFY_WEBHOOK_SECRET=whsec_... python examples/fastapi_receiver.py",
            file=sys.stderr,
        )
        sys.exit(2)
    import uvicorn

    logging.basicConfig(level=logging.INFO)
    secrets = os.environ["FORMIFY_WEBHOOK_SECRET"].split(",")
    port = int(os.environ.get("PORT", "8787"))
    uvicorn.run(create_app(secrets), host="127.0.0.1", port=port)
