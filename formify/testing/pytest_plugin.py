"""Pytest plugin registered by the ``formify`` distribution: the ``formify_emulator`` fixture.

One emulator is started per test session (starting one costs ~0.1 s) and reset before each
test that asks for it, so every test sees an empty account, real time, no faults, empty
request and delivery logs, and the same ``access_token``. Webhook retries run 1000 times
faster than the reference's schedule (``webhook_time_scale=0.001``). A test that needs other
options starts its own ``Emulator(...)``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from formify.testing import Emulator


@pytest.fixture(scope="session")
def _formify_emulator_session() -> Iterator[Emulator]:
    # imported here so that merely loading the plugin needs none of the emulator's extras
    from formify.testing import Emulator

    with Emulator(webhook_time_scale=0.001) as emu:
        yield emu


@pytest.fixture
def formify_emulator(_formify_emulator_session: Emulator) -> Emulator:
    """Return the running Formify emulator, reset for this test (see the module docstring)."""
    _formify_emulator_session.reset()
    return _formify_emulator_session
