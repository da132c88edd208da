"""`scripts/record_cassettes.py`: what it runs, and its refusal to record live without a token."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

SCRIPT = Path(__file__).parents[2] / "scripts" / "record_cassettes.py"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("record_cassettes", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_records_from_the_emulator_then_replays_offline_with_the_scan() -> None:
    runs = _script().plan({"FORMIFY_RECORD": "x"}, ["-k", "oauth"])
    (record, record_env), (replay, replay_env) = runs
    assert record[-4:] == ["tests/regression", "--record-mode=rewrite", "-k", "oauth"]
    assert record_env["FORMIFY_RECORD"] == "emulator"
    assert "tests/test_cassettes_secrets.py" in replay
    assert {"--record-mode=none", "--block-network"} <= set(replay)
    assert "FORMIFY_RECORD" not in replay_env  # the replay runs with no emulator


def test_live_records_from_the_real_api() -> None:
    [(_, record_env), _] = _script().plan({"FORMIFY_LIVE": "1"}, [])
    assert record_env["FORMIFY_RECORD"] == "live"


def test_live_without_a_token_is_refused_before_any_run() -> None:
    env = {"FORMIFY_LIVE": "1", "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, str(SCRIPT)], env=env, capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 2
    assert "FORMIFY_ACCESS_TOKEN" in done.stderr
    assert "recording" not in done.stdout
