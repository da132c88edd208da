from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.signature_field_update import SignatureFieldUpdate
from ...models.signature_field_updated import SignatureFieldUpdated
from ...types import Response


def _get_kwargs(
    document_id: str,
    *,
    body: list[SignatureFieldUpdate],
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/docs/{document_id}/signature-field".format(
            document_id=quote(str(document_id), safe=""),
        ),
    }

    _kwargs["json"] = []
    for body_item_data in body:
        body_item = body_item_data.to_dict()
        _kwargs["json"].append(body_item)

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | SignatureFieldUpdated | None:
    if response.status_code == 200:
        response_200 = SignatureFieldUpdated.from_dict(response.json())

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
) -> Response[Error | SignatureFieldUpdated]:
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
    body: list[SignatureFieldUpdate],
) -> Response[Error | SignatureFieldUpdated]:
    """Update signee contact details

     Corrects or replaces signees' name, email or phone without changing the content. A changed email or
    phone triggers a new invitation, the signee gets a new `signeeId` and old links are revoked. Refused
    with 403 once the document is completed or the signee has signed. Two updates per signee, then a
    60-minute cooldown.

    Args:
        document_id (str):
        body (list[SignatureFieldUpdate]): Not in the published reference: that the list must not
            be empty. Signees to update.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | SignatureFieldUpdated]
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
    body: list[SignatureFieldUpdate],
) -> Error | SignatureFieldUpdated | None:
    """Update signee contact details

     Corrects or replaces signees' name, email or phone without changing the content. A changed email or
    phone triggers a new invitation, the signee gets a new `signeeId` and old links are revoked. Refused
    with 403 once the document is completed or the signee has signed. Two updates per signee, then a
    60-minute cooldown.

    Args:
        document_id (str):
        body (list[SignatureFieldUpdate]): Not in the published reference: that the list must not
            be empty. Signees to update.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | SignatureFieldUpdated
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
    body: list[SignatureFieldUpdate],
) -> Response[Error | SignatureFieldUpdated]:
    """Update signee contact details

     Corrects or replaces signees' name, email or phone without changing the content. A changed email or
    phone triggers a new invitation, the signee gets a new `signeeId` and old links are revoked. Refused
    with 403 once the document is completed or the signee has signed. Two updates per signee, then a
    60-minute cooldown.

    Args:
        document_id (str):
        body (list[SignatureFieldUpdate]): Not in the published reference: that the list must not
            be empty. Signees to update.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | SignatureFieldUpdated]
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
    body: list[SignatureFieldUpdate],
) -> Error | SignatureFieldUpdated | None:
    """Update signee contact details

     Corrects or replaces signees' name, email or phone without changing the content. A changed email or
    phone triggers a new invitation, the signee gets a new `signeeId` and old links are revoked. Refused
    with 403 once the document is completed or the signee has signed. Two updates per signee, then a
    60-minute cooldown.

    Args:
        document_id (str):
        body (list[SignatureFieldUpdate]): Not in the published reference: that the list must not
            be empty. Signees to update.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | SignatureFieldUpdated
    """

    return (
        await asyncio_detailed(
            document_id=document_id,
            client=client,
            body=body,
        )
    ).parsed
