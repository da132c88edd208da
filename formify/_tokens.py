"""OAuth tokens and where they are kept: `Token`, the store protocols and two simple stores.

`TokenStore` is the minimum a refreshing client needs (load, save, a lock). A
`FencedTokenStore` adds what many workers on many hosts need: a compare-and-set save (a worker
whose lock lapsed can never roll the store back) and a shared record of refused grants. The
stores in `formify.stores` and the two here implement both.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import threading
from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import attrs

from formify._exceptions import OAuthError, ValidationError

__all__ = ["FencedTokenStore", "FileTokenStore", "MemoryTokenStore", "Token", "TokenStore"]

# Refresh this long before the stated expiry, so a request never leaves with a token that
# dies in flight (clock skew, slow uploads).
DEFAULT_LEEWAY = 60.0


def effective_leeway(leeway: float, lifetime: float | None) -> float:
    """Never more than half a token's lifetime: a 30 s token is fresh for 15 s, not dead."""
    if lifetime is None or lifetime <= 0:
        return leeway
    return min(leeway, lifetime / 2)


def _mask(secret: str | None) -> str:
    """Show at most the last 4 characters of a secret, and only when it is long enough."""
    if secret is None:
        return "None"
    if len(secret) < 16:
        return "'<redacted>'"
    return f"'…{secret[-4:]}'"


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, datetime):
        raise ValidationError("expires_at", "must be a datetime or None")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValidationError("expires_at", "must be timezone-aware (e.g. UTC)")
    return value.astimezone(UTC)


def _non_empty(field: str) -> Any:
    def check(_: Any, __: Any, value: Any) -> None:
        if not isinstance(value, str) or not value:
            raise ValidationError(field, "must be a non-empty string")

    return check


def _optional_str(field: str) -> Any:
    def check(_: Any, __: Any, value: Any) -> None:
        if value is not None and not isinstance(value, str):
            raise ValidationError(field, "must be a string or None")

    return check


@attrs.frozen(repr=False)
class Token:
    """An OAuth access token, its refresh token and expiry; `repr` and `str` hide the secrets."""

    access_token: str = attrs.field(validator=_non_empty("access_token"))
    refresh_token: str | None = attrs.field(default=None, validator=_optional_str("refresh_token"))
    expires_at: datetime | None = attrs.field(default=None, converter=_utc)
    scope: str | None = attrs.field(default=None, validator=_optional_str("scope"))
    token_type: str = attrs.field(default="Bearer", validator=_non_empty("token_type"))
    # Seconds the token was issued for (`expires_in`), when known: the refresh leeway adapts.
    lifetime: float | None = attrs.field(default=None)

    @classmethod
    def from_response(cls, data: Mapping[str, Any], now: datetime | None = None) -> Token:
        """Build a token from the token endpoint's JSON; `expires_in` is counted from `now`."""
        access_token = data.get("access_token")
        if not isinstance(access_token, str) or not access_token:
            raise OAuthError("invalid_response", "the token endpoint returned no access_token")
        expires_in = data.get("expires_in")
        expires_at = None
        if expires_in is not None:
            if isinstance(expires_in, bool) or not isinstance(expires_in, int | float | str):
                raise OAuthError("invalid_response", "expires_in is not a number")
            try:
                seconds = float(expires_in)
            except ValueError:
                raise OAuthError("invalid_response", "expires_in is not a number") from None
            expires_at = (now or datetime.now(UTC)) + timedelta(seconds=seconds)
        refresh_token = data.get("refresh_token")
        scope = data.get("scope")
        if isinstance(scope, list):
            scope = ",".join(str(s) for s in scope)
        return cls(
            access_token=access_token,
            refresh_token=refresh_token if isinstance(refresh_token, str) else None,
            expires_at=expires_at,
            scope=scope if isinstance(scope, str) else None,
            token_type=str(data.get("token_type") or "Bearer"),
            lifetime=seconds if expires_in is not None else None,
        )

    def is_expired(self, leeway: float = DEFAULT_LEEWAY, now: datetime | None = None) -> bool:
        """Return True when the token expires within `leeway` seconds (never, without expiry).

        The leeway is at most half the token's `lifetime`, when known.
        """
        if self.expires_at is None:
            return False
        current = now or datetime.now(UTC)
        margin = effective_leeway(leeway, self.lifetime)
        return self.expires_at - timedelta(seconds=margin) <= current

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict (it holds the secrets: store it as you would a password)."""
        return {
            "access_token": self.access_token,
            "refresh_token": self.refresh_token,
            "expires_at": self.expires_at.isoformat() if self.expires_at else None,
            "scope": self.scope,
            "token_type": self.token_type,
            "lifetime": self.lifetime,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Token:
        """Rebuild a token written by `to_dict`."""
        if not isinstance(data, Mapping):
            raise ValidationError("token", "must be a mapping as written by Token.to_dict()")
        expires_at = data.get("expires_at")
        if isinstance(expires_at, str):
            try:
                parsed: datetime | None = datetime.fromisoformat(expires_at)
            except ValueError:
                raise ValidationError("expires_at", "must be an ISO 8601 timestamp") from None
        else:
            parsed = expires_at
        lifetime = data.get("lifetime")
        return cls(
            access_token=data.get("access_token"),  # type: ignore[arg-type]
            refresh_token=data.get("refresh_token"),
            expires_at=parsed,
            scope=data.get("scope"),
            token_type=data.get("token_type") or "Bearer",
            lifetime=float(lifetime) if isinstance(lifetime, int | float) else None,
        )

    def __repr__(self) -> str:
        expires = self.expires_at.isoformat() if self.expires_at else None
        return (
            f"Token(access_token={_mask(self.access_token)}, "
            f"refresh_token={_mask(self.refresh_token)}, expires_at={expires!r}, "
            f"scope={self.scope!r}, token_type={self.token_type!r})"
        )

    __str__ = __repr__


@runtime_checkable
class TokenStore(Protocol):
    """Where a refreshing client keeps its token between refreshes and runs.

    `refresh_lock()` is held around a refresh. Inside it the client re-reads the store, so
    that whoever shares the store (threads, clients, processes) spends a refresh token once.
    The async client waits for the lock in a worker thread and may release it from another
    thread, so it must not be thread-bound (a `threading.Lock` is fine, an `RLock` is not).
    """

    def load(self) -> Token | None:
        """Return the stored token, or None when there is none."""
        ...

    def save(self, token: Token) -> None:
        """Persist `token`, replacing the previous one."""
        ...

    def refresh_lock(self) -> AbstractContextManager[object]:
        """Return a context manager held while a refresh is decided and done."""
        ...


@runtime_checkable
class FencedTokenStore(TokenStore, Protocol):
    """A `TokenStore` safe for many workers on many hosts.

    `replace` is a compare-and-set: the new token is written only while the stored token is
    still the one whose refresh token was spent, so a worker whose lock lapsed mid-refresh
    never replaces a newer token a sibling saved. `mark_refused` records that the server
    refused a refresh token for good; `refusal` tells every worker, so none spends it again.
    """

    def replace(self, spent_refresh_token: str | None, token: Token) -> bool:
        """Save `token` if the stored token's refresh token is `spent_refresh_token` (or none).

        Returns False, writing nothing, when another token has been saved since.
        """
        ...

    def mark_refused(self, refresh_token: str, error: str) -> None:
        """Record that the server refused `refresh_token` (e.g. `invalid_grant`), if stored."""
        ...

    def refusal(self, refresh_token: str) -> str | None:
        """Return the recorded refusal of `refresh_token` if it is the stored one, else None."""
        ...


class MemoryTokenStore:
    """Keep the token in memory; share one instance between clients in the same process."""

    def __init__(self, token: Token | None = None) -> None:
        self._token = token
        self._refused: str | None = None
        # A plain Lock, not an RLock: the async client may release it from another thread.
        self._lock = threading.Lock()
        self._write = threading.Lock()  # makes replace() atomic even outside refresh_lock

    def load(self) -> Token | None:
        """Return the stored token."""
        return self._token

    def save(self, token: Token) -> None:
        """Replace the stored token."""
        with self._write:
            self._token, self._refused = token, None

    def replace(self, spent_refresh_token: str | None, token: Token) -> bool:
        """Save `token` unless a token other than the spent one was saved since."""
        with self._write:
            if self._token is not None and self._token.refresh_token != spent_refresh_token:
                return False
            self._token, self._refused = token, None
            return True

    def mark_refused(self, refresh_token: str, error: str) -> None:
        """Record the refusal if `refresh_token` is the stored one."""
        with self._write:
            if self._token is not None and self._token.refresh_token == refresh_token:
                self._refused = error

    def refusal(self, refresh_token: str) -> str | None:
        """Return the recorded refusal of the stored refresh token."""
        token = self._token
        if token is None or token.refresh_token != refresh_token:
            return None
        return self._refused

    def refresh_lock(self) -> AbstractContextManager[object]:
        """Return the store's lock."""
        return self._lock

    def __repr__(self) -> str:
        return f"{type(self).__name__}(token={self._token!r})"


class FileTokenStore:
    """Keep the token in a JSON file (mode 0600), written atomically, locked across processes.

    The lock is `fcntl.flock` on `<path>.lock`, so processes sharing the file refresh one at a
    time; the second re-reads the file and uses the token the first saved. A flock is held
    as long as its holder lives, so it cannot lapse; a holder killed between writing the new
    token and renaming it into place leaves a complete temporary file, which the next holder
    of the lock moves into place (the refresh token in it is the only live one).
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        if not isinstance(path, str | os.PathLike) or not str(path):
            raise ValidationError("path", "must be a file path")
        self.path = Path(path).expanduser()  # "~/.config/app/token.json", as documented
        self._lock_path = Path(f"{self.path}.lock")

    def _read(self) -> dict[str, Any] | None:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            raise ValidationError("path", f"{self.path} does not hold token JSON") from None
        if not isinstance(data, dict):
            raise ValidationError("path", f"{self.path} does not hold token JSON")
        return data

    def load(self) -> Token | None:
        """Return the stored token, or None when the file does not exist."""
        data = self._read()
        return Token.from_dict(data) if data is not None else None

    def save(self, token: Token) -> None:
        """Write `token` to a temporary file in the same directory, fsync it, then rename."""
        self._write(token.to_dict())

    def replace(self, spent_refresh_token: str | None, token: Token) -> bool:
        """Save `token` unless a token other than the spent one was saved since.

        Called under `refresh_lock()`, which excludes every other writer while it is held.
        """
        current = self.load()
        if current is not None and current.refresh_token != spent_refresh_token:
            return False
        self._write({**token.to_dict(), "replaces": spent_refresh_token})
        return True

    def mark_refused(self, refresh_token: str, error: str) -> None:
        """Record the refusal in the file if `refresh_token` is the stored one."""
        data = self._read()
        if data is not None and data.get("refresh_token") == refresh_token:
            self._write({**data, "refused": error})

    def refusal(self, refresh_token: str) -> str | None:
        """Return the recorded refusal of the stored refresh token."""
        data = self._read()
        if data is None or data.get("refresh_token") != refresh_token:
            return None
        refused = data.get("refused")
        return refused if isinstance(refused, str) else None

    def _write(self, data: dict[str, Any]) -> None:
        directory = self.path.parent
        directory.mkdir(parents=True, exist_ok=True)
        payload = json.dumps(data, indent=2).encode("utf-8")
        tmp = directory / f".{self.path.name}.{secrets.token_hex(8)}.tmp"
        # Created 0600 in one step, so no other user can open it before the secrets land.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(payload)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise
        _fsync_directory(directory)

    def _recover(self) -> None:
        """Under the lock: finish a replace whose writer died before its rename."""
        current = self._read()
        stored = current.get("refresh_token") if current is not None else None
        for tmp in sorted(self.path.parent.glob(f".{self.path.name}.*.tmp")):
            try:
                data = json.loads(tmp.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                data = None  # cut short: the writer died before its fsync; nothing to keep
            if isinstance(data, dict) and "replaces" in data and data["replaces"] == stored:
                os.replace(tmp, self.path)
                _fsync_directory(self.path.parent)
                stored = data.get("refresh_token")
            else:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(tmp)

    @contextlib.contextmanager
    def refresh_lock(self) -> Iterator[None]:
        """Hold an exclusive lock on `<path>.lock` (threads and processes alike)."""
        import fcntl  # POSIX only; imported here so that load/save work everywhere

        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Each acquisition opens its own file description, so flock excludes other threads of
        # this process as well as other processes.
        fd = os.open(self._lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                self._recover()
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def __repr__(self) -> str:
        return f"FileTokenStore(path={str(self.path)!r})"


def _fsync_directory(directory: Path) -> None:
    """Make the rename durable: without this a crash may bring back the old file."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
