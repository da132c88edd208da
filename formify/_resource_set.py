"""`client.files`, `.documents`, ...: the resources a client (or its raw view) holds, lazily.

Each resource module is imported on first access (`_lazy.lazy_resource`), so a first call
imports only what it needs. The same set, in the raw modes, is `client.with_raw_response`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic, TypeVar

from formify._lazy import lazy_resource

if TYPE_CHECKING:
    from formify.resources.account import Account
    from formify.resources.documents import Documents
    from formify.resources.files import Files
    from formify.resources.templates import Templates
    from formify.resources.user import User
    from formify.resources.webhooks import Webhooks

__all__ = ["RESOURCE_NAMES", "RawResources", "Resources"]

RESOURCE_NAMES = ("files", "documents", "templates", "account", "user", "webhooks")

M = TypeVar("M")


class Resources(Generic[M]):
    """Every resource, in the mode `M` (`Sync`, `Async`, `SyncRaw`, `AsyncRaw`)."""

    _mode: type[M]

    files: lazy_resource[Files[M]] = lazy_resource("files", "Files")
    documents: lazy_resource[Documents[M]] = lazy_resource("documents", "Documents")
    templates: lazy_resource[Templates[M]] = lazy_resource("templates", "Templates")
    account: lazy_resource[Account[M]] = lazy_resource("account", "Account")
    user: lazy_resource[User[M]] = lazy_resource("user", "User")
    webhooks: lazy_resource[Webhooks[M]] = lazy_resource("webhooks", "Webhooks")

    @property
    def _resource_client(self) -> Any:
        """The client the resources call through (the client itself, or the view's)."""
        return self


class RawResources(Resources[M]):
    """`client.with_raw_response`: the same resources, returning raw responses."""

    def __init__(self, client: Any, mode: type[M]) -> None:
        self._client = client
        self._mode = mode

    @property
    def _resource_client(self) -> Any:
        return self._client
