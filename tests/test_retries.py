"""The retry policy as pure functions: which failures are retried, and how long to wait."""

import httpx
import pytest

from formify._retries import rate_limit_reset, retry_delay, should_retry

SAFE = ["GET", "PUT", "DELETE"]
WRITES = ["POST", "PATCH"]
REQUEST = httpx.Request("GET", "http://127.0.0.1/")


@pytest.mark.parametrize("method", SAFE)
@pytest.mark.parametrize("status", [408, 500, 502, 503, 504, 429])
def test_safe_methods_retry_transient_statuses(method, status):
    assert should_retry(method, status=status)


@pytest.mark.parametrize("method", SAFE + WRITES)
@pytest.mark.parametrize("status", [200, 302, 400, 401, 403, 404, 409, 422, 501])
def test_client_errors_are_never_retried(method, status):
    assert not should_retry(method, status=status)


@pytest.mark.parametrize("method", WRITES)
@pytest.mark.parametrize("status", [408, 500, 502, 503, 504])
def test_writes_are_not_retried_after_the_server_may_have_acted(method, status):
    assert not should_retry(method, status=status)


@pytest.mark.parametrize("method", WRITES)
def test_writes_are_retried_on_429(method):
    assert should_retry(method, status=429)


BEFORE = [
    httpx.ConnectError("refused", request=REQUEST),
    httpx.ConnectTimeout("slow connect", request=REQUEST),
    httpx.PoolTimeout("no free connection", request=REQUEST),
]
AFTER = [
    httpx.ReadTimeout("slow answer", request=REQUEST),
    httpx.WriteTimeout("slow upload", request=REQUEST),
    httpx.RemoteProtocolError("dropped", request=REQUEST),
    httpx.ReadError("reset", request=REQUEST),
]


@pytest.mark.parametrize("method", SAFE + WRITES)
@pytest.mark.parametrize("exc", BEFORE, ids=lambda e: type(e).__name__)
def test_failures_before_sending_are_retried_for_every_method(method, exc):
    assert should_retry(method, exc=exc)


@pytest.mark.parametrize("exc", AFTER, ids=lambda e: type(e).__name__)
def test_failures_after_sending_are_retried_for_safe_methods(exc):
    assert should_retry("GET", exc=exc)
    assert should_retry("DELETE", exc=exc)


@pytest.mark.parametrize("method", WRITES)
@pytest.mark.parametrize("exc", AFTER, ids=lambda e: type(e).__name__)
def test_failures_after_sending_are_not_retried_for_writes(method, exc):
    assert not should_retry(method, exc=exc)


def test_unrelated_errors_are_not_retried():
    assert not should_retry("GET", exc=ValueError("bug"))
    assert not should_retry("GET", exc=httpx.UnsupportedProtocol("ftp", request=REQUEST))


def test_backoff_doubles_from_half_a_second_with_at_most_25_percent_jitter():
    for attempt, full in [(0, 0.5), (1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0)]:
        delays = [retry_delay(attempt) for _ in range(200)]
        assert all(0.75 * full <= d <= full for d in delays)
        assert len(set(delays)) > 1  # jittered


def test_backoff_is_capped_at_eight_seconds():
    assert all(6.0 <= retry_delay(30) <= 8.0 for _ in range(50))


def test_rate_limit_reset_header_sets_the_wait():
    assert retry_delay(0, {"X-RateLimit-Reset": "7"}) == 7.0
    assert retry_delay(3, httpx.Headers({"x-ratelimit-reset": "0.5"})) == 0.5


@pytest.mark.parametrize("value", ["soon", "-3", "nan", ""])
def test_unusable_reset_header_falls_back_to_backoff(value):
    assert rate_limit_reset({"X-RateLimit-Reset": value}) is None
    assert 0.375 <= retry_delay(0, {"X-RateLimit-Reset": value}) <= 0.5
