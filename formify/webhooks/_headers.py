"""Finding the signature headers in whatever a web framework hands over."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeAlias

from formify._exceptions import MalformedHeaderError, MissingHeaderError, ValidationError
from formify.webhooks._signature import SIGNATURE_HEADER, TIMESTAMP_HEADER

__all__ = ["Headers", "read_signature_headers"]

HeaderItem: TypeAlias = tuple[str | bytes, str | bytes]
# Flask's and Starlette's header objects, plain dicts, ASGI's raw (bytes, bytes) lists, ...
Headers: TypeAlias = Mapping[str, str] | Mapping[bytes, bytes] | Iterable[HeaderItem]


# Lower-cased names (str and bytes, as frameworks hand them over) -> the official name; built
# once, so each header costs one .lower() and one dict lookup.
_WANTED: dict[str | bytes, str] = {
    **{name.lower(): name for name in (TIMESTAMP_HEADER, SIGNATURE_HEADER)},
    **{name.lower().encode("ascii"): name for name in (TIMESTAMP_HEADER, SIGNATURE_HEADER)},
}
_NOT_HEADERS = "must be a mapping or a list of (name, value) pairs"


def _text(value: str | bytes) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else value


_ABSENT: Any = object()


def read_signature_headers(headers: Headers) -> tuple[str, str]:
    """Find the timestamp and signature headers, matching names case-insensitively."""
    items = getattr(headers, "items", None)
    pairs: Any = items() if callable(items) else headers
    timestamp = signature = _ABSENT
    try:
        for name, value in pairs:
            try:
                official = _WANTED.get(name.lower())
            except AttributeError:  # not a header name a server sends (a framework's extra)
                continue
            if official is None:
                continue
            if type(value) is not str and not isinstance(value, str | bytes):
                raise MalformedHeaderError(f"{official} must be text, not {type(value).__name__}")
            if official is TIMESTAMP_HEADER:
                if timestamp is not _ABSENT:
                    # Two values for one header: picking either would let a proxy choose for us.
                    raise MalformedHeaderError(f"{official} appears more than once")
                timestamp = value
            else:
                if signature is not _ABSENT:
                    raise MalformedHeaderError(f"{official} appears more than once")
                signature = value
    except (TypeError, ValueError) as exc:
        if isinstance(exc, ValidationError):
            raise
        raise ValidationError("headers", _NOT_HEADERS) from None
    if timestamp is _ABSENT:
        raise MissingHeaderError(f"{TIMESTAMP_HEADER} header is missing")
    if signature is _ABSENT:
        raise MissingHeaderError(f"{SIGNATURE_HEADER} header is missing")
    if type(timestamp) is str and type(signature) is str:  # a dict's or Starlette's values
        return timestamp, signature
    return _text(timestamp), _text(signature)
