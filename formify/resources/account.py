"""`client.account`: the users of the authenticated account."""

from __future__ import annotations

from typing import TYPE_CHECKING

from formify_api.api.account import list_account_users
from formify_api.models import AccountUserList

from formify._base_client import Call
from formify.resources._base import C, Resource

if TYPE_CHECKING:
    # used in the string subscripts of the base classes below
    from formify._client import AsyncFormify, Formify  # noqa: F401

__all__ = ["Account", "AsyncAccount"]


class _AccountCalls(Resource[C]):
    def _users(self, error_language: str | None) -> Call[AccountUserList]:
        kwargs = {"error_language": self._error_language(error_language)}
        return Call[AccountUserList](list_account_users, kwargs=kwargs)


class Account(_AccountCalls["Formify"]):
    """The account (sync)."""

    def users(self, *, error_language: str | None = None) -> AccountUserList:
        """Return the account's users, invited ones included."""
        return self._client._call(self._users(error_language))


class AsyncAccount(_AccountCalls["AsyncFormify"]):
    """The account (async)."""

    async def users(self, *, error_language: str | None = None) -> AccountUserList:
        """Return the account's users, invited ones included."""
        return await self._client._call(self._users(error_language))
