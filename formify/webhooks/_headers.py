"""Finding the signature headers in whatever a web framework hands over."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TypeAlias

from formify._exceptions import MalformedHeaderError, MissingHeaderError, ValidationError
from formify.webhooks._signature import SIGNATURE_HEADER, TIMESTAMP_HEADER

__all__ = ["Headers", "read_signature_headers"]

HeaderItem: TypeAlias = tuple[str | bytes, str | bytes]
# Flask's and Starlette's header objects, plain dicts, ASGI's raw (bytes, bytes) lists, ...
Headers: TypeAlias = Mapping[str, str] | Mapping[bytes, bytes] | Iterable[HeaderItem]


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
        if not isinstance(name, str | bytes):
            continue  # not a header name a server sends; none of ours (a framework's extra)
        official = wanted.get(_text(name).lower())
        if official is None:
            continue
        if not isinstance(value, str | bytes):
            raise MalformedHeaderError(f"{official} must be text, not {type(value).__name__}")
        if official in found:
            # Two values for one header: picking either would let a proxy choose for us.
            raise MalformedHeaderError(f"{official} appears more than once")
        found[official] = _text(value)
    for official in (TIMESTAMP_HEADER, SIGNATURE_HEADER):
        if official not in found:
            raise MissingHeaderError(f"{official} header is missing")
    return found[TIMESTAMP_HEADER], found[SIGNATURE_HEADER]
