"""Unit tests of the cassette scrubbing hooks: each secret kind, in requests and responses."""

from __future__ import annotations

import json
from typing import Any

import pytest
from _cassette_scrub import (
    FIXED_PORT,
    FIXED_STORAGE_PORT,
    Placeholders,
    fixed_boundary,
    is_placeholder,
    make_hooks,
    normalise_loopback,
    scrub_authorization,
    scrub_body,
    scrub_headers,
    scrub_json,
    scrub_query,
    scrub_text,
    scrub_url,
)
from vcr.request import Request

TOKEN = "emu_at_9f8e7d6c5b4a"
REFRESH = "emu_rt_0a1b2c3d4e5f"
SECRET = "whsec_Zm9vYmFyYmF6cXV4"


def test_placeholders_are_numbered_stable_and_idempotent() -> None:
    redact = Placeholders()
    first = redact(TOKEN)
    second = redact(REFRESH)
    assert (first, second) == ("REDACTED-1", "REDACTED-2")
    assert redact(TOKEN) == first
    assert redact(first) == first  # replay feeds placeholders back in
    assert redact(SECRET) == "whsec_REDACTED-3"
    assert redact("whsec_REDACTED-3") == "whsec_REDACTED-3"
    assert redact("") == ""


def test_is_placeholder() -> None:
    assert is_placeholder("REDACTED")
    assert is_placeholder("REDACTED-12")
    assert is_placeholder("whsec_REDACTED-1")
    assert not is_placeholder("REDACTED-1x")
    assert not is_placeholder(TOKEN)


def test_authorization_keeps_scheme() -> None:
    redact = Placeholders()
    assert scrub_authorization(f"Bearer {TOKEN}", redact) == "Bearer REDACTED-1"
    assert scrub_authorization("Basic dXNlcjpwYXNz", redact) == "Basic REDACTED-2"
    assert scrub_authorization("rawtokenvalue", redact) == "REDACTED-3"


def test_headers_requests_and_responses() -> None:
    redact = Placeholders()
    request_headers = {
        "Authorization": f"Bearer {TOKEN}",
        "X-Formify-Signature": "ab" * 32,
        "Accept": "application/json",
    }
    assert scrub_headers(request_headers, redact) == {
        "Authorization": "Bearer REDACTED-1",
        "X-Formify-Signature": "REDACTED-2",
        "Accept": "application/json",
    }
    response_headers = {
        "set-cookie": ["session=abc; Path=/"],
        "location": ["http://localhost:41234/storage/f.pdf?expires=9&signature=deadbeef"],
        "content-type": ["application/json"],
    }
    assert scrub_headers(response_headers, redact, {41234: FIXED_PORT}) == {
        "set-cookie": ["REDACTED-3"],
        "location": [f"http://localhost:{FIXED_PORT}/storage/f.pdf?expires=9&signature=REDACTED-4"],
        "content-type": ["application/json"],
    }


@pytest.mark.parametrize(
    "name",
    ["code", "signature", "X-Signature", "X-Amz-Signature", "X-Amz-Credential", "token", "sig"],
)
def test_query_secret_parameters(name: str) -> None:
    scrubbed = scrub_query(f"a=1&{name}=s3cr3t&state=xyz", Placeholders())
    assert scrubbed == f"a=1&{name}=REDACTED-1&state=xyz"


def test_query_without_secrets_is_untouched() -> None:
    # byte for byte: matching in replay compares these strings' parsed form, and diffs stay small
    assert scrub_query("offset=0&limit=2&scope=read%2Cwrite", Placeholders()) == (
        "offset=0&limit=2&scope=read%2Cwrite"
    )


def test_url_port_and_fragment_query() -> None:
    redact = Placeholders()
    assert scrub_url("http://127.0.0.1:50123/v1/docs?offset=2", redact, {50123: FIXED_PORT}) == (
        f"http://127.0.0.1:{FIXED_PORT}/v1/docs?offset=2"
    )
    assert scrub_url("https://example.com/cb?code=abc123&state=s", redact) == (
        "https://example.com/cb?code=REDACTED-1&state=s"
    )
    assert scrub_url("https://app.example/#/oauth?code=abc123&state=s", redact) == (
        "https://app.example/#/oauth?code=REDACTED-1&state=s"
    )


def test_normalise_loopback_maps_known_ports_of_loopback_origins_only() -> None:
    text = (
        "http://127.0.0.1:5000/a http://localhost:5001/b http://[::1]:5000/c "
        "http://127.0.0.1:5002/d http://10.0.0.127.0.0.1:5000 http://127.0.0.1:50001/e"
    )
    assert normalise_loopback(text, {5000: 8765, 5001: 8766}) == (
        "http://127.0.0.1:8765/a http://localhost:8766/b http://[::1]:8765/c "
        "http://127.0.0.1:5002/d http://10.0.0.127.0.0.1:5000 http://127.0.0.1:50001/e"
    )
    assert normalise_loopback(text, {}) == text


def test_text_bearer_and_whsec() -> None:
    redact = Placeholders()
    text = f"header Bearer {TOKEN} and secret {SECRET}; token_type Bearer"
    assert scrub_text(text, redact) == (
        "header Bearer REDACTED-1 and secret whsec_REDACTED-2; token_type Bearer"
    )


def test_text_keeps_auth_params_of_a_challenge() -> None:
    challenge = 'Bearer error="invalid_token", error_description="expired"'
    assert scrub_text(challenge, Placeholders()) == challenge
    assert scrub_text("Bearer abc+/=", Placeholders()) == "Bearer REDACTED-1"


def test_json_members_and_nested_whsec() -> None:
    redact = Placeholders()
    data = {
        "access_token": TOKEN,
        "refresh_token": REFRESH,
        "token_type": "Bearer",
        "expires_in": 3600,
        "code": "not_found",  # an error code, not an OAuth code
        "webhook": {"signingSecret": SECRET, "hasSigningSecret": True},
        "notes": [f"rotated to {SECRET}"],
    }
    assert scrub_json(data, redact) == {
        "access_token": "REDACTED-1",
        "refresh_token": "REDACTED-2",
        "token_type": "Bearer",
        "expires_in": 3600,
        "code": "not_found",
        "webhook": {"signingSecret": "whsec_REDACTED-3", "hasSigningSecret": True},
        "notes": ["rotated to whsec_REDACTED-3"],
    }


def test_form_body() -> None:
    body = (
        "grant_type=authorization_code&code=c0de&client_id=app&client_secret=shh"
        "&redirect_uri=https%3A%2F%2Fexample.com%2Fcb"
    )
    scrubbed = scrub_body(body.encode(), "application/x-www-form-urlencoded", Placeholders())
    assert scrubbed == (
        b"grant_type=authorization_code&code=REDACTED-1&client_id=app&client_secret=REDACTED-2"
        b"&redirect_uri=https%3A%2F%2Fexample.com%2Fcb"
    )


def test_json_body_is_rewritten_only_when_needed() -> None:
    untouched = b'{"documentId": "d1",  "status": "completed"}'
    assert scrub_body(untouched, "application/json", Placeholders()) is untouched
    body = json.dumps({"signingSecret": SECRET, "url": "http://127.0.0.1:4000/h"}).encode()
    scrubbed = scrub_body(body, "application/json; charset=utf-8", Placeholders(), {4000: 8765})
    assert isinstance(scrubbed, bytes)
    assert json.loads(scrubbed) == {
        "signingSecret": "whsec_REDACTED-1",
        "url": "http://127.0.0.1:8765/h",
    }


def test_binary_bodies_pass_through() -> None:
    pdf = b"%PDF-1.7\n\xff\xfe Bearer abc whsec_abc"
    assert scrub_body(pdf, "application/pdf", Placeholders()) is pdf
    assert scrub_body(pdf, "multipart/form-data; boundary=x", Placeholders()) is pdf


def test_request_hook_on_a_vcr_request() -> None:
    before_request, _ = make_hooks(Placeholders(), {51111: FIXED_PORT})
    request = Request(
        "POST",
        "http://127.0.0.1:51111/v1/oauth/token",
        b"grant_type=refresh_token&refresh_token=" + REFRESH.encode() + b"&client_secret=shh",
        {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/x-www-form-urlencoded"},
    )
    scrubbed = before_request(request)
    assert scrubbed.uri == f"http://127.0.0.1:{FIXED_PORT}/v1/oauth/token"
    assert scrubbed.body == (
        b"grant_type=refresh_token&refresh_token=REDACTED-1&client_secret=REDACTED-2"
    )
    assert scrubbed.headers["Authorization"] == "Bearer REDACTED-3"


def test_response_hook_scrubs_a_copy_and_fixes_content_length() -> None:
    _, before_response = make_hooks(Placeholders())
    body = json.dumps({"access_token": TOKEN, "refresh_token": REFRESH}).encode()
    response = {
        "status": {"code": 200, "message": "OK"},
        "headers": {"content-type": ["application/json"], "content-length": [str(len(body))]},
        "body": {"string": body},
    }
    scrubbed = before_response(response)
    assert response["body"]["string"] == body  # the client's own response is left alone
    new_body = scrubbed["body"]["string"]
    assert json.loads(new_body) == {"access_token": "REDACTED-1", "refresh_token": "REDACTED-2"}
    assert scrubbed["headers"]["content-length"] == [str(len(new_body))]
    assert TOKEN.encode() not in new_body and REFRESH.encode() not in new_body


def test_response_hook_scrubs_storage_redirect() -> None:
    _, before_response = make_hooks(Placeholders(), {39999: FIXED_STORAGE_PORT})
    response = {
        "status": {"code": 302, "message": "Found"},
        "headers": {
            "Location": ["http://localhost:39999/_storage/abc.pdf?expires=1700000000&sig=f00d"]
        },
        "body": {"string": b""},
    }
    scrubbed = before_response(response)
    assert scrubbed["headers"]["Location"] == [
        f"http://localhost:{FIXED_STORAGE_PORT}/_storage/abc.pdf?expires=1700000000&sig=REDACTED-1"
    ]


def test_request_hook_drops_webhook_deliveries() -> None:
    before_request, _ = make_hooks(Placeholders())
    delivery = Request(
        "POST",
        "http://127.0.0.1:40000/hooks",
        b'{"type": "document.signed"}',
        {"X-Formify-Signature": "ab" * 32, "X-Formify-Timestamp": "1700000000"},
    )
    assert before_request(delivery) is None
    api_call = Request("GET", "http://127.0.0.1:40000/v1/docs", None, {"Accept": "*/*"})
    assert before_request(api_call) is not None


def test_a_multipart_boundary_is_fixed_so_two_recordings_write_the_same_bytes() -> None:
    def recorded(boundary: str) -> tuple[dict[str, Any], Any]:
        headers = {"Content-Type": [f"multipart/form-data; boundary={boundary}"]}
        body = (
            f"--{boundary}\r\nContent-Disposition: form-data; name=x\r\n\r\n1\r\n--{boundary}--\r\n"
        )
        return fixed_boundary(headers, body.encode())

    first, second = (
        recorded("c20d15fe1e4930065d9cb0044ac2fa57"),
        recorded("0b8e76ee3c7cda8c3f2c94deba54919e"),
    )
    assert first == second
    headers, body = first
    assert b"c20d15fe" not in body and len(body) == len(recorded("x" * 32)[1])
    assert headers["Content-Type"][0].startswith("multipart/form-data; boundary=formify-boundary-")
    assert fixed_boundary({"Content-Type": "application/json"}, b"{}") == (
        {"Content-Type": "application/json"},
        b"{}",
    )
