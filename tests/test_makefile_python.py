"""The Makefile's set-up: which Python builds .venv, a one-line stop without one, rebuilds.

Each test runs the real Makefile and scripts (copied into a temporary directory) with a PATH
that holds only fake Pythons — small shell scripts that report a version, and whose
`-m venv` / `-m pip` only record that they were asked — so no real venv or pip is involved.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MAKE = shutil.which("make")

pytestmark = pytest.mark.skipif(MAKE is None, reason="make is not installed")

FAKE_PYTHON = """#!/bin/sh
# a fake Python {version}: answers the probe, makes a fake venv, records what it is asked
echo "$0 $*" >>"{log}"
case "$1" in
    -c) echo "{version} {real}" ;;
    -m)
        if [ "$2" = venv ]; then
            mkdir -p "$3/bin"
            printf 'home = {home}\\nversion = {version}\\n' >"$3/pyvenv.cfg"
            cp "$0" "$3/bin/python"
        fi ;;
esac
"""

# pyenv's shim for a version that is installed but not selected: exists, does not run
BROKEN_SHIM = """#!/bin/sh
echo "pyenv: $(basename "$0"): command not found" >&2
exit 127
"""


class Machine:
    """A project directory plus a PATH of fake Pythons; `make(...)` runs the real Makefile."""

    def __init__(self, tmp_path: Path) -> None:
        self.project = tmp_path / "project"
        (self.project / "scripts").mkdir(parents=True)
        shutil.copy(ROOT / "Makefile", self.project / "Makefile")
        for script in ("find_python.sh", "venv.sh"):
            shutil.copy(ROOT / "scripts" / script, self.project / "scripts" / script)
        (self.project / "pyproject.toml").write_text("[project]\nname = 'x'\n")
        self.bin = tmp_path / "bin"
        self.bin.mkdir()
        # the few programs the scripts use besides the Pythons (no real python on this PATH)
        for tool in ("cat", "rm", "touch", "mkdir", "cp", "basename", "find"):
            found = shutil.which(tool)
            assert found is not None, tool
            (self.bin / tool).symlink_to(found)
        self.log = tmp_path / "calls.log"
        self.log.touch()

    def python(self, name: str, version: str, *, where: Path | None = None) -> Path:
        """Put a fake Python `name` reporting `version` on PATH (or in `where`)."""
        directory = where or self.bin
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / name
        path.write_text(
            FAKE_PYTHON.format(version=version, real=path, home=directory, log=self.log)
        )
        path.chmod(0o755)
        return path

    def broken_shim(self, name: str) -> None:
        path = self.bin / name
        path.write_text(BROKEN_SHIM)
        path.chmod(0o755)

    def make(self, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
        assert MAKE is not None
        return subprocess.run(
            [MAKE, "--no-print-directory", *args],
            cwd=self.project,
            env={"PATH": str(self.bin), "HOME": str(self.project), **env},
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )

    def calls(self) -> list[str]:
        return self.log.read_text().splitlines()

    def venv_made_by(self) -> str:
        return (self.project / ".venv" / ".formify-python").read_text().strip()


@pytest.fixture
def machine(tmp_path: Path) -> Machine:
    return Machine(tmp_path)


def test_python3_is_3_10_but_python3_11_exists_picks_3_11(machine: Machine) -> None:
    machine.broken_shim("python3.13")  # as pyenv leaves it when 3.13 is not selected
    machine.python("python3", "3.10.12")
    py311 = machine.python("python3.11", "3.11.9")

    result = machine.make("venv")

    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Python 3.11.9 (python3.11 -> {py311})" in result.stdout
    assert "make PYTHON=" in result.stdout  # says how to choose another
    assert machine.venv_made_by() == f"3.11.9 {py311}"
    assert f"{py311} -m venv .venv" in machine.calls()
    assert any(call.endswith("-m pip install --quiet -e .[dev]") for call in machine.calls())
    assert (machine.project / ".venv" / ".installed-stamp").exists()


def test_newest_first_and_python_chooses(machine: Machine, tmp_path: Path) -> None:
    machine.python("python3", "3.11.2")
    machine.python("python3.11", "3.11.9")
    py312 = machine.python("python3.12", "3.12.4")
    other = machine.python("python3", "3.13.1", where=tmp_path / "elsewhere")

    assert machine.make("venv").returncode == 0
    assert machine.venv_made_by() == f"3.12.4 {py312}"

    result = machine.make("venv", PYTHON=str(other))
    assert result.returncode == 0, result.stdout + result.stderr
    assert machine.venv_made_by() == f"3.13.1 {other}"


def test_only_python_3_10_stops_at_once_with_one_line(machine: Machine) -> None:
    machine.python("python3", "3.10.12")
    machine.broken_shim("python3.11")

    started = time.monotonic()
    result = machine.make("test")
    elapsed = time.monotonic() - started

    assert result.returncode != 0
    output = (result.stdout + result.stderr).strip().splitlines()
    assert len(output) == 1, output
    line = output[0]
    assert "needs Python 3.11 or newer" in line
    assert "python3 is 3.10.12" in line
    assert "install python3.11" in line
    assert "make PYTHON=" in line
    assert elapsed < 2, elapsed
    assert not (machine.project / ".venv").exists()
    assert machine.calls() == [f"{machine.bin / 'python3'} -c " + probe_code()]


def test_no_python_at_all_says_what_to_install(machine: Machine) -> None:
    result = machine.make("venv")
    assert result.returncode != 0
    output = (result.stdout + result.stderr).strip().splitlines()
    assert len(output) == 1, output
    assert "no python3 on PATH" in output[0]
    assert "install python3.11" in output[0]


def test_python_set_to_an_old_or_missing_interpreter_is_refused(machine: Machine) -> None:
    machine.python("python3.10", "3.10.12")
    machine.python("python3.11", "3.11.9")

    old = machine.make("venv", PYTHON="python3.10")
    missing = machine.make("venv", PYTHON="/nowhere/python3")

    assert old.returncode != 0
    assert len(old.stderr.strip().splitlines()) == 1
    assert "PYTHON=python3.10 is Python 3.10.12" in old.stderr
    assert missing.returncode != 0
    assert "PYTHON=/nowhere/python3 does not run" in missing.stderr
    assert not (machine.project / ".venv").exists()


def test_help_and_clean_need_no_python(machine: Machine) -> None:
    machine.python("python3", "3.10.12")
    assert machine.make("help").returncode == 0
    assert machine.make("clean").returncode == 0
    assert machine.calls() == []


def test_a_venv_made_by_an_older_python_is_rebuilt(machine: Machine, tmp_path: Path) -> None:
    # a .venv left by `python3 -m venv` on 3.10, before this Makefile marked its venvs
    old = machine.python("python3", "3.10.12", where=tmp_path / "old")
    subprocess.run([old, "-m", "venv", ".venv"], cwd=machine.project, check=True)
    (machine.project / ".venv" / "stale-file").touch()
    py311 = machine.python("python3.11", "3.11.9")

    result = machine.make("venv")

    assert result.returncode == 0, result.stdout + result.stderr
    assert ".venv was made by Python 3.10.12 (pyvenv.cfg), not 3.11.9" in result.stdout
    assert machine.venv_made_by() == f"3.11.9 {py311}"
    assert not (machine.project / ".venv" / "stale-file").exists()
    assert f"{py311} -m venv .venv" in machine.calls()


def test_a_venv_made_by_another_interpreter_of_the_same_version_is_rebuilt(
    machine: Machine, tmp_path: Path
) -> None:
    first = machine.python("python3.11", "3.11.9", where=tmp_path / "first")
    assert machine.make("venv", PYTHON=str(first)).returncode == 0
    second = machine.python("python3.11", "3.11.9")

    result = machine.make("venv")

    assert result.returncode == 0, result.stdout + result.stderr
    assert f"made by Python 3.11.9 {first}, not 3.11.9 at {second}: rebuilding" in result.stdout
    assert machine.venv_made_by() == f"3.11.9 {second}"


def test_the_same_python_reuses_the_venv_and_reinstalls_only_on_change(
    machine: Machine,
) -> None:
    py311 = machine.python("python3.11", "3.11.9")
    assert machine.make("venv").returncode == 0
    installs = sum("pip install --quiet -e" in call for call in machine.calls())
    assert installs == 1

    again = machine.make("venv")
    assert again.returncode == 0
    assert f"Using .venv (Python 3.11.9, {py311})" in again.stdout
    assert sum("pip install --quiet -e" in call for call in machine.calls()) == 1
    assert sum("-m venv" in call for call in machine.calls()) == 1

    stamp = machine.project / ".venv" / ".installed-stamp"
    past = time.time() - 60
    os.utime(stamp, (past, past))  # pyproject.toml is now newer than the last install
    assert machine.make("venv").returncode == 0
    assert sum("pip install --quiet -e" in call for call in machine.calls()) == 2
    assert sum("-m venv" in call for call in machine.calls()) == 1


def test_a_venv_same_version_without_the_mark_is_adopted(machine: Machine) -> None:
    py311 = machine.python("python3.11", "3.11.9")
    subprocess.run([py311, "-m", "venv", ".venv"], cwd=machine.project, check=True)
    (machine.project / ".venv" / ".installed-stamp").touch()

    result = machine.make("venv")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "rebuilding" not in result.stdout
    assert machine.venv_made_by() == f"3.11.9 {py311}"
    assert sum("-m venv" in call for call in machine.calls()) == 1  # ours, above


def probe_code() -> str:
    """The probe find_python.sh runs, as the fake Python logs it."""
    for line in (ROOT / "scripts" / "find_python.sh").read_text().splitlines():
        if line.startswith("PROBE="):
            return line.removeprefix("PROBE='").removesuffix("'")
    raise AssertionError("no PROBE= line in find_python.sh")
