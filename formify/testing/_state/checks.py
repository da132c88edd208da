"""Checks of request members: each failure is a 400 naming the member and the rule."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

from formify.testing._state.errors import ApiError

# E.164-like: the reference requires the country code
PHONE = re.compile(r"\+[1-9][0-9]{6,14}")


def obj(value: Any, field: str) -> dict[str, Any]:
    """Return `value` as a JSON object or refuse."""
    if not isinstance(value, dict):
        raise ApiError(400, "type", field=field, kind="object")
    return value


def opt_str(body: Mapping[str, Any], key: str, field: str | None = None) -> str | None:
    """Return the optional string member `key` (None when absent or null)."""
    value = body.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ApiError(400, "type", field=field or key, kind="string")
    return value


def req_str(body: Mapping[str, Any], key: str, field: str | None = None) -> str:
    """Return the required non-empty string member `key`."""
    value = opt_str(body, key, field)
    if value is None:
        raise ApiError(400, "required", field=field or key)
    if not value.strip():
        raise ApiError(400, "type", field=field or key, kind="non-empty string")
    return value


def opt_bool(body: Mapping[str, Any], key: str, default: bool, field: str | None = None) -> bool:
    """Return the optional boolean member `key`."""
    value = body.get(key, default)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise ApiError(400, "type", field=field or key, kind="boolean")
    return value


def opt_enum(
    body: Mapping[str, Any], key: str, allowed: Sequence[str], field: str | None = None
) -> str | None:
    """Return the optional member `key` when it is one of `allowed`."""
    value = body.get(key)
    if value is None:
        return None
    if value not in allowed:
        raise ApiError(400, "enum", field=field or key, allowed=", ".join(allowed))
    return str(value)


def number(value: Any, field: str, *, low: float | None = None, high: float | None = None) -> float:
    """Return `value` as a finite number within [low, high]."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ApiError(400, "type", field=field, kind="number")
    try:
        value = float(value)  # an integer beyond float range overflows here
    except OverflowError:
        value = math.inf
    if not math.isfinite(value):
        raise ApiError(400, "type", field=field, kind="a finite number")
    if low is not None and high is not None and not low <= value <= high:
        raise ApiError(400, "range", field=field, low=low, high=high)
    if low is not None and value < low:
        raise ApiError(400, "minimum", field=field, low=low)
    return float(value)


def integer(value: Any, field: str, *, low: int | None = None, high: int | None = None) -> int:
    """Return `value` as an integer within [low, high]."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ApiError(400, "type", field=field, kind="integer")
    if low is not None and high is not None and not low <= value <= high:
        raise ApiError(400, "range", field=field, low=low, high=high)
    if low is not None and value < low:
        raise ApiError(400, "minimum", field=field, low=low)
    return value


def query_int(raw: str | None, field: str, default: int, *, low: int, high: int | None) -> int:
    """Parse an integer query parameter within [low, high]."""
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ApiError(400, "type", field=field, kind="integer") from None
    return integer(value, field, low=low, high=high)


def str_list(value: Any, field: str, *, non_empty: bool = True) -> list[str]:
    """Return `value` as a list of strings (non-empty unless told)."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ApiError(400, "type", field=field, kind="an array of strings")
    if non_empty and not value:
        raise ApiError(400, "type", field=field, kind="non-empty array")
    return value


def phone(value: str | None, field: str) -> str | None:
    """Return the phone number when it carries the country code (spaces allowed)."""
    if value is not None and not PHONE.fullmatch(value.replace(" ", "")):
        raise ApiError(400, "phone_format", field=field)
    return value
