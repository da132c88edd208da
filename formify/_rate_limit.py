"""The API's `X-RateLimit-*` headers, read in one place (the client's `rate_limit`, 429 waits)."""

from __future__ import annotations

import math
from collections.abc import Mapping

import attrs
import httpx

from formify._constants import (
    RATE_LIMIT_LIMIT_HEADER,
    RATE_LIMIT_REMAINING_HEADER,
    RATE_LIMIT_RESET_HEADER,
)

__all__ = ["RateLimit", "parse_rate_limit", "rate_limit_reset"]

# What the three header names start with (lower case, as bytes: httpx's raw header names).
_PREFIX = b"x-ratelimit-"
_PREFIX_LENGTH = len(_PREFIX)


@attrs.frozen
class RateLimit:
    """The API's rate-limit headers from the latest response (None where absent)."""

    limit: int | None
    remaining: int | None
    reset: int | None


def parse_rate_limit(headers: httpx.Headers) -> RateLimit | None:
    """Read `X-RateLimit-*` headers; None when the response carries none of them."""
    # Most responses carry none: one pass over the raw names (~2 us) before three lookups (~9).
    if not any(name[:_PREFIX_LENGTH].lower() == _PREFIX for name, _ in headers.raw):
        return None
    names = (RATE_LIMIT_LIMIT_HEADER, RATE_LIMIT_REMAINING_HEADER, RATE_LIMIT_RESET_HEADER)
    raw = [headers.get(name) for name in names]
    if all(value is None for value in raw):
        return None
    limit, remaining, reset = (_number(value) for value in raw)
    return RateLimit(limit=_int(limit), remaining=_int(remaining), reset=_int(reset))


def rate_limit_reset(headers: Mapping[str, str] | None) -> float | None:
    """Return `X-RateLimit-Reset` (seconds until the window resets), or None if unusable."""
    if not headers:
        return None
    seconds = _number(_get_header(headers, RATE_LIMIT_RESET_HEADER))
    if seconds is None or seconds < 0:  # negative: the server sent nonsense
        return None
    return seconds


def _number(value: str | None) -> float | None:
    """Return a header's number; None when absent, not a number, NaN or infinite."""
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _int(value: float | None) -> int | None:
    return int(value) if value is not None else None


def _get_header(headers: Mapping[str, str], name: str) -> str | None:
    if isinstance(headers, httpx.Headers):
        value: str | None = headers.get(name)
        return value
    lowered = name.lower()
    for key, value in headers.items():
        if key.lower() == lowered:
            return value
    return None
