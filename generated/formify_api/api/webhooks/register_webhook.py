from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.register_webhook_request import RegisterWebhookRequest
from ...models.webhook_created import WebhookCreated
from ...types import Response


def _get_kwargs(
    *,
    body: RegisterWebhookRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/webhooks",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | WebhookCreated | None:
    if response.status_code == 201:
        response_201 = WebhookCreated.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | WebhookCreated]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: RegisterWebhookRequest,
) -> Response[Error | WebhookCreated]:
    """Register a webhook

     Registers a URL to receive document events. The answer carries the webhook's signing secret;
    deliveries are signed with HMAC-SHA256 over `{timestamp}.{raw_body}` (see the `documentEvent`
    webhook).

    Args:
        body (RegisterWebhookRequest): Not in the published reference: which members are required
            (`webhookUrl` and `eventTypes` are taken as required). A webhook to register; subscribe
            only to events you handle.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | WebhookCreated]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: RegisterWebhookRequest,
) -> Error | WebhookCreated | None:
    """Register a webhook

     Registers a URL to receive document events. The answer carries the webhook's signing secret;
    deliveries are signed with HMAC-SHA256 over `{timestamp}.{raw_body}` (see the `documentEvent`
    webhook).

    Args:
        body (RegisterWebhookRequest): Not in the published reference: which members are required
            (`webhookUrl` and `eventTypes` are taken as required). A webhook to register; subscribe
            only to events you handle.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | WebhookCreated
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: RegisterWebhookRequest,
) -> Response[Error | WebhookCreated]:
    """Register a webhook

     Registers a URL to receive document events. The answer carries the webhook's signing secret;
    deliveries are signed with HMAC-SHA256 over `{timestamp}.{raw_body}` (see the `documentEvent`
    webhook).

    Args:
        body (RegisterWebhookRequest): Not in the published reference: which members are required
            (`webhookUrl` and `eventTypes` are taken as required). A webhook to register; subscribe
            only to events you handle.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | WebhookCreated]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: RegisterWebhookRequest,
) -> Error | WebhookCreated | None:
    """Register a webhook

     Registers a URL to receive document events. The answer carries the webhook's signing secret;
    deliveries are signed with HMAC-SHA256 over `{timestamp}.{raw_body}` (see the `documentEvent`
    webhook).

    Args:
        body (RegisterWebhookRequest): Not in the published reference: which members are required
            (`webhookUrl` and `eventTypes` are taken as required). A webhook to register; subscribe
            only to events you handle.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | WebhookCreated
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
