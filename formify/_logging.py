"""The library's logger, `logging.getLogger("formify")`, and the redaction applied to it.

`FORMIFY_LOG=info` or `FORMIFY_LOG=debug` turns on a stderr handler. Whatever is logged goes
through `redact` first, so a token, an OAuth code, a client secret, a `whsec_` secret, a
webhook signature or a pre-signed storage URL's signature never reaches a log line. The same
filter sits on httpx's and httpcore's loggers (installed when a client is created, whatever
`FORMIFY_LOG` says): httpx logs every request URL at INFO, the storage URL's signature with it.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import warnings
from collections.abc import Mapping

from formify._constants import ENV_LOG

__all__ = [
    "REDACTED",
    "install_redaction",
    "logger",
    "redact",
    "redact_headers",
    "setup_logging",
]

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
    # pre-signed storage URLs: S3, GCS, Azure SAS and generic signature parameters
    (
        re.compile(
            r"(?i)(?<![\w-])(x-amz-signature|x-amz-security-token|x-amz-credential"
            r"|x-goog-signature|x-goog-credential|x-signature|sig|signature)=[^\s&\"'#<>]+"
        ),
        r"\1=" + REDACTED,
    ),
)
# The loggers of the HTTP stack under the client: their records do not pass through the
# "formify" logger, so each gets the filter itself (a filter acts on its own logger only).
_HTTP_LOGGERS = (
    "httpx",
    "httpcore",
    "httpcore.connection",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.proxy",
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


def install_redaction() -> None:
    """Put the redacting filter on httpx's and httpcore's loggers (idempotent, cheap).

    Called whenever a client is created, so that an application's own logging set-up (root
    at INFO shows httpx's `HTTP Request: GET <url>` lines) never prints a signed URL.
    """
    for name in _HTTP_LOGGERS:
        logging.getLogger(name).addFilter(_FILTER)  # addFilter ignores a filter already there


def setup_logging(env: Mapping[str, str] | None = None) -> None:
    """Attach a stderr handler when `FORMIFY_LOG` is `info` or `debug` (idempotent).

    Redaction of the HTTP stack's loggers is installed first, in any case.
    """
    install_redaction()
    raw = (env if env is not None else os.environ).get(ENV_LOG, "")
    level_name = raw.strip().lower()
    if not level_name:
        return
    level = _LEVELS.get(level_name)
    if level is None:
        _warn_unknown_level(raw)
        return
    logger.setLevel(level)
    if not any(isinstance(h, _StderrHandler) for h in logger.handlers):
        logger.addHandler(_StderrHandler())


# FORMIFY_LOG's handler and its values. Set by the environment, not by code, so a value the
# library does not know is reported (once per value and process) rather than silently ignored.
_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO}
_WARNED: set[str] = set()
_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))


def _warn_unknown_level(raw: str) -> None:
    if raw in _WARNED:
        return
    _WARNED.add(raw)
    # point the warning at the caller's line (the one creating the client), not the library's
    frame, level = sys._getframe(1), 2
    while frame.f_back is not None and frame.f_code.co_filename.startswith(_PACKAGE_DIR):
        frame, level = frame.f_back, level + 1
    warnings.warn(
        f"{ENV_LOG}={raw!r} is not a level formify knows: use {' or '.join(_LEVELS)}"
        f" (or leave it unset); no log handler added",
        UserWarning,
        stacklevel=level,
    )


class _StderrHandler(logging.Handler):
    """Prints the library's lines to stderr, unless a handler of the application will print them.

    An application that configures logging itself (`logging.basicConfig`, its own handler on
    "formify" or an ancestor) gets each line once, in its own format, instead of twice. The
    check is made per record, so it holds when the application sets up logging after the
    client was created. The stream is looked up when writing, so a redirected stderr is used.
    """

    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(logging.Formatter("[%(asctime)s %(levelname)s %(name)s] %(message)s"))
        self.addFilter(_FILTER)

    def emit(self, record: logging.LogRecord) -> None:
        if _printed_elsewhere(record):
            return
        try:
            sys.stderr.write(self.format(record) + "\n")
            sys.stderr.flush()
        except Exception:
            self.handleError(record)


def _printed_elsewhere(record: logging.LogRecord) -> bool:
    """Whether a handler other than ours, on the path `record` propagates along, takes it."""
    current: logging.Logger | None = logging.getLogger(record.name)
    while current is not None:
        for handler in current.handlers:
            if not isinstance(handler, _StderrHandler) and record.levelno >= handler.level:
                return True
        if not current.propagate:
            return False
        current = current.parent
    return False
