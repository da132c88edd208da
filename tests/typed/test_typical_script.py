"""The typed typical script (checked by mypy --strict in `make typecheck`) runs as it reads."""

from __future__ import annotations

from pathlib import Path

from formify import Formify
from formify.testing import Emulator, sample_pdf
from tests.typed import typical_script


def test_typical_script_runs_against_the_emulator(
    formify_emulator: Emulator, tmp_path: Path
) -> None:
    pdf = tmp_path / "in.pdf"
    pdf.write_bytes(sample_pdf(1))
    out = tmp_path / "signed.pdf"
    with Formify(
        access_token=formify_emulator.access_token, base_url=formify_emulator.base_url
    ) as client:
        report = typical_script.run(client, pdf, out, sign=formify_emulator.sign)
    assert report[0] == "Typed script: awaiting_signatures"
    assert report[1].startswith("Ann Lee <ann@example.com>: AWAITING_SIGNATURE, signed not yet")
    assert report[3] == "first signee waiting: True"
    assert report[4] == "documents listed: 1"
    assert report[5].startswith("Ann Lee <ann@example.com>: SIGNED, signed 20")
    assert report[-2].startswith("downloaded ") and out.read_bytes().startswith(b"%PDF")
    assert report[-1] != "completed: never"
