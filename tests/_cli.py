"""Run the installed ``formify`` console script as a subprocess, in an empty config home."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

FORMIFY = str(Path(sys.executable).with_name("formify"))


def cli_env(config_home: Path, **extra: str) -> dict[str, str]:
    """The environment of a CLI run: no FORMIFY_* from the caller, its own config home."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FORMIFY_")}
    env["XDG_CONFIG_HOME"] = str(config_home)
    env["NO_COLOR"] = "1"
    env.update(extra)
    return env


def run(
    *args: str, env: dict[str, str], timeout: float = 60, input: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``formify ARGS``; return the finished process (stdout, stderr as text)."""
    return subprocess.run(
        [FORMIFY, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        input=input,
        check=False,
    )


def run_json(*args: str, env: dict[str, str]) -> Any:
    """Run ``formify --json ARGS``, expect exit 0 and nothing but one JSON value on stdout."""
    proc = run("--json", *args, env=env)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)  # raises unless stdout is exactly one JSON document


def one_line_error(proc: subprocess.CompletedProcess[str], code: int, name: str) -> str:
    """Assert the run failed with `code`, stdout empty, one stderr line naming `name`."""
    assert proc.returncode == code, (proc.returncode, proc.stdout, proc.stderr)
    assert proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{name}: "), proc.stderr
    return lines[0]


def emulator_env(emu: Any, config_home: Path, **extra: str) -> dict[str, str]:
    """`cli_env` pointed at a running emulator with its access token."""
    return cli_env(
        config_home,
        FORMIFY_BASE_URL=emu.base_url,
        FORMIFY_ACCESS_TOKEN=emu.access_token,
        **extra,
    )


def start(*args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    """Start ``formify ARGS`` in the background, stdout and stderr piped as text."""
    return subprocess.Popen(
        [FORMIFY, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
