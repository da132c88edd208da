"""Tests for `WebhookEvent` parsing and `construct_event` (verify, then parse)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from formify_api.models.document_webhook_event import DocumentWebhookEvent

from formify import webhooks
from formify._exceptions import (
    MissingHeaderError,
    SignatureMismatchError,
    TimestampOutOfToleranceError,
    ValidationError,
    WebhookPayloadError,
    WebhookVerificationError,
)
from formify.webhooks import EventType, WebhookEvent

SECRET = "whsec_event_tests_5b6c"
NOW = 1_732_000_000


def payload(**event: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "eventId": "123e4567-e89b-12d3-a456-426614174000",
        "type": "document.signed",
        "date": "2024-10-25T14:23:55Z",
        "data": {
            "documentId": "789e4567-e89b-12d3-a456-426614174111",
            "accountId": "456e4567-e89b-12d3-a456-426614174222",
            "userId": "123e4567-e89b-12d3-a456-426614174333",
            "signeeId": "789e4567-e89b-12d3-a456-426614174555",
        },
    }
    base.update(event)
    return {"event": base}


def deliver(body: bytes, secret: str = SECRET, **kwargs: Any) -> WebhookEvent:
    headers = webhooks.sign(body, secret, timestamp=NOW)
    return webhooks.construct_event(body, headers, SECRET, now=NOW, **kwargs)


def test_signed_event_from_the_reference_parses_to_snake_case() -> None:
    event = deliver(json.dumps(payload()).encode())
    assert event.event_id == "123e4567-e89b-12d3-a456-426614174000"
    assert event.type == "document.signed" == EventType.DOCUMENT_SIGNED
    assert event.is_known_type
    assert event.date == datetime(2024, 10, 25, 14, 23, 55, tzinfo=UTC)
    assert event.data.document_id == "789e4567-e89b-12d3-a456-426614174111"
    assert event.data.account_id == "456e4567-e89b-12d3-a456-426614174222"
    assert event.data.user_id == "123e4567-e89b-12d3-a456-426614174333"
    assert event.data.signee_id == "789e4567-e89b-12d3-a456-426614174555"
    assert event.raw == payload()


def test_general_event_has_no_signee() -> None:
    body = payload(type="document.created")
    del body["event"]["data"]["signeeId"]
    event = WebhookEvent.from_dict(body)
    assert event.type == EventType.DOCUMENT_CREATED
    assert event.data.signee_id is None


def test_every_documented_type_is_an_event_type() -> None:
    assert {t.value for t in EventType} == {
        "document.created",
        "document.opened",
        "document.signed",
        "document.completed",
        "document.revoked",
        "document.deleted",
    }


def test_event_types_are_the_specs_webhook_event_types() -> None:
    # the public enum is written out (documented order, docstrings); the spec must agree
    from formify_api.models.webhook_event_type import WebhookEventType

    assert {t.value for t in EventType} == {t.value for t in WebhookEventType}


def test_unknown_type_is_kept_as_a_string() -> None:
    event = WebhookEvent.from_dict(payload(type="settings.changed"))
    assert event.type == "settings.changed"
    assert type(event.type) is str
    assert not event.is_known_type


def test_unknown_keys_are_kept_in_raw() -> None:
    body = payload(extra={"x": 1})
    body["event"]["data"]["templateId"] = "t-1"
    event = WebhookEvent.from_dict(body)
    assert event.raw["event"]["extra"] == {"x": 1}
    assert event.raw["event"]["data"]["templateId"] == "t-1"


@pytest.mark.parametrize(
    "text,expected",
    [
        ("2024-10-25T14:23:55Z", datetime(2024, 10, 25, 14, 23, 55, tzinfo=UTC)),
        ("2024-10-25T14:23:55.123Z", datetime(2024, 10, 25, 14, 23, 55, 123000, tzinfo=UTC)),
        ("2024-10-25T16:23:55+02:00", datetime(2024, 10, 25, 14, 23, 55, tzinfo=UTC)),
        ("2024-10-25T14:23:55", datetime(2024, 10, 25, 14, 23, 55, tzinfo=UTC)),  # naive -> UTC
        ("2024-10-25 14:23:55", datetime(2024, 10, 25, 14, 23, 55, tzinfo=UTC)),
        ("Fri, 25 Oct 2024 14:23:55 GMT", datetime(2024, 10, 25, 14, 23, 55, tzinfo=UTC)),
    ],
)
def test_dates_parse_leniently_and_are_aware(text: str, expected: datetime) -> None:
    event = WebhookEvent.from_dict(payload(date=text))
    assert event.date.tzinfo is not None
    assert event.date == expected


def test_offset_is_preserved() -> None:
    event = WebhookEvent.from_dict(payload(date="2024-10-25T16:23:55+02:00"))
    assert event.date.utcoffset() == timedelta(hours=2)
    assert event.date.tzinfo != UTC or event.date.utcoffset() == timedelta(0)


def test_events_are_frozen_and_compare_by_value() -> None:
    a = WebhookEvent.from_dict(payload())
    b = WebhookEvent.from_dict(payload())
    assert a == b
    with pytest.raises(AttributeError):
        a.type = "x"  # type: ignore[misc]


@pytest.mark.parametrize(
    "body,field",
    [
        (b"not json", "JSON"),
        (b"\xff\xfe\x00garbage", "JSON"),
        (b"[]", "object"),
        (b'{"eventId": "x"}', '"event"'),
        (json.dumps(payload(eventId="")).encode(), "eventId"),
        (json.dumps(payload(eventId=5)).encode(), "eventId"),
        (json.dumps(payload(type=None)).encode(), "type"),
        (json.dumps(payload(date="yesterday-ish")).encode(), "date"),
        (json.dumps(payload(date=None)).encode(), "date"),
        (json.dumps(payload(data=[1])).encode(), "data"),
        (json.dumps(payload(data={"documentId": {"a": 1}})).encode(), "documentId"),
    ],
)
def test_verified_but_undocumented_body_raises_payload_error(body: bytes, field: str) -> None:
    with pytest.raises(WebhookPayloadError, match=field) as info:
        deliver(body)
    assert isinstance(info.value, ValueError)
    assert not isinstance(info.value, WebhookVerificationError)  # a receiver must not 401 it


def test_verification_happens_before_parsing() -> None:
    # garbage with a bad signature is a verification error, not a payload error
    headers = webhooks.sign(b"other", SECRET, timestamp=NOW)
    with pytest.raises(SignatureMismatchError):
        webhooks.construct_event(b"not json", headers, SECRET, now=NOW)


def test_construct_event_checks_tolerance() -> None:
    body = json.dumps(payload()).encode()
    headers = webhooks.sign(body, SECRET, timestamp=NOW - 301)
    with pytest.raises(TimestampOutOfToleranceError):
        webhooks.construct_event(body, headers, SECRET, now=NOW)
    assert webhooks.construct_event(body, headers, SECRET, 400, now=NOW).event_id


def test_construct_event_with_default_clock_and_tolerance() -> None:
    body = json.dumps(payload()).encode()
    event = webhooks.construct_event(body, webhooks.sign(body, SECRET), SECRET)
    assert event.type == "document.signed"


def test_construct_event_missing_headers() -> None:
    with pytest.raises(MissingHeaderError):
        webhooks.construct_event(b"{}", {}, SECRET)


def test_construct_event_rotation_list() -> None:
    body = json.dumps(payload()).encode()
    headers = webhooks.sign(body, SECRET, timestamp=NOW)
    event = webhooks.construct_event(body, headers, ["whsec_new", SECRET], now=NOW)
    assert event.event_id


def test_bad_secret_is_usage_error_even_without_headers() -> None:
    with pytest.raises(ValidationError) as info:
        webhooks.construct_event(b"{}", {}, [])
    assert info.value.field == "secret"


def test_model_is_the_generated_document_webhook_event() -> None:
    event = WebhookEvent.from_dict(payload())
    model = event.model
    assert isinstance(model, DocumentWebhookEvent)
    assert model.event.event_id == event.event_id
    assert model.event.type_ == "document.signed"
    assert model.to_dict()["event"]["data"] == payload()["event"]["data"]


def test_model_keeps_unknown_types_and_lenient_dates() -> None:
    event = WebhookEvent.from_dict(
        payload(type="settings.changed", date="Fri, 25 Oct 2024 14:23:55 GMT")
    )
    model = event.model
    assert model.event.type_ == "settings.changed"
    assert model.event.date == event.date
    assert model.event.data.signee_id == event.data.signee_id


def test_model_missing_required_field_is_a_payload_error() -> None:
    body = payload()
    del body["event"]["data"]["accountId"]
    event = WebhookEvent.from_dict(body)  # the snake_case view is lenient
    assert event.data.account_id is None
    with pytest.raises(WebhookPayloadError, match="accountId"):
        _ = event.model


def test_public_names_are_exactly_the_documented_surface() -> None:
    # "@py..." names: pytest rewrites asserts in the formify package (it ships a pytest plugin)
    public = {name for name in dir(webhooks) if not name.startswith(("_", "@"))}
    expected = {
        "DEFAULT_LEASE",
        "DEFAULT_TOLERANCE",
        "DEFAULT_TTL",
        "Delivery",
        "SIGNATURE_HEADER",
        "TIMESTAMP_HEADER",
        "EventData",
        "EventIdStore",
        "EventType",
        "MalformedHeaderError",
        "MemoryEventIdStore",
        "MissingHeaderError",
        "ProcessedEvents",
        "SignatureMismatchError",
        "TimestampOutOfToleranceError",
        "WebhookEvent",
        "WebhookPayloadError",
        "WebhookVerificationError",
        "construct_event",
        "sign",
        "verify_signature",
    }
    assert set(webhooks.__all__) == expected
    assert public == expected


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-32"])
def test_a_body_in_another_json_encoding_still_parses(encoding: str) -> None:
    """UTF-8 is decoded directly (the fast path); what json.loads(bytes) sniffs still parses."""
    body = json.dumps(payload(), ensure_ascii=False).encode(encoding)
    assert deliver(body).event_id == "123e4567-e89b-12d3-a456-426614174000"


def test_a_non_ascii_utf8_body_parses_on_the_fast_path() -> None:
    body = json.dumps(payload(type="document.signé"), ensure_ascii=False).encode()
    assert deliver(body).type == "document.signé"


@pytest.mark.parametrize("name", [5, None, 1.5])
def test_a_header_name_that_is_not_text_is_skipped(name: object) -> None:
    body = json.dumps(payload()).encode()
    headers: list[Any] = [*webhooks.sign(body, SECRET, timestamp=NOW).items(), (name, "x")]
    assert webhooks.construct_event(body, headers, SECRET, now=NOW).type == "document.signed"


def test_a_signature_header_value_that_is_not_text_is_malformed() -> None:
    body = json.dumps(payload()).encode()
    headers: list[Any] = [*webhooks.sign(body, SECRET, timestamp=NOW).items()]
    headers[1] = (headers[1][0], 12345)
    with pytest.raises(webhooks.MalformedHeaderError, match="must be text"):
        webhooks.construct_event(body, headers, SECRET, now=NOW)


def test_a_body_nested_too_deeply_is_a_payload_error() -> None:
    body = b"[" * 100_000 + b"]" * 100_000
    with pytest.raises(WebhookPayloadError):
        deliver(body)


def test_header_values_that_are_bytes_or_mixed_case_names_are_found() -> None:
    body = json.dumps(payload()).encode()
    signed = webhooks.sign(body, SECRET, timestamp=NOW)
    raw = [(k.upper().encode(), v.encode()) for k, v in signed.items()]
    assert webhooks.construct_event(body, raw, SECRET, now=NOW).type == "document.signed"


@pytest.mark.parametrize(
    "wrap",
    [
        lambda text: f"  {text}\n",  # whitespace around the value: json's own path
        lambda text: f"\t{text}",
    ],
)
def test_a_body_with_whitespace_around_it_parses(wrap: Any) -> None:
    body = wrap(json.dumps(payload())).encode()
    assert deliver(body).event_id == "123e4567-e89b-12d3-a456-426614174000"


@pytest.mark.parametrize("tail", [b" x", b"{}", b"]", b'"'])
def test_a_body_with_anything_after_the_event_is_not_json(tail: bytes) -> None:
    with pytest.raises(WebhookPayloadError, match="JSON"):
        deliver(json.dumps(payload()).encode() + tail)
