"""`construct_event` raises only `FormifyError`s, even for a signed body nested too deeply for
the JSON decoder, or a header mapping with non-text keys (as some frameworks build)."""

from __future__ import annotations

import pytest

from formify.errors import FormifyError, MalformedHeaderError, WebhookPayloadError
from formify.webhooks import construct_event, sign

SECRET = "whsec_" + "k" * 32
BODY = b'{"event": {"eventId": "e1", "type": "document.completed", "date": "2025-01-01T00:00:00Z"}}'


def test_a_signed_deeply_nested_body_is_a_payload_error():
    body = b"[" * 100_000 + b"]" * 100_000
    with pytest.raises(WebhookPayloadError, match="nests too deeply"):
        construct_event(body, sign(body, SECRET), SECRET)


def test_a_non_text_header_name_is_ignored():
    event = construct_event(BODY, {1: "x", **sign(BODY, SECRET)}, SECRET)
    assert event.event_id == "e1"


def test_a_non_text_signature_header_value_is_malformed():
    headers = sign(BODY, SECRET)
    name = next(iter(headers))
    with pytest.raises(MalformedHeaderError, match="must be text"):
        construct_event(BODY, {**headers, name: 12345}, SECRET)


def test_payload_errors_are_formify_errors():
    assert issubclass(WebhookPayloadError, FormifyError)
