from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.file_uploaded import FileUploaded
from ...models.merge_files_request import MergeFilesRequest
from ...types import Response


def _get_kwargs(
    *,
    body: MergeFilesRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/files/merge",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | FileUploaded | None:
    if response.status_code == 201:
        response_201 = FileUploaded.from_dict(response.json())

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
) -> Response[Error | FileUploaded]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: MergeFilesRequest,
) -> Response[Error | FileUploaded]:
    """Merge uploaded PDF files into one

     Concatenates 2 to 8 distinct uploaded PDFs, in the given order, into a new file with its own
    `fileId`. The combined size must stay within 50 MB.

    Args:
        body (MergeFilesRequest): Files to merge, in order, into one new file (combined size at
            most 50 MB).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | FileUploaded]
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
    body: MergeFilesRequest,
) -> Error | FileUploaded | None:
    """Merge uploaded PDF files into one

     Concatenates 2 to 8 distinct uploaded PDFs, in the given order, into a new file with its own
    `fileId`. The combined size must stay within 50 MB.

    Args:
        body (MergeFilesRequest): Files to merge, in order, into one new file (combined size at
            most 50 MB).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | FileUploaded
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: MergeFilesRequest,
) -> Response[Error | FileUploaded]:
    """Merge uploaded PDF files into one

     Concatenates 2 to 8 distinct uploaded PDFs, in the given order, into a new file with its own
    `fileId`. The combined size must stay within 50 MB.

    Args:
        body (MergeFilesRequest): Files to merge, in order, into one new file (combined size at
            most 50 MB).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | FileUploaded]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: MergeFilesRequest,
) -> Error | FileUploaded | None:
    """Merge uploaded PDF files into one

     Concatenates 2 to 8 distinct uploaded PDFs, in the given order, into a new file with its own
    `fileId`. The combined size must stay within 50 MB.

    Args:
        body (MergeFilesRequest): Files to merge, in order, into one new file (combined size at
            most 50 MB).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | FileUploaded
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
