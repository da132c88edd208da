"""`client.webhooks`: register, list, inspect, delete webhooks and rotate their secrets.

(Verifying deliveries needs no client: see the public `formify.webhooks` module.)
"""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from formify_api.api.webhooks import (
    delete_webhook,
    get_webhook,
    list_webhooks,
    register_webhook,
    rotate_webhook_secret,
)
from formify_api.models import (
    RegisterWebhookRequest,
    Webhook,
    WebhookCreated,
    WebhookEventType,
    WebhookListItem,
    WebhookSecretRotated,
)

from formify._base_client import Call
from formify._validation import check_id, check_webhook
from formify.resources._base import C, Resource
from formify.types import WebhookEventType as EventTypeName

# A spec value ("document.completed") or the generated enum member.
EventTypeInput = EventTypeName | WebhookEventType

if TYPE_CHECKING:
    # used in the string subscripts of the base classes below
    from formify._client import AsyncFormify, Formify  # noqa: F401

__all__ = ["AsyncWebhooks", "Webhooks"]


def _secret(result: WebhookSecretRotated) -> str:
    return result.signing_secret


def _none(_: Any) -> None:
    return None


class _WebhookCalls(Resource[C]):
    def _register(self, url: Any, event_types: Any, name: Any) -> Call[WebhookCreated]:
        check_webhook(url, event_types, name)
        body = RegisterWebhookRequest(
            webhook_url=url,
            event_types=[WebhookEventType(event_type) for event_type in event_types],
            name=name,
        )
        return Call[WebhookCreated](register_webhook, kwargs={"body": body})

    def _list(self, error_language: str | None) -> Call[builtins.list[WebhookListItem]]:
        kwargs = {"error_language": self._error_language(error_language)}
        return Call[builtins.list[WebhookListItem]](list_webhooks, kwargs=kwargs)

    def _get(self, webhook_id: str) -> Call[Webhook]:
        check_id(webhook_id, "webhook_id")
        return Call[Webhook](get_webhook, (webhook_id,))

    def _delete(self, webhook_id: str) -> Call[None]:
        check_id(webhook_id, "webhook_id")
        return Call[None](delete_webhook, (webhook_id,), expect=False, result=_none)

    def _rotate(self, webhook_id: str, error_language: str | None) -> Call[str]:
        check_id(webhook_id, "webhook_id")
        kwargs = {"error_language": self._error_language(error_language)}
        return Call[str](rotate_webhook_secret, (webhook_id,), kwargs, result=_secret)


class Webhooks(_WebhookCalls["Formify"]):
    """Webhook subscriptions (sync)."""

    def register(
        self, url: str, event_types: Sequence[EventTypeInput], name: str | None = None
    ) -> WebhookCreated:
        """Subscribe `url` to `event_types`; the result carries the `signing_secret`."""
        return self._client._call(self._register(url, event_types, name))

    def list(self, *, error_language: str | None = None) -> builtins.list[WebhookListItem]:
        """Return every registered webhook."""
        return self._client._call(self._list(error_language))

    def get(self, webhook_id: str) -> Webhook:
        """Return one webhook."""
        return self._client._call(self._get(webhook_id))

    def delete(self, webhook_id: str) -> None:
        """Delete a webhook."""
        self._client._call(self._delete(webhook_id))

    def rotate_secret(self, webhook_id: str, *, error_language: str | None = None) -> str:
        """Replace the webhook's signing secret (the old one stops at once); return the new."""
        return self._client._call(self._rotate(webhook_id, error_language))


class AsyncWebhooks(_WebhookCalls["AsyncFormify"]):
    """Webhook subscriptions (async)."""

    async def register(
        self, url: str, event_types: Sequence[EventTypeInput], name: str | None = None
    ) -> WebhookCreated:
        """Subscribe `url` to `event_types`; the result carries the `signing_secret`."""
        return await self._client._call(self._register(url, event_types, name))

    async def list(self, *, error_language: str | None = None) -> builtins.list[WebhookListItem]:
        """Return every registered webhook."""
        return await self._client._call(self._list(error_language))

    async def get(self, webhook_id: str) -> Webhook:
        """Return one webhook."""
        return await self._client._call(self._get(webhook_id))

    async def delete(self, webhook_id: str) -> None:
        """Delete a webhook."""
        await self._client._call(self._delete(webhook_id))

    async def rotate_secret(self, webhook_id: str, *, error_language: str | None = None) -> str:
        """Replace the webhook's signing secret (the old one stops at once); return the new."""
        return await self._client._call(self._rotate(webhook_id, error_language))
