from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.account_user_list import AccountUserList
from ...models.error import Error
from ...models.error_language import ErrorLanguage
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    error_language: ErrorLanguage | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_error_language: str | Unset = UNSET
    if not isinstance(error_language, Unset):
        json_error_language = error_language.value

    params["errorLanguage"] = json_error_language

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/account/users",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AccountUserList | Error | None:
    if response.status_code == 200:
        response_200 = AccountUserList.from_dict(response.json())

        return response_200

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
) -> Response[AccountUserList | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    error_language: ErrorLanguage | Unset = UNSET,
) -> Response[AccountUserList | Error]:
    """List users on the account

     Lists the users on the account, including invited users.

    Args:
        error_language (ErrorLanguage | Unset): Language for error messages.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AccountUserList | Error]
    """

    kwargs = _get_kwargs(
        error_language=error_language,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    error_language: ErrorLanguage | Unset = UNSET,
) -> AccountUserList | Error | None:
    """List users on the account

     Lists the users on the account, including invited users.

    Args:
        error_language (ErrorLanguage | Unset): Language for error messages.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AccountUserList | Error
    """

    return sync_detailed(
        client=client,
        error_language=error_language,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    error_language: ErrorLanguage | Unset = UNSET,
) -> Response[AccountUserList | Error]:
    """List users on the account

     Lists the users on the account, including invited users.

    Args:
        error_language (ErrorLanguage | Unset): Language for error messages.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AccountUserList | Error]
    """

    kwargs = _get_kwargs(
        error_language=error_language,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    error_language: ErrorLanguage | Unset = UNSET,
) -> AccountUserList | Error | None:
    """List users on the account

     Lists the users on the account, including invited users.

    Args:
        error_language (ErrorLanguage | Unset): Language for error messages.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AccountUserList | Error
    """

    return (
        await asyncio_detailed(
            client=client,
            error_language=error_language,
        )
    ).parsed
