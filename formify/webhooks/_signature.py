"""Signing and verifying webhook deliveries: HMAC-SHA256 over `{timestamp}.{raw_body}`.

Formify sends two headers with each delivery: `X-Formify-Timestamp` (Unix seconds) and
`X-Formify-Signature`, the lowercase hex HMAC-SHA256 of the timestamp, a dot and the raw body,
keyed with the webhook's whole signing secret (`whsec_...`, UTF-8, prefix included).

Error messages say which check failed and never contain the secret or either signature.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import time
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import TypeAlias

from formify._exceptions import (
    MalformedHeaderError,
    MissingHeaderError,
    SignatureMismatchError,
    TimestampOutOfToleranceError,
    ValidationError,
)

__all__ = [
    "DEFAULT_TOLERANCE",
    "SIGNATURE_HEADER",
    "TIMESTAMP_HEADER",
    "Body",
    "Headers",
    "Secret",
    "body_bytes",
    "read_signature_headers",
    "secret_keys",
    "sign",
    "verify_signature",
]

TIMESTAMP_HEADER = "X-Formify-Timestamp"
SIGNATURE_HEADER = "X-Formify-Signature"
DEFAULT_TOLERANCE = 300

Body: TypeAlias = bytes | bytearray | memoryview | str
Secret: TypeAlias = str | Sequence[str]
HeaderItem: TypeAlias = tuple[str | bytes, str | bytes]
Headers: TypeAlias = Mapping[str, str] | Mapping[bytes, bytes] | Iterable[HeaderItem]

# Signature header: exactly what Formify documents (lowercase hex SHA-256), nothing looser,
# so a mangled header is reported as malformed rather than as a mismatch.
_SIGNATURE = re.compile(r"[0-9a-f]{64}")
_TIMESTAMP = re.compile(r"[0-9]{1,15}")


def body_bytes(raw_body: Body) -> bytes:
    if isinstance(raw_body, bytes):
        return raw_body
    if isinstance(raw_body, str):
        return raw_body.encode("utf-8")
    if isinstance(raw_body, bytearray | memoryview):
        return bytes(raw_body)
    raise ValidationError("raw_body", "must be the raw request body as bytes (or str)")


def secret_keys(secret: Secret) -> tuple[bytes, ...]:
    secrets = (secret,) if isinstance(secret, str) else secret
    if not isinstance(secrets, list | tuple):
        raise ValidationError("secret", "must be a string or a list/tuple of strings")
    if not secrets:
        raise ValidationError("secret", "must name at least one signing secret")
    keys = []
    for one in secrets:
        if not isinstance(one, str):
            raise ValidationError("secret", "every secret must be a string")
        if not one:
            raise ValidationError("secret", "must not be empty")
        keys.append(one.encode("utf-8"))
    return tuple(keys)


def _digest(key: bytes, timestamp: bytes, body: bytes) -> bytes:
    # hmac.digest is the one-shot C path: about twice as fast as hmac.new(...).hexdigest().
    return hmac.digest(key, timestamp + b"." + body, hashlib.sha256)


def sign(raw_body: Body, secret: str, timestamp: int | None = None) -> dict[str, str]:
    """Return the signature headers Formify would send with `raw_body`.

    For tests, emulators and replaying deliveries. `timestamp` defaults to now (Unix seconds).
    """
    if not isinstance(secret, str):
        raise ValidationError("secret", "must be a string")
    (key,) = secret_keys(secret)
    if timestamp is None:
        timestamp = int(time.time())
    elif isinstance(timestamp, bool) or not isinstance(timestamp, int) or timestamp < 0:
        raise ValidationError("timestamp", "must be a non-negative integer (Unix seconds)")
    stamp = str(timestamp)
    signature = _digest(key, stamp.encode("ascii"), body_bytes(raw_body)).hex()
    return {TIMESTAMP_HEADER: stamp, SIGNATURE_HEADER: signature}


def _now_seconds(now: float | datetime | None) -> float:
    if now is None:
        return time.time()
    if isinstance(now, datetime):
        if now.tzinfo is None:
            raise ValidationError("now", "must be timezone-aware")
        return now.timestamp()
    if isinstance(now, int | float) and not isinstance(now, bool):
        return float(now)
    raise ValidationError("now", "must be Unix seconds or an aware datetime")


def _parse_timestamp(timestamp: str | int) -> tuple[int, bytes]:
    """Return the timestamp as a number and as the exact bytes that were signed."""
    if isinstance(timestamp, int) and not isinstance(timestamp, bool):
        text = str(timestamp)
    elif isinstance(timestamp, str):
        # The signed text is the header as sent (leading zeros included), so keep it verbatim.
        text = timestamp.strip()
    else:
        raise MalformedHeaderError(f"{TIMESTAMP_HEADER} must be a string of Unix seconds")
    if not _TIMESTAMP.fullmatch(text):
        raise MalformedHeaderError(
            f"{TIMESTAMP_HEADER} is not a non-negative integer number of Unix seconds"
        )
    return int(text), text.encode("ascii")


def _parse_signature(signature: str) -> bytes:
    if not isinstance(signature, str):
        raise MalformedHeaderError(f"{SIGNATURE_HEADER} must be a string")
    text = signature.strip()
    if not _SIGNATURE.fullmatch(text):
        raise MalformedHeaderError(
            f"{SIGNATURE_HEADER} is not 64 lowercase hexadecimal characters (HMAC-SHA256)"
        )
    return bytes.fromhex(text)


def verify_signature(
    raw_body: Body,
    *,
    timestamp: str | int,
    signature: str,
    secret: Secret,
    tolerance: float = DEFAULT_TOLERANCE,
    now: float | datetime | None = None,
) -> None:
    """Check a delivery's signature and timestamp; raise `WebhookVerificationError` if bad.

    `secret` may be a list of secrets (old and new during a rotation): any one verifies.
    `tolerance` is the largest accepted distance, in seconds, between `timestamp` and `now`.
    """
    keys = secret_keys(secret)
    body = body_bytes(raw_body)
    if isinstance(tolerance, bool) or not isinstance(tolerance, int | float) or tolerance < 0:
        raise ValidationError("tolerance", "must be a non-negative number of seconds")
    sent_at, stamp = _parse_timestamp(timestamp)
    received = _parse_signature(signature)
    # Timestamp before HMAC: cheap, and a replayed body is refused whatever its signature.
    skew = _now_seconds(now) - sent_at
    if skew > tolerance:
        raise TimestampOutOfToleranceError(
            f"{TIMESTAMP_HEADER} is {skew:.0f} s in the past, beyond the {tolerance:g} s tolerance"
        )
    if -skew > tolerance:
        raise TimestampOutOfToleranceError(
            f"{TIMESTAMP_HEADER} is {-skew:.0f} s in the future, beyond the {tolerance:g} s "
            "tolerance"
        )
    matched = False
    for key in keys:
        # No early exit: the time taken must not reveal which secret (if any) matched.
        matched |= hmac.compare_digest(_digest(key, stamp, body), received)
    if not matched:
        count = "the secret" if len(keys) == 1 else f"any of the {len(keys)} secrets"
        raise SignatureMismatchError(
            f"{SIGNATURE_HEADER} does not match the body and timestamp under {count}"
        )


def _text(value: str | bytes) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else value


def _header_items(headers: Headers) -> Iterable[tuple[str | bytes, str | bytes]]:
    items = getattr(headers, "items", None)
    if callable(items):
        return items()  # type: ignore[no-any-return]
    return headers  # type: ignore[return-value]


def read_signature_headers(headers: Headers) -> tuple[str, str]:
    """Find the timestamp and signature headers, matching names case-insensitively."""
    wanted = {
        TIMESTAMP_HEADER.lower(): TIMESTAMP_HEADER,
        SIGNATURE_HEADER.lower(): SIGNATURE_HEADER,
    }
    found: dict[str, str] = {}
    try:
        pairs = list(_header_items(headers))
    except TypeError:
        raise ValidationError(
            "headers", "must be a mapping or a list of (name, value) pairs"
        ) from None
    for pair in pairs:
        try:
            name, value = pair
        except (TypeError, ValueError):
            raise ValidationError(
                "headers", "must be a mapping or a list of (name, value) pairs"
            ) from None
        official = wanted.get(_text(name).lower())
        if official is None:
            continue
        if official in found:
            # Two values for one header: picking either would let a proxy choose for us.
            raise MalformedHeaderError(f"{official} appears more than once")
        found[official] = _text(value)
    for official in (TIMESTAMP_HEADER, SIGNATURE_HEADER):
        if official not in found:
            raise MissingHeaderError(f"{official} header is missing")
    return found[TIMESTAMP_HEADER], found[SIGNATURE_HEADER]
