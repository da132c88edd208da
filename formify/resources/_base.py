"""What every resource shares: its client, its mode (sync, async, raw), the error language."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from formify_api.models import ErrorLanguage

from formify._call import Call, Endpoint
from formify._keys import camel_keys, compact
from formify._validation import check_paging
from formify.resources._method import Paged

if TYPE_CHECKING:
    from formify._base_client import BaseClient

__all__ = ["M", "Resource", "camel_keys", "compact"]

M = TypeVar("M")


class Resource(Generic[M]):
    """Base of the resource classes; `M` is the mode its methods take (see `_method`).

    The methods are stated once (`api_method`); reading one from a resource whose mode is
    `Sync` gives the blocking form, `Async` the awaitable one, `SyncRaw`/`AsyncRaw` the
    raw-response forms.
    """

    def __init__(self, holder: Any) -> None:
        # `holder` is a client or its raw view (`_resource_set`); built by `lazy_resource`.
        self._client: BaseClient[Any, Any] = holder._resource_client
        self._mode: type[M] = holder._mode

    def _offset_list(
        self,
        endpoint: Endpoint,
        *,
        items_of: Callable[[Any], Sequence[Any]],
        page_size: int,
        max_items: int | None,
        offset: int,
        error_language: str | None,
    ) -> Paged[Any, Any]:
        """Return the `Paged` list of an offset-paged endpoint (`GET /docs`, `/templates`)."""
        check_paging(page_size, offset, max_items)
        self._client._language(error_language)

        def page(page_offset: int, limit: int) -> Call[Any]:
            language = self._error_language(error_language)
            kwargs = {"limit": limit, "offset": page_offset, "error_language": language}
            return Call(endpoint, kwargs=kwargs)

        return Paged(
            page,
            items_of=items_of,
            next_offset_of=_next_offset,
            page_size=page_size,
            offset=offset,
            max_items=max_items,
        )

    def _error_language(self, value: str | None) -> ErrorLanguage | None:
        """Return the call's error language as the generated enum, or None to send none."""
        language = self._client._language(value)
        return ErrorLanguage._parse(language) if language is not None else None


def _next_offset(page: Any) -> int | None:
    """Return a list page's `nextOffset`, or None on the last page."""
    return page.next_offset if isinstance(page.next_offset, int) else None
