"""Verify and parse Formify webhook deliveries; sign payloads for tests and emulators.

```python
from formify import webhooks

event = webhooks.construct_event(raw_body, request.headers, secret)  # verify, then parse
if processed.begin(event.event_id) is webhooks.Delivery.NEW:         # a ProcessedEvents
    handle(event)
    processed.finish(event.event_id)
```

Deliveries may arrive late, more than once and out of order: deduplicate on `event_id`
(`ProcessedEvents`), order by `event.date` rather than arrival, and re-fetch the document
for its current state.
"""

from formify._exceptions import (
    MalformedHeaderError,
    MissingHeaderError,
    SignatureMismatchError,
    TimestampOutOfToleranceError,
    WebhookPayloadError,
    WebhookVerificationError,
)
from formify.webhooks._construct import construct_event
from formify.webhooks._dedupe import (
    DEFAULT_LEASE,
    DEFAULT_TTL,
    Delivery,
    EventIdStore,
    MemoryEventIdStore,
    ProcessedEvents,
)
from formify.webhooks._event import EventData, EventType, WebhookEvent
from formify.webhooks._signature import (
    DEFAULT_TOLERANCE,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    sign,
    verify_signature,
)

__all__ = [
    "DEFAULT_LEASE",
    "DEFAULT_TOLERANCE",
    "DEFAULT_TTL",
    "SIGNATURE_HEADER",
    "TIMESTAMP_HEADER",
    "Delivery",
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
]
