"""A local emulator of the Formify API for tests and demos (extra: ``formify[emulator]``).

``with Emulator() as emu:`` serves it on 127.0.0.1; ``create_app`` gives the ASGI app for
in-process use with ``httpx.ASGITransport``; ``sample_pdf`` makes a real PDF with form fields.

The names are imported on first use: the distribution registers ``formify.testing.pytest_plugin``
with pytest, and importing it (so this package) must work with the base install, which has
none of the emulator's dependencies.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from formify.testing._app.app import create_app
    from formify.testing._app.server import Emulator
    from formify.testing._app.storage import create_storage_app
    from formify.testing._pdf.sample import sample_pdf
    from formify.testing._state.delivery import DeliveryAttempt
    from formify.testing._state.errors import EmulatorError
    from formify.testing._state.outbox import OutboxMessage

__all__ = [
    "DeliveryAttempt",
    "Emulator",
    "EmulatorError",
    "OutboxMessage",
    "create_app",
    "create_storage_app",
    "sample_pdf",
]

_MODULES = {
    "DeliveryAttempt": "_state.delivery",
    "Emulator": "_app.server",
    "EmulatorError": "_state.errors",
    "OutboxMessage": "_state.outbox",
    "create_app": "_app.app",
    "create_storage_app": "_app.storage",
    "sample_pdf": "_pdf.sample",
}

if not TYPE_CHECKING:  # mypy sees the imports above; a typo stays an error

    def __getattr__(name: str) -> Any:
        module = _MODULES.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        try:
            value = getattr(import_module(f"{__name__}.{module}"), name)
        except ImportError as exc:
            raise ImportError(
                f"formify.testing needs the extra: pip install 'formify[emulator]' ({exc})"
            ) from exc
        globals()[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(set(globals()) | set(__all__))
