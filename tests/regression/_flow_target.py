"""Where the regression flows send their requests: replay, the emulator, or the real API."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

import pytest
from _cassette_scrub import Ports

from formify import AsyncFormify, Formify

ENV_RECORD = "FORMIFY_RECORD"


@dataclass(frozen=True)
class Target:
    """Where this run's requests go and with which credentials."""

    mode: str  # "replay", "emulator" or "live"
    base_url: str  # the API, ending in /v1
    origin: str  # scheme://host:port of the emulator's control surface (`/_emulator/...`)
    # kept out of repr: a failing live recording would otherwise print them in its traceback
    access_token: str = field(repr=False)
    client_id: str = ""
    client_secret: str = field(repr=False, default="")
    emulator: Any = None  # the running Emulator while recording from it
    # a recorded loopback port -> the fixed port the cassette shows instead
    ports: Ports = field(default_factory=dict)


def record_target() -> str:
    """The target named by the environment: "replay", "emulator" or "live"."""
    value = os.environ.get(ENV_RECORD, "").strip().lower()
    if value in ("", "replay"):
        return "replay"
    if value not in ("emulator", "live"):
        raise pytest.UsageError(f"{ENV_RECORD} must be 'emulator' or 'live', not {value!r}")
    return value


def make_client(target: Target, **kwargs: Any) -> Formify:
    """A `Formify` for `target`; retries off so a cassette holds exactly what the test did."""
    kwargs.setdefault("max_retries", 0)
    return Formify(access_token=target.access_token, base_url=target.base_url, **kwargs)


def make_async_client(target: Target, **kwargs: Any) -> AsyncFormify:
    """An `AsyncFormify` for `target` (see `make_client`)."""
    kwargs.setdefault("max_retries", 0)
    return AsyncFormify(access_token=target.access_token, base_url=target.base_url, **kwargs)
