"""What every resource shares: its client, the error-language default, key conversion."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from formify_api.models import ErrorLanguage

if TYPE_CHECKING:
    from formify._base_client import BaseClient

__all__ = ["Resource", "camel_keys", "compact"]

C = TypeVar("C", bound="BaseClient[Any]")

_SNAKE_BOUNDARY = re.compile(r"_([a-z0-9])")


class Resource(Generic[C]):
    """Base of the resource classes; sync and async subclasses share its call builders.

    `C` is the client class (`Formify` or `AsyncFormify`), so `self._client._call` is typed
    as returning the result (sync) or an awaitable of it (async).
    """

    def __init__(self, client: C) -> None:
        self._client = client

    def _error_language(self, value: str | None) -> ErrorLanguage | None:
        """Return the call's error language as the generated enum, or None to send none."""
        language = self._client._language(value)
        return ErrorLanguage(language) if language is not None else None


def camel_keys(value: Any) -> Any:
    """Return `value` with snake_case dict keys turned into the API's camelCase."""
    if isinstance(value, Mapping):
        return {_camel(str(key)): camel_keys(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [camel_keys(item) for item in value]
    return value


def _camel(key: str) -> str:
    return _SNAKE_BOUNDARY.sub(lambda match: match.group(1).upper(), key)


def compact(mapping: Mapping[str, Any]) -> dict[str, Any]:
    """Drop the members left as None, so the API applies its defaults."""
    return {key: value for key, value in mapping.items() if value is not None}
