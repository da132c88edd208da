"""Request-body matching for replay: a changed body (a field dropped, a value renamed) fails.

Bodies are compared by meaning, not bytes: JSON as parsed values, forms as their pairs,
multipart with the random boundary taken out. Placeholders compare equal to each other, since
their numbers depend on the order secrets were first seen, and a replayed request carries
whatever placeholder the replayed answer handed it.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qsl

_PLACEHOLDER_RE = re.compile(r"(whsec_)?REDACTED(-\d+)?")
_BOUNDARY_RE = re.compile(r"boundary=\"?([^\";]+)\"?")


def _placeholders_alike(text: str) -> str:
    return _PLACEHOLDER_RE.sub(lambda m: (m.group(1) or "") + "REDACTED", text)


def _header(request: Any, name: str) -> str:
    for key, value in request.headers.items():
        if key.lower() == name:
            return str(value[0] if isinstance(value, list) and value else value)
    return ""


def _raw(request: Any) -> bytes:
    body = request.body
    if body is None:
        return b""
    if isinstance(body, str):
        return body.encode("utf-8")
    if hasattr(body, "read"):  # vcrpy hands file bodies back as BytesIO
        return bytes(body.read())
    return bytes(body)


def comparable_body(request: Any) -> tuple[str, Any]:
    """(media type, a value that is equal for two bodies that mean the same)."""
    content_type = _header(request, "content-type")
    media = content_type.split(";")[0].strip().lower()
    raw = _raw(request)
    if media.startswith("multipart/"):
        boundary = _BOUNDARY_RE.search(content_type)
        if boundary:
            raw = raw.replace(boundary.group(1).encode("latin-1"), b"BOUNDARY")
        return media, _placeholders_alike(raw.decode("latin-1"))
    text = _placeholders_alike(raw.decode("utf-8", errors="replace"))
    if media.endswith("json") and text:
        try:
            return media, json.loads(text)
        except ValueError:
            return media, text
    if media.endswith("x-www-form-urlencoded"):
        return media, sorted(parse_qsl(text, keep_blank_values=True))
    return media, text


def body_matcher(recorded: Any, replayed: Any) -> None:
    """vcrpy matcher: assert that two requests' bodies mean the same."""
    left, right = comparable_body(recorded), comparable_body(replayed)
    assert left == right, f"request bodies differ: {left!r:.200} != {right!r:.200}"
