"""The typed surface script (checked by mypy --strict in `make typecheck`) runs as it reads."""

from __future__ import annotations

import pytest

from formify.testing import Emulator, sample_pdf
from tests.typed import surface_script

SIGNEE = {"full_name": "Ada", "email_address": "ada@example.com", "signature_placement": "new_page"}


def _document(emulator: Emulator) -> str:
    with emulator.client() as client:
        file_id = client.files.upload(sample_pdf())
        return client.documents.create(file_id=file_id, signees=[SIGNEE]).document_id


def test_surface_script_runs_sync(formify_emulator: Emulator) -> None:
    document_id = _document(formify_emulator)
    with formify_emulator.client() as client:
        seen = surface_script.run(client, document_id)
    assert seen[1:3] == [document_id, "200"] and seen[3] == "1"


@pytest.mark.anyio
async def test_surface_script_runs_async(formify_emulator: Emulator) -> None:
    document_id = _document(formify_emulator)
    async with formify_emulator.async_client() as client:
        seen = await surface_script.arun(client, document_id)
    assert seen[1:3] == [document_id, "200"] and int(seen[3]) >= 1
