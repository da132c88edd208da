"""Fixtures of the cassette-recorded regression suite: where requests go, and how they are recorded.

Three targets, chosen by `FORMIFY_RECORD` (set by `scripts/record_cassettes.py`):

- unset: replay. No server runs; clients point at the fixed `http://127.0.0.1:8765/v1` and every
  exchange comes from `tests/cassettes/<module>/<test>.yaml`.
- `emulator`: a `formify.testing.Emulator` on a free loopback port, reset before each test; the
  recorded URLs are rewritten to port 8765 so the cassettes do not depend on the port.
- `live`: the real API, with `FORMIFY_ACCESS_TOKEN` (and `FORMIFY_BASE_URL`); tests marked
  `emulator_only` are skipped.

Requests match on method, path, query and the meaning of the body (`_cassette_match.py`):
hosts, ports, headers, multipart boundaries and placeholder numbers may differ between
recording and replay.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from _cassette_match import body_matcher
from _cassette_scrub import (
    FIXED_PORT,
    FIXED_STORAGE_PORT,
    PLACEHOLDER,
    RECORDING_ACCESS_TOKEN,
    RECORDING_CLIENT_ID,
    RECORDING_CLIENT_SECRET,
    Placeholders,
    make_hooks,
)
from _flow_target import ENV_RECORD, Target, make_async_client, make_client, record_target

from formify import AsyncFormify, Formify

# FORMIFY_CASSETTES: record elsewhere (tests/test_cassettes_current.py compares with these)
CASSETTES = Path(os.environ.get("FORMIFY_CASSETTES") or Path(__file__).parent.parent / "cassettes")
FIXED_ORIGIN = f"http://127.0.0.1:{FIXED_PORT}"
LIVE_DEFAULT_BASE_URL = "https://docs-api.formify.se/v1"


def pytest_recording_configure(config: pytest.Config, vcr: Any) -> None:
    vcr.register_matcher("body_meaning", body_matcher)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "emulator_only: drives the emulator's control surface; skipped when recording live",
    )


@pytest.fixture(scope="session")
def target(record_mode: str) -> Iterator[Target]:
    """The API this session talks to (see the module docstring)."""
    mode = record_target()
    if mode != "replay" and record_mode == "none":
        raise pytest.UsageError(f"{ENV_RECORD}={mode} needs --record-mode=rewrite")
    if mode == "replay":
        if record_mode != "none":
            raise pytest.UsageError(
                f"recording needs {ENV_RECORD}=emulator or live (use `make cassettes`)"
            )
        # Placeholder credentials: replay matches no header, and bodies with placeholders alike.
        origin = FIXED_ORIGIN
        yield Target(
            "replay", f"{origin}/v1", origin, PLACEHOLDER, RECORDING_CLIENT_ID, PLACEHOLDER
        )
    elif mode == "live":
        base_url = os.environ.get("FORMIFY_BASE_URL", LIVE_DEFAULT_BASE_URL).rstrip("/")
        token = os.environ.get("FORMIFY_ACCESS_TOKEN", "")
        if not token:
            raise pytest.UsageError("live recording needs FORMIFY_ACCESS_TOKEN")
        origin = str(httpx.URL(base_url).copy_with(path="/", query=None)).rstrip("/")
        yield Target("live", base_url, origin, token)
    else:
        yield from _emulator_target()


def _emulator_target() -> Iterator[Target]:
    from formify.testing import Emulator

    # deterministic: re-recording with no change of behaviour rewrites no cassette byte
    with Emulator(access_token=RECORDING_ACCESS_TOKEN, deterministic=True) as emulator:
        emulator.register_oauth_client(RECORDING_CLIENT_ID, RECORDING_CLIENT_SECRET)
        yield Target(
            "emulator",
            emulator.base_url,
            emulator.url,
            RECORDING_ACCESS_TOKEN,
            RECORDING_CLIENT_ID,
            RECORDING_CLIENT_SECRET,
            emulator,
            {emulator.port: FIXED_PORT, emulator.storage_port: FIXED_STORAGE_PORT},
        )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # At collection, not in a fixture: a skip decided later would come after pytest-recording
    # has already deleted the cassette it was about to rewrite.
    if record_target() != "live":
        return
    skip = pytest.mark.skip(reason="needs the emulator's control surface")
    for item in items:
        if item.get_closest_marker("emulator_only"):
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _fresh_emulator(request: pytest.FixtureRequest) -> None:
    """Give each test recorded from the emulator an emulator with nothing in it."""
    if "target" not in request.fixturenames:
        return
    target: Target = request.getfixturevalue("target")
    if target.emulator is not None:
        # Python API, not HTTP: setting up the recording is not part of what is recorded.
        target.emulator.reset()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    if report.when == "call":
        item.stash[_CALL_FAILED] = report.failed
    return report


_CALL_FAILED = pytest.StashKey[bool]()


@pytest.fixture(autouse=True)
def _every_interaction_replayed(request: pytest.FixtureRequest) -> Iterator[None]:
    """In replay, fail a test that made fewer requests than it recorded (a skipped page, a
    retry not made, a refresh not done): matching alone only catches requests that differ."""
    yield
    if not request.node.get_closest_marker("vcr") or record_target() != "replay":
        return
    if request.node.stash.get(_CALL_FAILED, False):
        return  # the failure itself is the report; unplayed requests would only repeat it
    cassette = request.getfixturevalue("vcr")
    if cassette is not None and not cassette.all_played:
        unplayed = [
            f"{r.method} {r.path}"
            for index, r in enumerate(cassette.requests)
            if not cassette.play_counts[index]
        ]
        pytest.fail(f"recorded requests never made: {unplayed}")


@pytest.fixture(scope="module")
def vcr_cassette_dir(request: pytest.FixtureRequest) -> str:
    """`tests/cassettes/<test module>/`."""
    return str(CASSETTES / Path(str(request.node.fspath)).stem)


@pytest.fixture
def vcr_config(
    target: Target, vcr_cassette_dir: str, default_cassette_name: str
) -> Iterator[dict[str, Any]]:
    """Scrubbing hooks with placeholders numbered afresh for each cassette.

    After a recording, the cassette just written is checked for every secret the hooks
    replaced: pytest-recording asks for this fixture while setting up its cassette, so this
    teardown runs after the cassette has been saved.
    """
    placeholders = Placeholders()
    before_request, before_response = make_hooks(placeholders, target.ports)
    yield {
        "match_on": ("method", "path", "query", "body_meaning"),
        "before_record_request": before_request,
        "before_record_response": before_response,
        "decode_compressed_response": True,
        # a test that fails while recording leaves no cassette, so replay fails too
        "record_on_exception": False,
    }
    if target.mode == "replay":
        return
    cassette = Path(vcr_cassette_dir) / f"{default_cassette_name}.yaml"
    if cassette.exists():
        text = cassette.read_text(encoding="utf-8")
        secrets = [*placeholders.secrets(), target.access_token, target.client_secret]
        leaked = [s for s in secrets if s and s in text]
        assert not leaked, f"{cassette}: {len(leaked)} secret(s) written unscrubbed"


@pytest.fixture
def client(target: Target) -> Iterator[Formify]:
    """A synchronous client for this session's target."""
    with make_client(target) as formify:
        yield formify


@pytest.fixture
async def aclient(target: Target) -> AsyncIterator[AsyncFormify]:
    """An asynchronous client for this session's target."""
    async with make_async_client(target) as formify:
        yield formify


@pytest.fixture
def control(target: Target) -> Iterator[httpx.Client]:
    """HTTP client for the emulator's `/_emulator/...` routes (recorded like the API calls)."""
    with httpx.Client(base_url=target.origin, timeout=10) as http:
        yield http
