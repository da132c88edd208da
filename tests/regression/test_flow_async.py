"""Recorded flows through `AsyncFormify`: the same operations, awaited."""

from __future__ import annotations

import io
from pathlib import Path

import httpx
import pytest
from _flow_helpers import ALICE, BOB, sample_pdf, sign

from formify import AsyncFormify, NotFoundError, PermissionDeniedError

pytestmark = [pytest.mark.vcr, pytest.mark.anyio]


async def test_upload_create_list_revoke_delete(aclient: AsyncFormify) -> None:
    file_id = await aclient.files.upload(sample_pdf(), filename="async.pdf")
    created = [
        (await aclient.documents.create(file_id=file_id, name=f"Async {n}", signees=[ALICE]))
        for n in range(3)
    ]
    ids = [doc.document_id for doc in created]

    pages = [page async for page in aclient.documents.list(page_size=2).pages()]
    assert [page.offset for page in pages] == list(range(0, 2 * len(pages), 2))
    assert pages[-1].next_offset is None
    seen = [d.document_id for page in pages for d in page.documents]
    assert set(ids) <= set(seen)
    listed = [doc.document_id async for doc in aclient.documents.list(page_size=2)]
    assert listed == seen

    doc = await aclient.documents.get(ids[0])
    assert doc.status == "awaiting_signatures"
    with pytest.raises(PermissionDeniedError):
        await aclient.documents.delete(ids[0])
    await aclient.documents.revoke(ids[0])
    await aclient.documents.delete(ids[0])
    with pytest.raises(NotFoundError):
        await aclient.documents.get(ids[0])


async def test_webhooks(aclient: AsyncFormify) -> None:
    created = await aclient.webhooks.register(
        "https://hooks.example.com/async", event_types=["document.completed"]
    )
    assert created.signing_secret.startswith("whsec_")
    assert (await aclient.webhooks.get(created.webhook_id)).has_signing_secret is True
    rotated = await aclient.webhooks.rotate_secret(created.webhook_id)
    assert rotated.startswith("whsec_") and rotated != created.signing_secret
    await aclient.webhooks.delete(created.webhook_id)
    with pytest.raises(NotFoundError):
        await aclient.webhooks.get(created.webhook_id)


@pytest.mark.emulator_only
async def test_sign_and_download(
    aclient: AsyncFormify, control: httpx.Client, tmp_path: Path
) -> None:
    file_id = await aclient.files.upload(sample_pdf(), filename="async-sign.pdf")
    created = await aclient.documents.create(file_id=file_id, signees=[ALICE, BOB])
    sign(control, created.document_id)
    assert (await aclient.documents.get(created.document_id)).status == "completed"

    dest = tmp_path / "signed.pdf"
    written = await aclient.documents.download_signed_file(created.document_id, dest)
    assert written == dest.stat().st_size > 1000
    assert dest.read_bytes().startswith(b"%PDF-")

    # into a binary file object the caller owns: the same bytes, and it stays open
    buffer = io.BytesIO()
    assert await aclient.documents.download_signed_file(created.document_id, buffer) == written
    assert buffer.getvalue() == dest.read_bytes()
