"""Emulator(deterministic=True): the same requests get the same bytes, run after run.

What `make cassettes` relies on to rewrite no cassette when behaviour did not change: ids from a
seed (the same sequence after every reset), a clock standing at 2025-01-01T00:00:00Z until
advanced, and Date headers of that clock.
"""

from __future__ import annotations

import httpx
from _emulator_helpers import api_client, new_document

from formify.testing import Emulator


def _session(emu: Emulator) -> list[tuple[int, str, bytes]]:
    """A small scripted session: (status, Date header, body) of each answer.

    The emulator's own origins (free ports, which differ between emulators) are written as
    ORIGIN and STORAGE, as the cassette scrub writes them as fixed ports.
    """
    seen = []

    def body(r: httpx.Response) -> bytes:
        return r.content.replace(emu.url.encode(), b"ORIGIN").replace(
            emu.storage_url.encode(), b"STORAGE"
        )

    with api_client(emu) as api:
        doc_id, _ = new_document(api)
        emu.sign(doc_id)
        for path in (f"docs/{doc_id}", "docs", f"docs/{doc_id}/history", "user"):
            r = api.get(path)
            seen.append((r.status_code, r.headers["date"], body(r)))
        located = api.get(f"docs/{doc_id}/signed-file")
        seen.append((located.status_code, located.headers["date"], body(located)))
        pdf = httpx.get(located.headers["location"], trust_env=False)
        seen.append((pdf.status_code, pdf.headers["date"], body(pdf)))
    return seen


def test_two_deterministic_emulators_answer_byte_for_byte_alike() -> None:
    with Emulator(access_token="same", deterministic=True) as first:
        one = _session(first)
        first.reset()
        again = _session(first)  # a reset starts the id sequence over
    with Emulator(access_token="same", deterministic=True) as second:
        two = _session(second)
    assert one == two == again
    assert {date for _, date, _ in one} == {"Wed, 01 Jan 2025 00:00:00 GMT"}


def test_the_deterministic_clock_moves_only_when_advanced() -> None:
    with Emulator(deterministic=True) as emu, api_client(emu) as api:
        assert api.get("user").headers["date"] == "Wed, 01 Jan 2025 00:00:00 GMT"
        emu.advance(90)
        assert api.get("user").headers["date"] == "Wed, 01 Jan 2025 00:01:30 GMT"
        emu.reset()
        assert api.get("user").headers["date"] == "Wed, 01 Jan 2025 00:00:00 GMT"


def test_an_ordinary_emulator_uses_random_ids_and_real_time(formify_emulator: Emulator) -> None:
    with api_client(formify_emulator) as api:
        first, _ = new_document(api)
        formify_emulator.reset()
        second, _ = new_document(api)
        assert api.get("user").headers["date"] != "Wed, 01 Jan 2025 00:00:00 GMT"
    assert first != second
