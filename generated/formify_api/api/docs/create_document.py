from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_document_request import CreateDocumentRequest
from ...models.document_created import DocumentCreated
from ...models.error import Error
from ...types import Response


def _get_kwargs(
    *,
    body: CreateDocumentRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/docs",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DocumentCreated | Error | None:
    if response.status_code == 201:
        response_201 = DocumentCreated.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[DocumentCreated | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: CreateDocumentRequest,
) -> Response[DocumentCreated | Error]:
    """Create a document and request signatures

     Creates a document from an uploaded file (`fileId`) or a template (`templateId`), exactly one of the
    two, and invites the signees. Signees need a contact method (email or phone with country code).
    Signature fields are placed on a new page (`new_page`) or at coordinates (`existing` with
    `signatureBox`). With a template, signature type, placement and boxes default to the template's.
    With the AI Assistant enabled, creation is asynchronous (`processing`).

    Args:
        body (CreateDocumentRequest): A new signature request. Give exactly one of `fileId` (an
            uploaded file) or `templateId` (a template; needs an active price plan): both, or neither,
            is a 400 error. (Not expressed with `oneOf`: openapi-python-client 0.29.1 would then type
            the body as `Any`.)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DocumentCreated | Error]
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
    body: CreateDocumentRequest,
) -> DocumentCreated | Error | None:
    """Create a document and request signatures

     Creates a document from an uploaded file (`fileId`) or a template (`templateId`), exactly one of the
    two, and invites the signees. Signees need a contact method (email or phone with country code).
    Signature fields are placed on a new page (`new_page`) or at coordinates (`existing` with
    `signatureBox`). With a template, signature type, placement and boxes default to the template's.
    With the AI Assistant enabled, creation is asynchronous (`processing`).

    Args:
        body (CreateDocumentRequest): A new signature request. Give exactly one of `fileId` (an
            uploaded file) or `templateId` (a template; needs an active price plan): both, or neither,
            is a 400 error. (Not expressed with `oneOf`: openapi-python-client 0.29.1 would then type
            the body as `Any`.)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DocumentCreated | Error
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: CreateDocumentRequest,
) -> Response[DocumentCreated | Error]:
    """Create a document and request signatures

     Creates a document from an uploaded file (`fileId`) or a template (`templateId`), exactly one of the
    two, and invites the signees. Signees need a contact method (email or phone with country code).
    Signature fields are placed on a new page (`new_page`) or at coordinates (`existing` with
    `signatureBox`). With a template, signature type, placement and boxes default to the template's.
    With the AI Assistant enabled, creation is asynchronous (`processing`).

    Args:
        body (CreateDocumentRequest): A new signature request. Give exactly one of `fileId` (an
            uploaded file) or `templateId` (a template; needs an active price plan): both, or neither,
            is a 400 error. (Not expressed with `oneOf`: openapi-python-client 0.29.1 would then type
            the body as `Any`.)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DocumentCreated | Error]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: CreateDocumentRequest,
) -> DocumentCreated | Error | None:
    """Create a document and request signatures

     Creates a document from an uploaded file (`fileId`) or a template (`templateId`), exactly one of the
    two, and invites the signees. Signees need a contact method (email or phone with country code).
    Signature fields are placed on a new page (`new_page`) or at coordinates (`existing` with
    `signatureBox`). With a template, signature type, placement and boxes default to the template's.
    With the AI Assistant enabled, creation is asynchronous (`processing`).

    Args:
        body (CreateDocumentRequest): A new signature request. Give exactly one of `fileId` (an
            uploaded file) or `templateId` (a template; needs an active price plan): both, or neither,
            is a 400 error. (Not expressed with `oneOf`: openapi-python-client 0.29.1 would then type
            the body as `Any`.)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DocumentCreated | Error
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
