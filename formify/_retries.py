"""The retry policy and the send loop that follows it: whether to retry, how long to wait.

The policy is pure functions; the loop (`send_flow`) is written once, as a generator that
yields "send now" or "sleep this long" and receives each outcome, so `Formify` and
`AsyncFormify` only drive it with blocking or awaited I/O. The rule that matters most: a
POST or PATCH is repeated only when the server cannot have seen it (the connection never
opened) or told us to (429).
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Generator, Mapping
from typing import NamedTuple

import httpx

from formify._constants import (
    IDEMPOTENT_METHODS,
    INITIAL_RETRY_DELAY,
    MAX_RETRY_DELAY,
    RETRYABLE_STATUSES,
)
from formify._error_mapping import send_failure
from formify._explain import not_retried
from formify._logging import logger, redact_headers
from formify._rate_limit import rate_limit_reset

__all__ = [
    "Done",
    "Outcome",
    "Sleep",
    "is_idempotent",
    "rate_limit_reset",
    "retry_delay",
    "send_flow",
    "should_retry",
]

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


class Sleep(NamedTuple):
    """Yielded by `send_flow`: wait this many seconds, then send `None` back."""

    seconds: float


Outcome = httpx.Response | BaseException | None


class Done(NamedTuple):
    """Yielded by `send_flow` last: the final response (an error status is not raised)."""

    response: httpx.Response


def send_flow(
    request: httpx.Request,
    *,
    max_retries: int,
    max_retry_wait: float,
    on_response: Callable[[httpx.Response], None],
) -> Generator[Sleep | Done | None, Outcome, None]:
    """Drive one request: yield None to send it, `Sleep` to wait, `Done` with the answer.

    A driver sends None back after a `Sleep` and the outcome after a send; see `_attempts`.
    """
    response = yield from _attempts(
        request, max_retries=max_retries, max_retry_wait=max_retry_wait, on_response=on_response
    )
    yield Done(response)


def _attempts(
    request: httpx.Request,
    *,
    max_retries: int,
    max_retry_wait: float,
    on_response: Callable[[httpx.Response], None],
) -> Generator[Sleep | None, Outcome, httpx.Response]:
    """Send (yield None) and wait (yield `Sleep`) until there is a final response.

    The outcome of each send is sent back in: an `httpx.Response`, or the transport error
    the send raised (mapped here to `APIConnectionError` / `APITimeoutError`). Error
    statuses are returned, not raised; the caller maps them (a 429 above `max_retry_wait`
    returns at once).
    """
    method, path = request.method, request.url.path
    if logger.isEnabledFor(logging.DEBUG):  # redacting the headers costs ~15 us a call
        logger.debug("request %s %s headers=%s", method, path, redact_headers(request.headers))
    attempt = 0
    while True:
        outcome = yield None
        if isinstance(outcome, BaseException):
            outcome = send_failure(method, request.url, outcome)
            logger.info("%s %s failed: %s (attempt %d)", method, path, outcome, attempt + 1)
            if attempt >= max_retries or not should_retry(method, exc=outcome.__cause__):
                if not is_idempotent(method) and not should_retry(method, exc=outcome.__cause__):
                    # Tell the caller why a write was not retried, and what it may mean.
                    raise type(outcome)(
                        f"{outcome}; {not_retried(method)}", method=outcome.method, url=outcome.url
                    ) from outcome.__cause__
                raise outcome
            delay = retry_delay(attempt)
        else:
            assert outcome is not None
            on_response(outcome)
            status = outcome.status_code
            logger.info("%s %s -> %d (attempt %d)", method, path, status, attempt + 1)
            if status < 400 or attempt >= max_retries or not should_retry(method, status=status):
                return outcome
            delay = retry_delay(attempt, outcome.headers if status == 429 else None)
            # The ceiling is for the server's rate-limit wait; backoff (at most 8 s) is not
            # capped by it, just as the backoff after a connection failure is not.
            if status == 429 and delay > max_retry_wait:
                logger.info("%s %s: server asks to wait %.1fs; not waiting", method, path, delay)
                return outcome
        logger.info(
            "retrying %s %s in %.2fs (retry %d of %d)",
            method,
            path,
            delay,
            attempt + 1,
            max_retries,
        )
        yield Sleep(delay)
        attempt += 1
