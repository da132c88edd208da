"""`client.user`: the authenticated user."""

from __future__ import annotations

from typing import TYPE_CHECKING

from formify_api.api.user import get_user
from formify_api.models import User as UserModel

from formify._base_client import Call
from formify.resources._base import C, Resource

if TYPE_CHECKING:
    # used in the string subscripts of the base classes below
    from formify._client import AsyncFormify, Formify  # noqa: F401

__all__ = ["AsyncUser", "User"]


class _UserCalls(Resource[C]):
    def _get(self, error_language: str | None) -> Call[UserModel]:
        kwargs = {"error_language": self._error_language(error_language)}
        return Call[UserModel](get_user, kwargs=kwargs)


class User(_UserCalls["Formify"]):
    """The authenticated user (sync)."""

    def get(self, *, error_language: str | None = None) -> UserModel:
        """Return the authenticated user and their account."""
        return self._client._call(self._get(error_language))


class AsyncUser(_UserCalls["AsyncFormify"]):
    """The authenticated user (async)."""

    async def get(self, *, error_language: str | None = None) -> UserModel:
        """Return the authenticated user and their account."""
        return await self._client._call(self._get(error_language))
