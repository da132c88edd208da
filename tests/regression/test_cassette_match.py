"""Unit tests of the replay body matcher: equal meaning matches, any real change does not."""

from __future__ import annotations

import io

import pytest
from _cassette_match import body_matcher, comparable_body
from vcr.request import Request

JSON = {"Content-Type": "application/json"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def _req(body: bytes | None, headers: dict[str, str]) -> Request:
    return Request("POST", "http://127.0.0.1:8765/v1/x", body, headers)


def test_json_compares_values_not_bytes() -> None:
    body_matcher(_req(b'{"a": 1, "b": [1, 2]}', JSON), _req(b'{"b":[1,2],"a":1}', JSON))
    with pytest.raises(AssertionError, match="bodies differ"):
        body_matcher(_req(b'{"a": 1}', JSON), _req(b'{"a": 2}', JSON))
    with pytest.raises(AssertionError):
        body_matcher(_req(b'{"a": 1, "b": 2}', JSON), _req(b'{"a": 1}', JSON))


def test_placeholders_are_alike_whatever_their_number() -> None:
    body_matcher(
        _req(b"code=REDACTED-1&client_secret=REDACTED-2&grant_type=x", FORM),
        _req(b"grant_type=x&client_secret=REDACTED&code=REDACTED-7", FORM),
    )
    body_matcher(_req(b'{"s": "whsec_REDACTED-3"}', JSON), _req(b'{"s": "whsec_REDACTED"}', JSON))
    with pytest.raises(AssertionError):
        body_matcher(_req(b"grant_type=x&code=REDACTED-1", FORM), _req(b"grant_type=y", FORM))


def test_multipart_ignores_the_boundary_only() -> None:
    def multipart(boundary: str, content: bytes) -> Request:
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"'
                f"\r\n\r\n"
            ).encode()
            + content
            + f"\r\n--{boundary}--\r\n".encode()
        )
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        return _req(body, headers)

    body_matcher(multipart("aaa111", b"%PDF-1.7 x"), multipart("bbb222", b"%PDF-1.7 x"))
    with pytest.raises(AssertionError):
        body_matcher(multipart("aaa111", b"%PDF-1.7 x"), multipart("bbb222", b"%PDF-1.7 y"))


def test_media_type_and_empty_bodies() -> None:
    body_matcher(_req(None, {}), _req(b"", {}))
    assert comparable_body(_req(io.BytesIO(b'{"a": 1}'), JSON)) == ("application/json", {"a": 1})
    with pytest.raises(AssertionError):
        body_matcher(_req(b"a=1", FORM), _req(b'{"a": "1"}', JSON))
