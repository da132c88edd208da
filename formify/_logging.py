"""The library's logger, `logging.getLogger("formify")`, and the redaction applied to it.

`FORMIFY_LOG=info` or `FORMIFY_LOG=debug` turns on a stderr handler. Whatever is logged goes
through `redact` first, so a token, an OAuth code, a client secret, a `whsec_` secret or a
webhook signature never reaches a log line.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from collections.abc import Mapping

from formify._constants import ENV_LOG

__all__ = ["REDACTED", "logger", "redact", "redact_headers", "setup_logging"]

logger = logging.getLogger("formify")

REDACTED = "[REDACTED]"

_SENSITIVE_HEADERS = frozenset(
    {"authorization", "proxy-authorization", "cookie", "set-cookie", "x-formify-signature"}
)
_SENSITIVE_KEYS = (
    "access_token|refresh_token|id_token|client_secret|signing_secret|signingsecret|secret"
    "|password|code|token|signature|authorization|x-formify-signature"
)
_PATTERNS = (
    # "Bearer abc", "Basic abc"
    (re.compile(r"(?i)\b(bearer|basic)\s+[^\s\"',;]+"), r"\1 " + REDACTED),
    # key=value, key: value, "key": "value" (query strings, form bodies, JSON, headers)
    (
        re.compile(rf"(?i)(?<![\w-])({_SENSITIVE_KEYS})([\"']?\s*[:=]\s*[\"']?)[^\s\"'&,;}}]+"),
        r"\1\2" + REDACTED,
    ),
    (re.compile(r"whsec_[A-Za-z0-9+/=_-]+"), "whsec_" + REDACTED),
)


def redact(text: str) -> str:
    """Return `text` with every credential-looking value replaced by `[REDACTED]`."""
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def redact_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """Return a copy of `headers` safe to log: secret-bearing headers are masked."""
    return {
        key: REDACTED if key.lower() in _SENSITIVE_HEADERS else redact(value)
        for key, value in headers.items()
    }


class _RedactingFilter(logging.Filter):
    """Rewrite each record's message through `redact` before any handler formats it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        record.msg = redact(message)
        record.args = None
        return True


_FILTER = _RedactingFilter()
logger.addFilter(_FILTER)


def setup_logging(env: Mapping[str, str] | None = None) -> None:
    """Attach a stderr handler when `FORMIFY_LOG` is `info` or `debug` (idempotent)."""
    level_name = (env if env is not None else os.environ).get(ENV_LOG, "").strip().lower()
    level = {"debug": logging.DEBUG, "info": logging.INFO}.get(level_name)
    if level is None:
        return
    logger.setLevel(level)
    if not any(getattr(h, "_formify", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("[%(asctime)s %(levelname)s %(name)s] %(message)s"))
        handler.addFilter(_FILTER)
        handler._formify = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
