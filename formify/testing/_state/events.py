"""Webhook events: the documented payload for each store event, queued for every subscriber."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from formify.testing._state.clock import iso
from formify.testing._state.models import Document
from formify.testing._state.store import Store

if TYPE_CHECKING:
    from formify.testing._state.delivery import WebhookDeliverer


def payload(store: Store, entry: dict[str, Any], doc: Document) -> dict[str, Any]:
    """Return the DocumentWebhookEvent body: ``{"event": {eventId, type, date, data}}``."""
    data: dict[str, Any] = {
        "documentId": doc.document_id,
        "accountId": store.account_id,
        "userId": doc.user_id,
    }
    # the reference: signeeId only on document.signed
    if entry["type"] == "document.signed" and "signeeId" in entry:
        data["signeeId"] = entry["signeeId"]
    return {
        "event": {
            "eventId": entry["eventId"],
            "type": entry["type"],
            "date": iso(entry["date"]),
            "data": data,
        }
    }


def _secret_of(store: Store, webhook_id: str) -> Callable[[], str | None]:
    def current() -> str | None:
        # read at every attempt: a rotated secret signs the next attempt, a deleted hook stops
        hook = store.webhooks.get(webhook_id)
        return hook.secret if hook is not None else None

    return current


def publisher(
    store: Store, deliverer: WebhookDeliverer
) -> Callable[[dict[str, Any], Document], None]:
    """Return a store sink that queues each event for every webhook subscribed to its type."""

    def publish(entry: dict[str, Any], doc: Document) -> None:
        body = payload(store, entry, doc)
        for hook in list(store.webhooks.values()):
            if entry["type"] in hook.event_types:
                deliverer.enqueue(hook.url, body, _secret_of(store, hook.webhook_id))

    return publish
