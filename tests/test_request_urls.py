"""A call's URL joined onto the parsed base URL is the URL httpx builds from the whole string."""

from __future__ import annotations

import httpx
import pytest

from formify._request_urls import request_url

BASES = [
    "https://api.formify.example/v1",
    "http://127.0.0.1:8080",
    "http://[::1]:5000/api/v1",
    "https://API.Example.COM/V1",
    "https://bücher.example/v1",
    "https://h.example/v1/",
    "https://h.example:443/v1",
    "http://h.example:80",
    "https://user:secret@h.example/v1",
    "https://h.example/v%31",
    "https://h.example/v1?x=1",
]
PATHS = [
    "/docs/806607b8-f284-4a12-9ef3-2112f1684dd0",
    "/docs",
    "/docs/a%2Fb",
    "/docs/./x",
    "/docs/../x",
    "/docs/.hidden",
    "/docs/é",
    "/docs//x",
    "/docs/a b",
    "",
]
QUERIES = ["", "errorLanguage=en", "limit=50&offset=100", "q=a%20b", "a=b=c", "flag", "x=é"]


@pytest.mark.parametrize("base", BASES)
@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("query", QUERIES)
def test_the_joined_url_is_the_one_httpx_parses_from_the_string(base, path, query):
    whole = base + path + (f"?{query}" if query else "")
    expected = httpx.URL(whole)
    got = httpx.URL(request_url(base, path, query))
    assert str(got) == str(expected)
    assert (got.scheme, got.userinfo, got.host, got.port) == (
        expected.scheme,
        expected.userinfo,
        expected.host,
        expected.port,
    )
    assert (got.raw_path, got.query, got.fragment) == (
        expected.raw_path,
        expected.query,
        expected.fragment,
    )
    assert httpx.Request("GET", got).url == httpx.Request("GET", whole).url


def test_plain_calls_are_not_parsed_again_with_the_pinned_httpx(monkeypatch):
    # The point of the module: with the httpx we pin, a plain call's URL costs no parse. If a
    # new httpx changes the private parsed form, the fallback keeps URLs right but this fails,
    # so the lost speed is noticed.
    from httpx import _urls

    base = "https://api.formify.example/v1"
    request_url(base, "/docs")  # the base is parsed once, here
    http = httpx.Client()
    parses: list[str] = []
    real = _urls.urlparse

    def counting(url: str = "", **kwargs: str | None):
        parses.append(url)
        return real(url, **kwargs)

    monkeypatch.setattr(_urls, "urlparse", counting)
    url = request_url(base, "/docs/806607b8-f284-4a12-9ef3-2112f1684dd0", "errorLanguage=en")
    http.build_request("GET", url)
    assert parses == []
    assert isinstance(request_url(base, "/docs/a%2Fb"), str)  # not plain: httpx parses it
