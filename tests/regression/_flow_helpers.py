"""Helpers of the recorded flows: a sample PDF, signees, and the emulator's control routes.

The control routes are called over HTTP, never through the emulator's Python API, so that the
calls land in the cassette and the test replays without an emulator.
"""

from __future__ import annotations

from typing import Any

import httpx

from formify import testing

# the API's default placement is "existing", which needs coordinates: these sign on a new page
ALICE = {
    "full_name": "Alice Andersson",
    "email_address": "alice@example.com",
    "signature_placement": "new_page",
}
BOB = {"full_name": "Bob Berg", "phone_number": "+46701234567", "signature_placement": "new_page"}


def sample_pdf(pages: int = 1) -> bytes:
    """A small PDF with one form field of each type the API knows."""
    return testing.sample_pdf(pages=pages)


def _ok(response: httpx.Response) -> Any:
    assert response.status_code < 300, (response.status_code, response.text)
    return response.json() if response.content else None


def sign(control: httpx.Client, document_id: str, signee_id: str | None = None) -> Any:
    """A signee signs (every unsigned signee, in order, when none is named)."""
    body = {"signeeId": signee_id} if signee_id else {}
    return _ok(control.post(f"/_emulator/documents/{document_id}/sign", json=body))


def open_document(control: httpx.Client, document_id: str, signee_id: str | None = None) -> Any:
    """A signee opens the document."""
    body = {"signeeId": signee_id} if signee_id else {}
    return _ok(control.post(f"/_emulator/documents/{document_id}/open", json=body))


def advance_clock(control: httpx.Client, seconds: float) -> Any:
    """Move the emulator's clock forward."""
    return _ok(control.post("/_emulator/advance", json={"seconds": seconds}))


def inject_fault(
    control: httpx.Client, target: str, status: int, count: int = 1, reset: int = 1
) -> None:
    """Make the next `count` requests to `target` (e.g. "GET /docs/{id}") answer `status`."""
    body = {"target": target, "kind": "status", "status": status, "count": count, "reset": reset}
    response = control.post("/_emulator/faults", json=body)
    assert response.status_code == 201, response.text
