"""The four forms an API method takes (marker classes; see `resources._method`)."""

from __future__ import annotations

__all__ = ["Async", "AsyncRaw", "Sync", "SyncRaw"]


class Sync:
    """Mode marker: methods return their result."""


class Async:
    """Mode marker: methods return a coroutine of their result."""


class SyncRaw:
    """Mode marker: methods return a `RawResponse`."""


class AsyncRaw:
    """Mode marker: methods return a coroutine of an `AsyncRawResponse`."""
