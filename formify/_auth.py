"""httpx.Auth objects the clients authorise with: a static bearer token, or a refreshing one."""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import TYPE_CHECKING

import httpx

from formify._exceptions import ValidationError

if TYPE_CHECKING:
    from formify._oauth import OAuthApp
    from formify._tokens import Token, TokenStore

__all__ = ["BearerAuth", "build_auth"]


class BearerAuth(httpx.Auth):
    """Send a fixed access token as `Authorization: Bearer ...`; a 401 is left to the client."""

    def __init__(self, access_token: str) -> None:
        self._access_token = access_token

    @property
    def access_token(self) -> str:
        """The access token sent with every request."""
        return self._access_token

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        """Set the bearer header and send once."""
        request.headers["Authorization"] = f"Bearer {self._access_token}"
        yield request

    def __repr__(self) -> str:
        return f"{type(self).__name__}(access_token=<redacted>)"


def build_auth(
    *,
    access_token: str | None = None,
    oauth: OAuthApp | None = None,
    token: Token | None = None,
    token_store: TokenStore | None = None,
    on_token_refresh: Callable[[Token], object] | None = None,
) -> httpx.Auth:
    """Return the auth for a client: static bearer for an access token, else refreshing OAuth.

    A refreshing auth is built when `oauth` and a `token` (or a `token_store` holding one)
    are given; otherwise `access_token` is required.
    """
    if oauth is not None or token is not None or token_store is not None:
        raise NotImplementedError("OAuth refresh is not implemented yet")
    if access_token is None:
        raise ValidationError(
            "access_token",
            "required: pass access_token (or set FORMIFY_ACCESS_TOKEN), or oauth with a token",
        )
    if not isinstance(access_token, str) or not access_token.strip():
        raise ValidationError("access_token", "must be a non-empty string")
    return BearerAuth(access_token)
