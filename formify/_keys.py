"""Key conversion in one place: the facade's snake_case inputs and the API's camelCase keys."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

__all__ = ["camel_keys", "compact", "snake_key", "to_snake_keys"]

_SNAKE_BOUNDARY = re.compile(r"_([a-z0-9])")
_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])([A-Z])")


def camel_keys(value: Any) -> Any:
    """Return `value` with snake_case dict keys turned into the API's camelCase."""
    if isinstance(value, Mapping):
        return {_camel(str(key)): camel_keys(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [camel_keys(item) for item in value]
    return value


def to_snake_keys(value: Any) -> Any:
    """Return `value` (a dict, a generated model or a list of them) with snake_case keys."""
    if hasattr(value, "to_dict") and callable(value.to_dict):
        value = value.to_dict()
    if isinstance(value, Mapping):
        return {snake_key(str(key)): to_snake_keys(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [to_snake_keys(item) for item in value]
    return value


def compact(mapping: Mapping[str, Any]) -> dict[str, Any]:
    """Drop the members left as None, so the API applies its defaults."""
    return {key: value for key, value in mapping.items() if value is not None}


def _camel(key: str) -> str:
    return _SNAKE_BOUNDARY.sub(lambda match: match.group(1).upper(), key)


def snake_key(key: str) -> str:
    """Return a camelCase key in snake_case (`emailAddress` -> `email_address`)."""
    return _CAMEL_BOUNDARY.sub(r"_\1", key).lower()
