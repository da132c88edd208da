"""A local emulator of the Formify API for tests and demos (extra: ``formify[emulator]``).

``with Emulator() as emu:`` serves it on 127.0.0.1; ``create_app`` gives the ASGI app for
in-process use with ``httpx.ASGITransport``; ``sample_pdf`` makes a real PDF with form fields.
"""

from formify.testing._app import create_app
from formify.testing._delivery import DeliveryAttempt
from formify.testing._pdf import sample_pdf
from formify.testing._server import Emulator
from formify.testing._storage import create_storage_app

__all__ = ["DeliveryAttempt", "Emulator", "create_app", "create_storage_app", "sample_pdf"]
