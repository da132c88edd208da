"""`client.account`: the users of the authenticated account."""

from __future__ import annotations

from typing import TypeAlias

from formify_api.api.account import list_account_users
from formify_api.models import AccountUserList

from formify._call import Call
from formify.resources._base import M, Resource
from formify.resources._method import Async, api_method

__all__ = ["Account", "AsyncAccount"]


class Account(Resource[M]):
    """The account; its methods are stated once for every mode (see `_method`)."""

    @api_method
    def users(self, *, error_language: str | None = None) -> Call[AccountUserList]:
        """Return the account's users, invited ones included."""
        kwargs = {"error_language": self._error_language(error_language)}
        return Call(list_account_users, kwargs=kwargs)


# `client.account` is a `Account[Sync]`; the async client's, by its old name:
AsyncAccount: TypeAlias = "Account[Async]"
