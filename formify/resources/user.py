"""`client.user`: the authenticated user."""

from __future__ import annotations

from typing import TypeAlias

from formify_api.api.user import get_user
from formify_api.models import User as UserModel

from formify._call import Call
from formify.resources._base import M, Resource
from formify.resources._method import Async, api_method

__all__ = ["AsyncUser", "User"]


class User(Resource[M]):
    """The authenticated user; its methods are stated once for every mode (see `_method`)."""

    @api_method
    def get(self, *, error_language: str | None = None) -> Call[UserModel]:
        """Return the authenticated user and their account."""
        kwargs = {"error_language": self._error_language(error_language)}
        return Call(get_user, kwargs=kwargs)


# `client.user` is a `User[Sync]`; the async client's, by its old name:
AsyncUser: TypeAlias = "User[Async]"
