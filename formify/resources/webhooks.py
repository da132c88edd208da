"""`client.webhooks`: register, list, inspect, delete webhooks and rotate their secrets.

(Verifying deliveries needs no client: see the public `formify.webhooks` module.)
"""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from typing import TypeAlias

from formify_api.models import (
    RegisterWebhookRequest,
    Webhook,
    WebhookCreated,
    WebhookEventType,
    WebhookListItem,
    WebhookSecretRotated,
)

from formify._call import Call
from formify._lazy import lazy_endpoints
from formify._validation import check_id, check_webhook
from formify.resources._base import M, Resource
from formify.resources._method import Async, api_method
from formify.types import WebhookEventType as EventTypeName

# A spec value ("document.completed") or the generated enum member.
EventTypeInput = EventTypeName | WebhookEventType

__all__ = ["AsyncWebhooks", "Webhooks"]

# The generated endpoints, each module imported when a call first uses it (`_lazy`).
webhooks = lazy_endpoints("webhooks")


def _secret(result: WebhookSecretRotated) -> str:
    return result.signing_secret


def _none(_: object) -> None:
    return None


class Webhooks(Resource[M]):
    """Webhook subscriptions; the methods are stated once for every mode (see `_method`)."""

    @api_method
    def register(
        self, url: str, event_types: Sequence[EventTypeInput], name: str | None = None
    ) -> Call[WebhookCreated]:
        """Subscribe `url` to `event_types`; the result carries the `signing_secret`."""
        check_webhook(url, event_types, name)
        body = RegisterWebhookRequest(
            webhook_url=url,
            event_types=[WebhookEventType(event_type) for event_type in event_types],
            name=name,
        )
        return Call(webhooks.register_webhook, kwargs={"body": body})

    @api_method
    def list(self, *, error_language: str | None = None) -> Call[builtins.list[WebhookListItem]]:
        """Return every registered webhook."""
        kwargs = {"error_language": self._error_language(error_language)}
        return Call(webhooks.list_webhooks, kwargs=kwargs)

    @api_method
    def get(self, webhook_id: str) -> Call[Webhook]:
        """Return one webhook."""
        check_id(webhook_id, "webhook_id")
        return Call(webhooks.get_webhook, (webhook_id,))

    @api_method
    def delete(self, webhook_id: str) -> Call[None]:
        """Delete a webhook."""
        check_id(webhook_id, "webhook_id")
        return Call(webhooks.delete_webhook, (webhook_id,), expect=False, result=_none)

    @api_method
    def rotate_secret(self, webhook_id: str, *, error_language: str | None = None) -> Call[str]:
        """Replace the webhook's signing secret (the old one stops at once); return the new."""
        check_id(webhook_id, "webhook_id")
        kwargs = {"error_language": self._error_language(error_language)}
        return Call(webhooks.rotate_webhook_secret, (webhook_id,), kwargs, result=_secret)


# `client.webhooks` is a `Webhooks[Sync]`; the async client's, by its old name:
AsyncWebhooks: TypeAlias = "Webhooks[Async]"
