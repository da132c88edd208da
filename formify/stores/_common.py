"""What the shared stores have in common: key checks, token (de)serialisation, error wrapping."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from formify._exceptions import FormifyError, TokenStoreError, ValidationError
from formify._tokens import Token

__all__ = ["check_key", "check_ttl", "dump_token", "load_token", "store_errors"]


def check_key(key: Any, field: str = "key") -> str:
    """Return `key` if it is a usable account key (a non-empty string without NUL)."""
    if not isinstance(key, str) or not key or "\x00" in key or len(key) > 512:
        raise ValidationError(field, "must be a non-empty string (at most 512 characters)")
    return key


def check_ttl(seconds: Any, field: str) -> float:
    """Return `seconds` as a positive float."""
    if isinstance(seconds, bool) or not isinstance(seconds, int | float) or not seconds > 0:
        raise ValidationError(field, "must be a positive number of seconds")
    return float(seconds)


def dump_token(token: Token) -> str:
    """Serialise a token (it holds secrets: the store must be protected like a password)."""
    if not isinstance(token, Token):
        raise ValidationError("token", "must be a formify.Token")
    return json.dumps(token.to_dict(), separators=(",", ":"))


def load_token(text: str | bytes | None) -> Token | None:
    """Rebuild a token written by `dump_token`; None for nothing stored."""
    if text is None:
        return None
    return Token.from_dict(json.loads(text))


@contextmanager
def store_errors(store: object, action: str) -> Iterator[None]:
    """Turn a backend failure (connection refused, timeout, disk) into a `TokenStoreError`.

    The message names the store by its repr, which never shows a password.
    """
    try:
        yield
    except FormifyError:
        raise
    except Exception as exc:
        raise TokenStoreError(repr(store), action, exc) from exc
