"""The retry policy as pure functions: whether to retry, and how long to wait first.

The send loop asks these questions and never decides on its own, so the policy can be read,
tested and changed in one place. The rule that matters most: a POST or PATCH is repeated only
when the server cannot have seen it (the connection never opened) or told us to (429).
"""

from __future__ import annotations

import random
from collections.abc import Mapping

import httpx

from formify._constants import (
    IDEMPOTENT_METHODS,
    INITIAL_RETRY_DELAY,
    MAX_RETRY_DELAY,
    RATE_LIMIT_RESET_HEADER,
    RETRYABLE_STATUSES,
)

__all__ = ["is_idempotent", "rate_limit_reset", "retry_delay", "should_retry"]

# Failures that happen before a single byte of the request can have reached the server.
_BEFORE_SENDING = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
# Failures after which the server may or may not have received (and acted on) the request.
_AFTER_SENDING = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)


def is_idempotent(method: str) -> bool:
    """Return whether sending `method` twice has the same effect as sending it once."""
    return method.upper() in IDEMPOTENT_METHODS


def should_retry(
    method: str, *, status: int | None = None, exc: BaseException | None = None
) -> bool:
    """Return whether a request that ended with `status` or raised `exc` may be sent again."""
    if exc is not None:
        if isinstance(exc, _BEFORE_SENDING):
            return True
        return is_idempotent(method) and isinstance(exc, _AFTER_SENDING)
    if status == 429:
        return True
    return is_idempotent(method) and status in RETRYABLE_STATUSES


def rate_limit_reset(headers: Mapping[str, str] | None) -> float | None:
    """Return `X-RateLimit-Reset` (seconds until the window resets), or None if unusable."""
    if not headers:
        return None
    raw = _get_header(headers, RATE_LIMIT_RESET_HEADER)
    if raw is None:
        return None
    try:
        seconds = float(raw)
    except ValueError:
        return None
    if seconds != seconds or seconds < 0:  # NaN or negative: the server sent nonsense
        return None
    return seconds


def retry_delay(attempt: int, headers: Mapping[str, str] | None = None) -> float:
    """Seconds to wait before retry number `attempt + 1`.

    With `headers` (pass them for a 429 only), the server's `X-RateLimit-Reset` wins. Otherwise
    exponential backoff, min(0.5 s * 2**attempt, 8 s), minus up to 25 % jitter so that many
    clients failing together do not come back together.
    """
    reset = rate_limit_reset(headers)
    if reset is not None:
        return reset
    delay = min(INITIAL_RETRY_DELAY * (2.0**attempt), MAX_RETRY_DELAY)
    return delay * (1 - 0.25 * random.random())


def _get_header(headers: Mapping[str, str], name: str) -> str | None:
    if isinstance(headers, httpx.Headers):
        value: str | None = headers.get(name)
        return value
    lowered = name.lower()
    for key, value in headers.items():
        if key.lower() == lowered:
            return value
    return None
