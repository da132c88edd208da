"""Building one request (`formify._call`): the query as httpx encodes it, whose headers win."""

import httpx
import pytest

from formify._call import build_request, encode_query
from formify._rate_limit import parse_rate_limit
from formify.errors import ValidationError

OURS = {"User-Agent": "formify-python/test", "Accept": "application/json"}


@pytest.mark.parametrize(
    "params",
    [
        {"errorLanguage": "en"},
        {"limit": 50, "offset": 0, "errorLanguage": "sv"},
        {"offset": -1, "name": ""},
        {"q": "a b&c=d/é"},  # needs escaping: httpx's own encoding
        {"flag": True, "other": False},  # bools are "true"/"false" in httpx, not "True"
        {"ids": ["a", "b c"]},  # a list repeats the key
        {"k y": "v"},
        {"ratio": 1.5},
    ],
)
def test_the_query_is_encoded_exactly_as_httpx_encodes_it(params):
    assert encode_query(params) == str(httpx.QueryParams(params))


def _sent(kwargs, headers=OURS, client_headers=None):
    http = httpx.Client(headers=client_headers)
    request = build_request(http, kwargs, base_url="https://api.test/v1", headers=headers)
    return request


def test_our_headers_win_over_the_http_clients_and_each_is_sent_once():
    request = _sent(
        {"method": "get", "url": "/docs/d1", "params": {"errorLanguage": "en"}},
        headers={**OURS, "accept": "text/plain"},  # a with_options header in another case
        client_headers={"X-Theirs": "kept", "Accept": "*/*"},
    )
    assert str(request.url) == "https://api.test/v1/docs/d1?errorLanguage=en"
    assert request.headers.get_list("accept") == ["text/plain"]
    assert request.headers.get_list("user-agent") == ["formify-python/test"]
    assert request.headers["x-theirs"] == "kept"


def test_the_endpoints_own_headers_win_over_ours():
    request = _sent(
        {"method": "post", "url": "/files", "headers": {"Accept": "application/pdf"}},
        client_headers={"Accept": "*/*"},
    )
    assert request.headers.get_list("accept") == ["application/pdf"]
    assert request.headers["user-agent"] == "formify-python/test"


def test_a_header_httpx_cannot_encode_is_a_validation_error_before_sending():
    with pytest.raises(ValidationError, match="request"):
        _sent({"method": "get", "url": "/user"}, headers={**OURS, "X-Name": "Åsa"})


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ({"Content-Type": "application/json"}, None),
        ({"x-ratelimit-remaining": "7"}, (None, 7, None)),
        ({"X-RATELIMIT-LIMIT": "100", "X-RateLimit-Reset": "3"}, (100, None, 3)),
        ({"X-RateLimitish": "1"}, None),
    ],
)
def test_rate_limit_headers_are_read_whatever_their_case(raw, expected):
    parsed = parse_rate_limit(httpx.Headers(raw))
    got = None if parsed is None else (parsed.limit, parsed.remaining, parsed.reset)
    assert got == expected
