from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.reminder_request import ReminderRequest
from ...models.reminder_result import ReminderResult
from ...types import Response


def _get_kwargs(
    document_id: str,
    *,
    body: ReminderRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/docs/{document_id}/reminder".format(
            document_id=quote(str(document_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | ReminderResult | None:
    if response.status_code == 200:
        response_200 = ReminderResult.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | ReminderResult]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    document_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ReminderRequest,
) -> Response[Error | ReminderResult]:
    """Remind signees who have not signed

     Sends reminders through every configured contact method to the given signees of a document in
    `awaiting_signatures` (otherwise 403). At most two reminders per signee in a rolling 60 minutes. The
    result tells who was and was not reminded.

    Args:
        document_id (str):
        body (ReminderRequest): Signees to remind.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ReminderResult]
    """

    kwargs = _get_kwargs(
        document_id=document_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    document_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ReminderRequest,
) -> Error | ReminderResult | None:
    """Remind signees who have not signed

     Sends reminders through every configured contact method to the given signees of a document in
    `awaiting_signatures` (otherwise 403). At most two reminders per signee in a rolling 60 minutes. The
    result tells who was and was not reminded.

    Args:
        document_id (str):
        body (ReminderRequest): Signees to remind.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ReminderResult
    """

    return sync_detailed(
        document_id=document_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    document_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ReminderRequest,
) -> Response[Error | ReminderResult]:
    """Remind signees who have not signed

     Sends reminders through every configured contact method to the given signees of a document in
    `awaiting_signatures` (otherwise 403). At most two reminders per signee in a rolling 60 minutes. The
    result tells who was and was not reminded.

    Args:
        document_id (str):
        body (ReminderRequest): Signees to remind.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ReminderResult]
    """

    kwargs = _get_kwargs(
        document_id=document_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    document_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ReminderRequest,
) -> Error | ReminderResult | None:
    """Remind signees who have not signed

     Sends reminders through every configured contact method to the given signees of a document in
    `awaiting_signatures` (otherwise 403). At most two reminders per signee in a rolling 60 minutes. The
    result tells who was and was not reminded.

    Args:
        document_id (str):
        body (ReminderRequest): Signees to remind.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ReminderResult
    """

    return (
        await asyncio_detailed(
            document_id=document_id,
            client=client,
            body=body,
        )
    ).parsed
