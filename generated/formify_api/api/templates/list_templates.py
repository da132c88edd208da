from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.error_language import ErrorLanguage
from ...models.template_list import TemplateList
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    limit: int | Unset = UNSET,
    offset: int | Unset = UNSET,
    error_language: ErrorLanguage | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["limit"] = limit

    params["offset"] = offset

    json_error_language: str | Unset = UNSET
    if not isinstance(error_language, Unset):
        json_error_language = error_language.value

    params["errorLanguage"] = json_error_language

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/templates",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | TemplateList | None:
    if response.status_code == 200:
        response_200 = TemplateList.from_dict(response.json())

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
) -> Response[Error | TemplateList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = UNSET,
    offset: int | Unset = UNSET,
    error_language: ErrorLanguage | Unset = UNSET,
) -> Response[Error | TemplateList]:
    """List templates

     Lists the templates available to the user, one page at a time. Templates need an active price plan.

    Args:
        limit (int | Unset):
        offset (int | Unset):
        error_language (ErrorLanguage | Unset): Language for error messages.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | TemplateList]
    """

    kwargs = _get_kwargs(
        limit=limit,
        offset=offset,
        error_language=error_language,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = UNSET,
    offset: int | Unset = UNSET,
    error_language: ErrorLanguage | Unset = UNSET,
) -> Error | TemplateList | None:
    """List templates

     Lists the templates available to the user, one page at a time. Templates need an active price plan.

    Args:
        limit (int | Unset):
        offset (int | Unset):
        error_language (ErrorLanguage | Unset): Language for error messages.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | TemplateList
    """

    return sync_detailed(
        client=client,
        limit=limit,
        offset=offset,
        error_language=error_language,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = UNSET,
    offset: int | Unset = UNSET,
    error_language: ErrorLanguage | Unset = UNSET,
) -> Response[Error | TemplateList]:
    """List templates

     Lists the templates available to the user, one page at a time. Templates need an active price plan.

    Args:
        limit (int | Unset):
        offset (int | Unset):
        error_language (ErrorLanguage | Unset): Language for error messages.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | TemplateList]
    """

    kwargs = _get_kwargs(
        limit=limit,
        offset=offset,
        error_language=error_language,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = UNSET,
    offset: int | Unset = UNSET,
    error_language: ErrorLanguage | Unset = UNSET,
) -> Error | TemplateList | None:
    """List templates

     Lists the templates available to the user, one page at a time. Templates need an active price plan.

    Args:
        limit (int | Unset):
        offset (int | Unset):
        error_language (ErrorLanguage | Unset): Language for error messages.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | TemplateList
    """

    return (
        await asyncio_detailed(
            client=client,
            limit=limit,
            offset=offset,
            error_language=error_language,
        )
    ).parsed
