"""Verify and parse Formify webhook deliveries; sign payloads for tests and emulators.

```python
from formify import webhooks

event = webhooks.construct_event(raw_body, request.headers, secret)
```

Verify first, then parse: `construct_event` checks the signature over the raw bytes before it
reads any JSON. Deliveries may arrive late, more than once and out of order; see
`ProcessedEvents` for duplicates, and order events by `event.date`, never by arrival.
"""

from formify._exceptions import (
    MalformedHeaderError,
    MissingHeaderError,
    SignatureMismatchError,
    TimestampOutOfToleranceError,
    WebhookVerificationError,
)
from formify.webhooks._signature import (
    DEFAULT_TOLERANCE,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    sign,
    verify_signature,
)

__all__ = [
    "DEFAULT_TOLERANCE",
    "SIGNATURE_HEADER",
    "TIMESTAMP_HEADER",
    "MalformedHeaderError",
    "MissingHeaderError",
    "SignatureMismatchError",
    "TimestampOutOfToleranceError",
    "WebhookVerificationError",
    "sign",
    "verify_signature",
]
