"""`make demo`: the quick start runs end to end on the emulator and leaves a signed PDF."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pypdf

ROOT = Path(__file__).resolve().parent.parent


def test_quickstart_runs_on_the_emulator(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FORMIFY_")}
    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "quickstart.py")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[-1].startswith("quick start OK: 1 upload, 1 document, 2 signatures")
    assert sum("webhook verified: document.signed by" in line for line in lines) == 2
    assert sum("webhook verified: document.completed" in line for line in lines) == 1
    signed = pypdf.PdfReader(tmp_path / "signed.pdf")
    sample = pypdf.PdfReader(ROOT / "examples" / "sample.pdf")
    # one added page per `new_page` signee, naming who signed
    assert len(signed.pages) == len(sample.pages) + 2
    added = signed.pages[-2].extract_text() + signed.pages[-1].extract_text()
    assert "Ada Lovelace" in added
    assert "Alan Turing" in added
