from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.o_auth_error_response import OAuthErrorResponse
from ...models.revoke_request import RevokeRequest
from ...types import Response


def _get_kwargs(
    *,
    body: RevokeRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/oauth/revoke",
    }

    _kwargs["data"] = body.to_dict()
    headers["Content-Type"] = "application/x-www-form-urlencoded"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | Error | OAuthErrorResponse | None:
    if response.status_code == 200:
        response_200 = cast(Any, None)
        return response_200

    if response.status_code == 400:
        response_400 = OAuthErrorResponse.from_dict(response.json())

        return response_400

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Any | Error | OAuthErrorResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: RevokeRequest,
) -> Response[Any | Error | OAuthErrorResponse]:
    """Revoke a token and its grant

     Revokes an access token or refresh token, invalidating the grant behind it. Answers 200 with no
    body; 400 when the token is invalid or already revoked.

    Args:
        body (RevokeRequest): Form fields for revoking an access or refresh token and its grant.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error | OAuthErrorResponse]
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
    body: RevokeRequest,
) -> Any | Error | OAuthErrorResponse | None:
    """Revoke a token and its grant

     Revokes an access token or refresh token, invalidating the grant behind it. Answers 200 with no
    body; 400 when the token is invalid or already revoked.

    Args:
        body (RevokeRequest): Form fields for revoking an access or refresh token and its grant.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error | OAuthErrorResponse
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: RevokeRequest,
) -> Response[Any | Error | OAuthErrorResponse]:
    """Revoke a token and its grant

     Revokes an access token or refresh token, invalidating the grant behind it. Answers 200 with no
    body; 400 when the token is invalid or already revoked.

    Args:
        body (RevokeRequest): Form fields for revoking an access or refresh token and its grant.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error | OAuthErrorResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: RevokeRequest,
) -> Any | Error | OAuthErrorResponse | None:
    """Revoke a token and its grant

     Revokes an access token or refresh token, invalidating the grant behind it. Answers 200 with no
    body; 400 when the token is invalid or already revoked.

    Args:
        body (RevokeRequest): Form fields for revoking an access or refresh token and its grant.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error | OAuthErrorResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
