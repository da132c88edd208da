from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.o_auth_error_response import OAuthErrorResponse
from ...models.token_request import TokenRequest
from ...models.token_response import TokenResponse
from ...types import Response


def _get_kwargs(
    *,
    body: TokenRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/oauth/token",
    }

    _kwargs["data"] = body.to_dict()
    headers["Content-Type"] = "application/x-www-form-urlencoded"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | OAuthErrorResponse | TokenResponse | None:
    if response.status_code == 200:
        response_200 = TokenResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = OAuthErrorResponse.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = OAuthErrorResponse.from_dict(response.json())

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
) -> Response[Error | OAuthErrorResponse | TokenResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: TokenRequest,
) -> Response[Error | OAuthErrorResponse | TokenResponse]:
    """Exchange an authorization code or refresh token for tokens

     Issues an access token and a refresh token. Use `grant_type=authorization_code` with the `code` from
    the authorize redirect and the same `redirect_uri`, or `grant_type=refresh_token` with a refresh
    token. The client ID and secret go in the form body.

    Args:
        body (TokenRequest): Form fields for exchanging an authorization code, or a refresh token,
            for tokens. `code` and `redirect_uri` are required with `grant_type=authorization_code`;
            `refresh_token` is required with `grant_type=refresh_token`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | OAuthErrorResponse | TokenResponse]
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
    body: TokenRequest,
) -> Error | OAuthErrorResponse | TokenResponse | None:
    """Exchange an authorization code or refresh token for tokens

     Issues an access token and a refresh token. Use `grant_type=authorization_code` with the `code` from
    the authorize redirect and the same `redirect_uri`, or `grant_type=refresh_token` with a refresh
    token. The client ID and secret go in the form body.

    Args:
        body (TokenRequest): Form fields for exchanging an authorization code, or a refresh token,
            for tokens. `code` and `redirect_uri` are required with `grant_type=authorization_code`;
            `refresh_token` is required with `grant_type=refresh_token`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | OAuthErrorResponse | TokenResponse
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: TokenRequest,
) -> Response[Error | OAuthErrorResponse | TokenResponse]:
    """Exchange an authorization code or refresh token for tokens

     Issues an access token and a refresh token. Use `grant_type=authorization_code` with the `code` from
    the authorize redirect and the same `redirect_uri`, or `grant_type=refresh_token` with a refresh
    token. The client ID and secret go in the form body.

    Args:
        body (TokenRequest): Form fields for exchanging an authorization code, or a refresh token,
            for tokens. `code` and `redirect_uri` are required with `grant_type=authorization_code`;
            `refresh_token` is required with `grant_type=refresh_token`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | OAuthErrorResponse | TokenResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: TokenRequest,
) -> Error | OAuthErrorResponse | TokenResponse | None:
    """Exchange an authorization code or refresh token for tokens

     Issues an access token and a refresh token. Use `grant_type=authorization_code` with the `code` from
    the authorize redirect and the same `redirect_uri`, or `grant_type=refresh_token` with a refresh
    token. The client ID and secret go in the form body.

    Args:
        body (TokenRequest): Form fields for exchanging an authorization code, or a refresh token,
            for tokens. `code` and `redirect_uri` are required with `grant_type=authorization_code`;
            `refresh_token` is required with `grant_type=refresh_token`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | OAuthErrorResponse | TokenResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
