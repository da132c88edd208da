"""`update_signees` returns every update's old -> new signee id (`.new_ids`), sync and async.

The emulator, like the API, gives each updated signee a new id and answers only the last
update's; the client re-reads the document when more than one signee was updated.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from formify_api.models import Document, SignatureFieldUpdated, Signee

from formify._signee_updates import SigneesUpdated, new_ids, new_ids_by_place
from formify.errors import ValidationError
from formify.testing import Emulator, sample_pdf

SIGNEES = [
    {"full_name": "Ada", "email_address": "ada@example.com", "signature_placement": "new_page"},
    {"full_name": "Alan", "email_address": "alan@example.com", "signature_placement": "new_page"},
    {"full_name": "Grace", "phone_number": "+46701234567", "signature_placement": "new_page"},
]


@pytest.fixture(scope="module")
def emu() -> Iterator[Emulator]:
    with Emulator() as emulator:
        yield emulator


def make_document(emu: Emulator) -> tuple[str, list[str]]:
    with emu.client() as client:
        file_id = client.files.upload(sample_pdf())
        created = client.documents.create(file_id=file_id, signees=SIGNEES)
        doc = client.documents.get(created.document_id)
        return created.document_id, [str(s.signee_id) for s in doc.signee_details]


def update(emu: Emulator, mode: str, document_id: str, updates: list[Any]) -> Any:
    if mode == "sync":
        with emu.client() as client:
            return client.documents.update_signees(document_id, updates)

    async def main() -> Any:
        async with emu.async_client() as client:
            return await client.documents.update_signees(document_id, updates)

    return asyncio.run(main())


def current(emu: Emulator, document_id: str) -> dict[str, str]:
    """email or phone -> signee id, as the document now stands."""
    with emu.client() as client:
        doc = client.documents.get(document_id)
    return {str(s.email_address or s.phone_number): str(s.signee_id) for s in doc.signee_details}


def test_one_update_maps_its_old_id_to_the_new_one_without_another_request(emu, mode):
    document_id, (_, alan, _) = make_document(emu)
    before = len(emu.requests)
    result = update(
        emu, mode, document_id, [{"signee_id": alan, "email_address": "al@example.org"}]
    )
    assert [r[0] for r in emu.requests[before:]] == ["PATCH"]
    assert isinstance(result, SigneesUpdated) and isinstance(result, SignatureFieldUpdated)
    assert result.new_ids == {alan: current(emu, document_id)["al@example.org"]}
    assert result.new_ids[alan] == result.signee_id != alan


def test_several_updates_map_every_old_id_to_its_new_one(emu, mode):
    document_id, (ada, alan, grace) = make_document(emu)
    result = update(
        emu,
        mode,
        document_id,
        [
            {"signee_id": ada, "email_address": "ada@example.org"},
            {"signee_id": grace, "phone_number": "+46709999999"},
        ],
    )
    now = current(emu, document_id)
    assert result.new_ids == {ada: now["ada@example.org"], grace: now["+46709999999"]}
    assert now["alan@example.com"] == alan  # the signee not updated keeps its id
    assert len(set(result.new_ids.values()) | {ada, grace}) == 4
    assert result.signee_id == now["+46709999999"]  # the API's own answer: the last update


def test_the_same_signee_twice_is_refused_before_any_request(emu, mode):
    document_id, (ada, _, _) = make_document(emu)
    before = len(emu.requests)
    with pytest.raises(ValidationError, match="each signee_id once"):
        update(emu, mode, document_id, [{"signee_id": ada}, {"signee_id": ada, "full_name": "A"}])
    assert len(emu.requests) == before


def test_the_docstring_says_ids_change(emu):
    with emu.client() as client:
        doc = client.documents.update_signees.__doc__ or ""
    assert "new id" in doc and "new_ids" in doc


def doc(*signees: tuple[str, str]) -> Document:
    return Document(
        signee_details=[Signee(signee_id=i, full_name="X", email_address=e) for i, e in signees]
    )


def test_places_that_moved_fall_back_to_matching_by_contact():
    before = doc(("a", "a@x.com"), ("b", "b@x.com"), ("c", "c@x.com"))
    after = doc(("c", "c@x.com"), ("b2", "b@y.com"), ("a2", "a@y.com"))  # reordered
    updates = [
        {"signee_id": "a", "email_address": "a@y.com"},
        {"signee_id": "b", "email_address": "b@y.com"},
    ]
    assert new_ids_by_place(before, after, ["a", "b"]) == {}
    result = new_ids(updates, before, SignatureFieldUpdated(signee_id="b2"), after)
    assert result.new_ids == {"a": "a2", "b": "b2"}


def test_the_raw_form_is_the_patch_and_parses_to_the_new_ids(emu, mode):
    document_id, (ada, alan, _) = make_document(emu)
    updates = [
        {"signee_id": ada, "full_name": "Ada L."},
        {"signee_id": alan, "email_address": "alan@example.org"},
    ]
    if mode == "sync":
        with emu.client() as client:
            raw = client.with_raw_response.documents.update_signees(document_id, updates)
            result = raw.parse()
    else:

        async def main() -> tuple[Any, Any]:
            async with emu.async_client() as client:
                raw = await client.with_raw_response.documents.update_signees(document_id, updates)
                return raw, await raw.parse()

        raw, result = asyncio.run(main())
    assert raw.status_code == 200 and raw.http_response.request.method == "PATCH"
    now = current(emu, document_id)
    assert result.new_ids == {ada: now["ada@example.com"], alan: now["alan@example.org"]}
