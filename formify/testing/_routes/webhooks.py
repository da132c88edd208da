"""Routes for /webhooks: register, list, get, delete, rotate-secret."""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import Response

from formify.testing._routes import views
from formify.testing._routes.http import answer, api, ctx, json_body, use_language
from formify.testing._state.checks import opt_str, str_list
from formify.testing._state.errors import ApiError
from formify.testing._state.models import Webhook, new_secret
from formify.testing._state.store import EVENT_TYPES


def _url(value: object) -> str:
    if value is None:
        raise ApiError(400, "required", field="webhookUrl")
    if not isinstance(value, str) or not _http_url(value):
        raise ApiError(400, "webhook_url")
    return value


def _http_url(value: str) -> bool:
    try:
        parts = urlsplit(value)
        _ = parts.port  # a port that is no number, or out of range, raises here
    except ValueError:  # also an unclosed IPv6 bracket: "http://[::1"
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


@api
async def register_webhook(request: Request) -> Response:
    """POST /webhooks: the answer carries the new ``whsec_`` signing secret."""
    body = await json_body(request)
    use_language(request, body.get("errorLanguage"))
    url = _url(body.get("webhookUrl"))
    if body.get("eventTypes") is None:
        raise ApiError(400, "required", field="eventTypes")
    types = str_list(body["eventTypes"], "eventTypes")
    for kind in types:
        if kind not in EVENT_TYPES:
            raise ApiError(400, "enum", field="eventTypes", allowed=", ".join(EVENT_TYPES))
    store = ctx(request).store
    hook = Webhook(
        store.new_id(), url, opt_str(body, "name"), list(dict.fromkeys(types)), new_secret("whsec_")
    )
    with store.lock:
        store.webhooks[hook.webhook_id] = hook
    return answer(
        {
            "webhookId": hook.webhook_id,
            "eventTypes": hook.event_types,
            "signingSecret": hook.secret,
        },
        201,
    )


@api
async def list_webhooks(request: Request) -> Response:
    """GET /webhooks: as the reference lists, with each signing secret."""
    store = ctx(request).store
    with store.lock:
        return answer([views.webhook(w, secret=True) for w in store.webhooks.values()])


@api
async def get_webhook(request: Request) -> Response:
    """GET /webhooks/{webhookId}: hasSigningSecret, not the secret."""
    store = ctx(request).store
    with store.lock:
        return answer(views.webhook(store.webhook(request.path_params["webhookId"]), secret=False))


@api
async def delete_webhook(request: Request) -> Response:
    """DELETE /webhooks/{webhookId}: pending deliveries to it stop."""
    store = ctx(request).store
    with store.lock:
        store.webhook(request.path_params["webhookId"])
        del store.webhooks[request.path_params["webhookId"]]
    return Response(status_code=204)


@api
async def rotate_secret(request: Request) -> Response:
    """POST /webhooks/{webhookId}/rotate-secret: the old secret stops signing at once."""
    store = ctx(request).store
    with store.lock:
        hook = store.webhook(request.path_params["webhookId"])
        hook.secret = new_secret("whsec_")
        return answer({"webhookId": hook.webhook_id, "signingSecret": hook.secret})
