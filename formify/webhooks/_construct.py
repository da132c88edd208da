"""`construct_event`: verify a delivery's signature, then parse its body — in that order."""

from __future__ import annotations

from datetime import datetime

from formify.webhooks._event import WebhookEvent, parse_event
from formify.webhooks._headers import Headers, read_signature_headers
from formify.webhooks._signature import (
    DEFAULT_TOLERANCE,
    Body,
    Secret,
    body_bytes,
    secret_keys,
    verify_keyed,
)

__all__ = ["construct_event"]


def construct_event(
    raw_body: Body,
    headers: Headers,
    secret: Secret,
    tolerance: float = DEFAULT_TOLERANCE,
    *,
    now: float | datetime | None = None,
) -> WebhookEvent:
    """Verify a delivery and return its `WebhookEvent`.

    Pass the body exactly as received (bytes, before any JSON decoding) and the request's
    headers (any mapping or list of pairs). Raises a `WebhookVerificationError` subclass when
    the delivery is not authentic, and `WebhookPayloadError` when it is authentic but its body
    is not the documented event JSON; nothing is parsed before the signature checks out.
    """
    # The secret, the body, the headers, then the signature: each checked once, in that order
    # (a usage error is reported as such, whatever the headers say).
    keys = secret_keys(secret)
    body = raw_body if type(raw_body) is bytes else body_bytes(raw_body)
    timestamp, signature = read_signature_headers(headers)
    verify_keyed(body, keys, timestamp, signature, tolerance, now)
    return parse_event(body)
