"""What is scrubbed from an HTTP exchange before it is written to a cassette, as pure functions.

Every secret (bearer tokens, OAuth codes, client secrets, refresh tokens, `whsec_` signing
secrets, storage URL signatures, webhook signatures) is replaced with a placeholder. The
placeholders are numbered per cassette (`REDACTED-1`, `REDACTED-2`, ...) so that a test can
still see that two values were equal or different (a refreshed token differs from the old one),
without the value itself. The emulator's loopback ports are rewritten to fixed ones, so a cassette
does not depend on the free ports the emulator happened to get while recording.

The same request hook runs on live requests during replay (vcrpy filters a request before it
matches it), so every function leaves a placeholder unchanged.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

PLACEHOLDER = "REDACTED"
WHSEC = "whsec_"
# The ports recorded loopback URLs are rewritten to (the emulator's API, its storage host);
# replay builds its clients on the first.
FIXED_PORT = 8765
FIXED_STORAGE_PORT = 8766
# Credentials the recording emulator is started with: fixed, so the secret scan can look for
# them by value (the scrubbing must have replaced every one).
RECORDING_ACCESS_TOKEN = "emu-recording-access-token-4bd1e0c7"
RECORDING_CLIENT_ID = "regression-client"
RECORDING_CLIENT_SECRET = "emu-recording-client-secret-93f2a6d5"

Ports = Mapping[int, int]
NO_PORTS: Ports = {}

Redact = Callable[[str], str]

_PLACEHOLDER_RE = re.compile(rf"(?:{WHSEC})?{PLACEHOLDER}(?:-\d+)?")
_LOOPBACK_RE = re.compile(r"(?<![\w.])(127\.0\.0\.1|localhost|\[::1\]):(\d+)\b")
# An RFC 6750 b64token, not an auth-param such as `Bearer error="invalid_token"`.
_BEARER_RE = re.compile(r"(?i)\b(bearer)(\s+)(?![\w.~+-]+=\")([A-Za-z0-9._~+/-]+=*)")
_WHSEC_RE = re.compile(rf"{WHSEC}[A-Za-z0-9+/=_-]+")

# Headers whose whole value is a credential (Authorization keeps its scheme).
SECRET_HEADERS = frozenset(
    {
        "authorization",
        "proxy-authorization",
        "cookie",
        "set-cookie",
        "x-formify-signature",
        "x-api-key",
    }
)
# Headers that carry a URL whose query may hold a code or a signature.
URL_HEADERS = frozenset({"location", "content-location", "referer"})
# Form fields and query parameters that are secrets wherever they appear.
SECRET_PARAMS = frozenset(
    {
        "access_token",
        "refresh_token",
        "client_secret",
        "code",
        "token",
        "id_token",
        "password",
        "sig",
        "signature",
    }
)
# JSON members that are secrets ("code" is not one: error bodies use it for an error code).
SECRET_JSON_KEYS = frozenset(
    {
        "access_token",
        "refresh_token",
        "client_secret",
        "token",
        "id_token",
        "password",
        "accesstoken",
        "refreshtoken",
        "clientsecret",
        "signingsecret",
        "secret",
    }
)
# Query parameters of pre-signed storage URLs (ours and S3/GCS style).
_SIGNATURE_PARAM_PARTS = ("signature", "credential", "security-token", "secret")


def is_placeholder(value: str) -> bool:
    """Whether `value` is already a placeholder (scrubbing must be idempotent)."""
    return _PLACEHOLDER_RE.fullmatch(value) is not None


class Placeholders:
    """Stands a numbered placeholder in for each distinct secret of one cassette."""

    def __init__(self) -> None:
        self._by_secret: dict[str, str] = {}

    def __call__(self, secret: str) -> str:
        """Return the placeholder for `secret`, the same one every time it is seen."""
        if not secret or is_placeholder(secret):
            return secret
        known = self._by_secret.get(secret)
        if known is None:
            prefix = WHSEC if secret.startswith(WHSEC) else ""
            known = f"{prefix}{PLACEHOLDER}-{len(self._by_secret) + 1}"
            self._by_secret[secret] = known
        return known

    def secrets(self) -> list[str]:
        """Every secret replaced so far (to check that none reached the cassette file)."""
        return list(self._by_secret)


def is_secret_param(name: str) -> bool:
    """Whether a query parameter or form field named `name` holds a secret."""
    lowered = name.lower()
    return lowered in SECRET_PARAMS or any(part in lowered for part in _SIGNATURE_PARAM_PARTS)


def normalise_loopback(text: str, ports: Ports = NO_PORTS) -> str:
    """Rewrite `127.0.0.1:<p>` / `localhost:<p>` / `[::1]:<p>` to `ports[p]` for each known p."""
    if not ports:
        return text

    def fixed(match: re.Match[str]) -> str:
        port = int(match.group(2))
        return f"{match.group(1)}:{ports.get(port, port)}"

    return _LOOPBACK_RE.sub(fixed, text)


def scrub_text(text: str, redact: Redact) -> str:
    """Replace `Bearer <token>` and `whsec_...` anywhere in free text."""
    text = _BEARER_RE.sub(lambda m: f"{m.group(1)}{m.group(2)}{redact(m.group(3))}", text)
    return _WHSEC_RE.sub(lambda m: redact(m.group(0)), text)


def scrub_authorization(value: str, redact: Redact) -> str:
    """`Bearer abc` becomes `Bearer REDACTED-n`; a value without a scheme is replaced whole."""
    scheme, sep, credentials = value.strip().partition(" ")
    if sep and credentials:
        return f"{scheme} {redact(credentials.strip())}"
    return redact(value)


def scrub_query(query: str, redact: Redact) -> str:
    """Replace the values of secret query parameters; keep names, order and other values."""
    if not query:
        return query
    pairs = parse_qsl(query, keep_blank_values=True)
    if not any(is_secret_param(name) for name, _ in pairs):
        return query
    return urlencode([(n, redact(v) if is_secret_param(n) else v) for n, v in pairs])


def scrub_url(url: str, redact: Redact, ports: Ports = NO_PORTS) -> str:
    """Normalise a loopback origin's port and scrub the secret query parameters of `url`."""
    parts = urlsplit(normalise_loopback(url, ports))
    fragment = scrub_query(parts.fragment.partition("?")[2], redact)
    new_fragment = parts.fragment
    if fragment:  # e.g. an authorize URL: https://app.example/#/oauth?code=...
        new_fragment = parts.fragment.partition("?")[0] + "?" + fragment
    return urlunsplit(parts._replace(query=scrub_query(parts.query, redact), fragment=new_fragment))


def scrub_header(name: str, value: str, redact: Redact, ports: Ports = NO_PORTS) -> str:
    """Return the recordable form of one header value."""
    lowered = name.lower()
    if lowered in ("authorization", "proxy-authorization"):
        return scrub_authorization(value, redact)
    if lowered in SECRET_HEADERS:
        return redact(value)
    if lowered in URL_HEADERS:
        return scrub_url(value, redact, ports)
    return scrub_text(normalise_loopback(value, ports), redact)


def scrub_headers(
    headers: Mapping[str, Any], redact: Redact, ports: Ports = NO_PORTS
) -> dict[str, Any]:
    """Scrub a header mapping whose values are strings (requests) or lists (responses)."""
    scrubbed: dict[str, Any] = {}
    for name, value in headers.items():
        if isinstance(value, list):
            scrubbed[name] = [scrub_header(name, str(v), redact, ports) for v in value]
        else:
            scrubbed[name] = scrub_header(name, str(value), redact, ports)
    return scrubbed


def scrub_json(data: Any, redact: Redact) -> Any:
    """Return `data` with secret members and any `whsec_`/`Bearer` string replaced."""
    if isinstance(data, dict):
        return {
            key: (
                redact(value)
                if isinstance(value, str) and key.lower() in SECRET_JSON_KEYS
                else scrub_json(value, redact)
            )
            for key, value in data.items()
        }
    if isinstance(data, list):
        return [scrub_json(item, redact) for item in data]
    if isinstance(data, str):
        return scrub_text(data, redact)
    return data


def scrub_form(body: str, redact: Redact) -> str:
    """Scrub an `application/x-www-form-urlencoded` body."""
    pairs = parse_qsl(body, keep_blank_values=True)
    return urlencode(
        [(n, redact(v) if is_secret_param(n) else scrub_text(v, redact)) for n, v in pairs]
    )


def scrub_body(
    body: bytes | str | None, content_type: str, redact: Redact, ports: Ports = NO_PORTS
) -> bytes | str | None:
    """Scrub a body by its content type; binary ones (PDFs, multipart uploads) pass untouched."""
    if not body:
        return body
    raw = body.encode() if isinstance(body, str) else body
    media = content_type.split(";")[0].strip().lower()
    textual = media.endswith(("json", "x-www-form-urlencoded")) or media.startswith("text/")
    if not textual:
        return body
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return body
    text = normalise_loopback(text, ports)
    if media.endswith("json"):
        try:
            data = json.loads(text)
        except ValueError:
            scrubbed = scrub_text(text, redact)
        else:
            cleaned = scrub_json(data, redact)
            scrubbed = text if cleaned == data else json.dumps(cleaned, separators=(",", ":"))
    elif media.endswith("x-www-form-urlencoded"):
        scrubbed = scrub_form(text, redact)
    else:
        scrubbed = scrub_text(text, redact)
    if scrubbed == raw.decode("utf-8"):
        return body
    return scrubbed if isinstance(body, str) else scrubbed.encode("utf-8")


def _content_type(headers: Mapping[str, Any]) -> str:
    for name, value in headers.items():
        if name.lower() == "content-type":
            return str(value[0] if isinstance(value, list) and value else value)
    return ""


_BOUNDARY_RE = re.compile(r"boundary=\"?([^\";]+)\"?")


def fixed_boundary(headers: dict[str, Any], body: Any) -> tuple[dict[str, Any], Any]:
    """Replace a multipart body's random boundary with a fixed one of the same length.

    Not a secret: so that recording the same request twice writes the same bytes (matching
    ignores boundaries either way).
    """
    found = _BOUNDARY_RE.search(_content_type(headers))
    if found is None or not isinstance(body, bytes | str):
        return headers, body
    old = found.group(1)
    new = ("formify-boundary-" * (len(old) // 17 + 1))[: len(old)]
    if isinstance(body, bytes):
        body = body.replace(old.encode("latin-1"), new.encode("latin-1"))
    else:
        body = body.replace(old, new)
    headers = {
        name: (
            [v.replace(old, new) for v in value]
            if isinstance(value, list)
            else str(value).replace(old, new)
        )
        if name.lower() == "content-type"
        else value
        for name, value in headers.items()
    }
    return headers, body


def scrub_request(request: Any, redact: Redact, ports: Ports = NO_PORTS) -> Any:
    """Scrub a vcrpy `Request` in place (vcrpy hands the hook its own copy) and return it."""
    request.uri = scrub_url(request.uri, redact, ports)
    headers, request.body = fixed_boundary(dict(request.headers), request.body)
    request.body = scrub_body(request.body, _content_type(headers), redact, ports)
    request.headers = scrub_headers(headers, redact, ports)
    return request


def scrub_response(response: dict[str, Any], redact: Redact, ports: Ports = NO_PORTS) -> Any:
    """Return a scrubbed copy of a vcrpy response dict (status, headers, body)."""
    response = copy.deepcopy(response)
    headers = response.get("headers") or {}
    body = response.get("body") or {}
    old = body.get("string")
    new = scrub_body(old, _content_type(headers), redact, ports)
    if new is not old:
        body["string"] = new
        for name in headers:
            if name.lower() == "content-length":
                headers[name] = [str(len(new.encode() if isinstance(new, str) else new or b""))]
    response["headers"] = scrub_headers(headers, redact, ports)
    return response


def is_webhook_delivery(request: Any) -> bool:
    """Whether `request` is the emulator delivering a webhook, not the client calling the API.

    The emulator delivers from a thread of the recording process with httpx, which vcrpy
    patches process-wide; those POSTs are the server's doing and do not belong in a cassette.
    """
    return any(name.lower() == "x-formify-signature" for name in request.headers)


def make_hooks(
    redact: Redact, ports: Ports = NO_PORTS
) -> tuple[Callable[[Any], Any], Callable[[dict[str, Any]], Any]]:
    """The `before_record_request` and `before_record_response` hooks for one cassette."""

    def before_record_request(request: Any) -> Any:
        if is_webhook_delivery(request):
            return None  # vcrpy records nothing for None (and lets it through unrecorded)
        return scrub_request(request, redact, ports)

    def before_record_response(response: dict[str, Any]) -> Any:
        return scrub_response(response, redact, ports)

    return before_record_request, before_record_response
