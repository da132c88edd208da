"""The typed view of a webhook delivery's JSON: `WebhookEvent`, `EventData`, `EventType`.

Parsing is deliberately forgiving where Formify may grow (an unknown event type is kept as a
plain string, unknown keys are kept in `raw`) and strict where a handler would otherwise act
on nothing (a missing `eventId`, `type` or `date` raises `WebhookPayloadError`).
"""

from __future__ import annotations

import enum
import json
import json.scanner
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import attrs

from formify._exceptions import WebhookPayloadError

if TYPE_CHECKING:
    from formify_api.models.document_webhook_event import DocumentWebhookEvent

__all__ = ["EventData", "EventType", "WebhookEvent", "parse_event"]


class EventType(enum.StrEnum):
    """The event types Formify documents; `event.type` is a plain str and compares equal."""

    DOCUMENT_CREATED = "document.created"
    DOCUMENT_OPENED = "document.opened"
    DOCUMENT_SIGNED = "document.signed"
    DOCUMENT_COMPLETED = "document.completed"
    DOCUMENT_REVOKED = "document.revoked"
    DOCUMENT_DELETED = "document.deleted"


@attrs.frozen
class EventData:
    """The ids an event is about; each is None when the delivery does not carry it."""

    document_id: str | None = None
    account_id: str | None = None
    user_id: str | None = None
    signee_id: str | None = None  # only document.signed carries it


@attrs.frozen
class WebhookEvent:
    """One verified webhook event.

    Deliveries can repeat and arrive out of order: deduplicate on `event_id` and order by
    `date`; re-fetch the document for its current state rather than trusting the event's order.
    """

    event_id: str
    type: str
    date: datetime
    data: EventData
    raw: Mapping[str, Any] = attrs.field(eq=False, repr=False)

    @property
    def is_known_type(self) -> bool:
        """Whether `type` is one of the documented `EventType` values."""
        return self.type in EventType._value2member_map_

    @property
    def model(self) -> DocumentWebhookEvent:
        """The same event as the generated low-level model, `DocumentWebhookEvent`.

        Built on access from `raw`, with `date` normalised to ISO 8601 so the lenient parse
        above carries over; an unknown `type` becomes a pseudo-member of the generated enum.
        Raises `WebhookPayloadError` if the body lacks a field the generated model requires.
        """
        from formify_api.models.document_webhook_event import DocumentWebhookEvent

        payload = dict(self.raw)
        payload["event"] = {**payload["event"], "date": self.date.isoformat()}
        try:
            return DocumentWebhookEvent.from_dict(payload)
        except KeyError as exc:
            raise WebhookPayloadError(
                f"the event lacks {exc.args[0]!r}, which DocumentWebhookEvent requires"
            ) from None
        except (TypeError, ValueError, AttributeError) as exc:
            raise WebhookPayloadError(
                f"the event does not fit DocumentWebhookEvent: {type(exc).__name__}"
            ) from None

    @classmethod
    def from_dict(cls, payload: Mapping[str, Any]) -> WebhookEvent:
        """Build an event from the delivery's decoded JSON (`{"event": {...}}`)."""
        # `type(x) is dict` first: what json.loads returns, and far cheaper than the ABC check
        if type(payload) is not dict and not isinstance(payload, Mapping):
            raise WebhookPayloadError("body must be a JSON object")
        event = payload.get("event")
        if type(event) is not dict and not isinstance(event, Mapping):
            raise WebhookPayloadError('body must hold an "event" object')
        data = event.get("data")
        if data is None:
            data = _NO_DATA
        elif type(data) is not dict and not isinstance(data, Mapping):
            raise WebhookPayloadError("event.data must be an object")
        return cls(
            _required_text(event, "eventId"),
            _required_text(event, "type"),
            _parse_date(event.get("date")),
            EventData(
                _optional_text(data, "documentId"),
                _optional_text(data, "accountId"),
                _optional_text(data, "userId"),
                _optional_text(data, "signeeId"),
            ),
            payload,
        )


_NO_DATA: Mapping[str, Any] = {}


def parse_event(raw_body: bytes) -> WebhookEvent:
    """Decode a delivery body into a `WebhookEvent`; `WebhookPayloadError` if it is not one."""
    try:
        try:
            # json.loads on bytes first sniffs the encoding; a delivery is UTF-8 JSON, and
            # decoding it ourselves is cheaper. Anything else JSON allows (UTF-16/32, a BOM)
            # takes the sniffing path, so what parses is unchanged.
            text = raw_body.decode("utf-8")
            payload, end = _scan(text, 0)
            if end != len(text):  # trailing whitespace (or not JSON): json's own checks
                payload = _decode(text)
        except (ValueError, StopIteration):  # UnicodeDecodeError; no JSON value at the start
            payload = json.loads(raw_body)
    except ValueError:
        raise WebhookPayloadError("body is not valid JSON") from None
    except RecursionError:  # json's C decoder recurses once per nesting level
        raise WebhookPayloadError("body nests too deeply to be an event") from None
    return WebhookEvent.from_dict(payload)


# what json.loads(str) calls, without its wrapper's checks (a str with a BOM fails here and
# is then read by json.loads(bytes), which accepts it)
_decoder = json.JSONDecoder()
_decode = _decoder.decode
# the value at the start of a str, and where it ends: what `decode` does inside, without its
# two whitespace matches when the body is one JSON value and nothing else (as Formify sends)
# (typeshed's stub wants another scanner as the context; the decoder is what json passes)
_scan: Callable[[str, int], tuple[Any, int]] = json.scanner.make_scanner(_decoder)  # type: ignore[arg-type]


def _required_text(event: Mapping[str, Any], key: str) -> str:
    value = event.get(key)
    if type(value) is str and value:
        return value
    if not isinstance(value, str) or not value:
        raise WebhookPayloadError(f"event.{key} must be a non-empty string")
    return value


def _optional_text(data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is None or type(value) is str or isinstance(value, str):
        return value
    # Ids are strings in the reference; accept numbers rather than drop a real delivery.
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise WebhookPayloadError(f"event.data.{key} must be a string")


def _parse_date(value: object) -> datetime:
    if not isinstance(value, str) or not value.strip():
        raise WebhookPayloadError("event.date must be a non-empty date-time string")
    text = value.strip()
    try:
        # The C parser reads the documented form (`2024-10-25T14:23:55Z`) ~20x faster;
        # dateutil takes whatever else a sender might produce.
        parsed = datetime.fromisoformat(text)
    except ValueError:
        from dateutil import parser as date_parser  # only for unusual dates: it imports slowly

        try:
            parsed = date_parser.parse(text)
        except (ValueError, OverflowError):
            raise WebhookPayloadError("event.date is not a recognisable date-time") from None
    # The reference's dates are UTC ("...Z"); a date without an offset is read as UTC too.
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed
