"""examples/bulk/send_bulk.py runs on the emulator; a second run with its journal sends nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "bulk" / "send_bulk.py"


def test_example_sends_the_csv_once_and_a_rerun_sends_nothing(tmp_path: Path) -> None:
    journal = str(tmp_path / "nda.db")
    done = subprocess.run(
        [sys.executable, str(EXAMPLE), journal],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    first, again = done.stdout.split("again with the journal")
    assert "6 of 6 documents created" in first and "6 requests" in first
    assert "6 of 6 documents created" in again and "0 requests" in again
