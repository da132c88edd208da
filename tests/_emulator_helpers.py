"""Helpers for the emulator tests: a raw httpx client on a running emulator, and shortcuts."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
from pypdf import PdfReader

from formify.testing import Emulator, sample_pdf


@contextmanager
def api_client(emu: Emulator) -> Iterator[httpx.Client]:
    """An httpx client on the emulator's /v1 base URL with its access token."""
    with httpx.Client(
        base_url=emu.base_url + "/",
        headers={"Authorization": f"Bearer {emu.access_token}"},
        timeout=10,
    ) as client:
        yield client


def upload(api: httpx.Client, pdf: bytes | None = None, name: str = "a.pdf") -> str:
    """Upload a PDF (the sample when none is given); return its fileId."""
    r = api.post("files", files={"file": (name, sample_pdf() if pdf is None else pdf)})
    assert r.status_code == 201, r.text
    return str(r.json()["fileId"])


def signee(i: int = 0, **extra: Any) -> dict[str, Any]:
    """A valid signee with a new signature page."""
    return {
        "fullName": f"Signee {i}",
        "emailAddress": f"s{i}@example.com",
        "signaturePlacement": "new_page",
        **extra,
    }


def create(api: httpx.Client, file_id: str | None = None, **body: Any) -> dict[str, Any]:
    """Create a document (two signees by default); return the answer's JSON."""
    payload: dict[str, Any] = {"signeeDetails": [signee(0), signee(1)], **body}
    if file_id is not None:
        payload["fileId"] = file_id
    r = api.post("docs", json=payload)
    assert r.status_code == 201, r.text
    return dict(r.json())


def document(api: httpx.Client, document_id: str) -> dict[str, Any]:
    """GET /docs/{id} as JSON."""
    r = api.get(f"docs/{document_id}")
    assert r.status_code == 200, r.text
    return dict(r.json())


def new_document(api: httpx.Client, **body: Any) -> tuple[str, list[str]]:
    """Upload the sample and create a document; return its ID and its signee IDs."""
    doc_id = create(api, upload(api), **body)["documentId"]
    return doc_id, [s["signeeId"] for s in document(api, doc_id)["signeeDetails"]]


def ordered_document(api: httpx.Client, *orders: int) -> tuple[str, list[str]]:
    """`new_document` with signing order on: signee i (`signee(i)`) signs at `orders[i]`."""
    signees = [signee(i, signingOrder=order) for i, order in enumerate(orders)]
    return new_document(api, enableSigningOrder=True, signeeDetails=signees)


def pdf_text(data: bytes) -> list[str]:
    """Each page's text, as pypdf extracts it."""
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
