"""The committed cassettes are what `make cassettes` writes today, byte for byte.

The recording runs (as scripts/record_cassettes.py does, against a deterministic emulator) into
a temporary directory; every cassette must come out identical to the committed one. A change
of what the client sends or the emulator answers therefore fails here until it is re-recorded
(`make cassettes`), and re-recording without a change of behaviour rewrites nothing.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "tests" / "cassettes"
PYTEST = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q"]


def _cassettes(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.yaml"))}


def test_recording_again_writes_the_committed_cassettes(tmp_path: Path) -> None:
    env = {**os.environ, "FORMIFY_RECORD": "emulator", "FORMIFY_CASSETTES": str(tmp_path)}
    run = subprocess.run(
        [*PYTEST, "tests/regression", "--record-mode=rewrite"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    recorded, committed = _cassettes(tmp_path), _cassettes(COMMITTED)
    assert sorted(recorded) == sorted(committed)
    changed = [name for name in committed if recorded[name] != committed[name]]
    assert not changed, (
        f"run `make cassettes` and commit: {len(changed)} differ, e.g. {changed[:3]}"
    )
