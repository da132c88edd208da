"""One distribution, `formify`, ships the facade and the generated client, both typed."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_contains_both_packages_with_py_typed(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
    )
    (wheel,) = tmp_path.glob("formify-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "formify/__init__.py",
        "formify/py.typed",
        "formify_api/__init__.py",
        "formify_api/py.typed",
        "formify_api/client.py",
    ):
        assert required in names, required
    assert not any(n.startswith(("generated/", "tests/")) for n in names)
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    text = zipfile.ZipFile(wheel).read(metadata).decode()
    assert "Requires-Python: >=3.11" in text
    runtime = [
        line
        for line in text.splitlines()
        if line.startswith("Requires-Dist:") and "extra ==" not in line
    ]
    assert sorted(line.split()[1].split("<")[0].split(">")[0] for line in runtime) == [
        "attrs",
        "httpx",
        "python-dateutil",
    ]


def test_pytest_plugin_loads_without_the_emulator_extra() -> None:
    """`pip install formify` registers the pytest plugin; pytest must start without the extra.

    The emulator's dependencies are made unimportable in a fresh interpreter; loading the
    plugin module (what pytest does for every session) must still work, and asking for the
    emulator names the extra to install.
    """
    script = """
import sys
for name in ("starlette", "uvicorn", "pypdf", "multipart", "python_multipart"):
    sys.modules[name] = None  # import of these now raises ImportError
import formify.testing.pytest_plugin
import formify.testing
assert "Emulator" in dir(formify.testing)
try:
    formify.testing.Emulator
except ImportError as exc:
    assert "formify[emulator]" in str(exc), exc
else:
    raise AssertionError("Emulator imported without starlette")
try:
    formify.testing.NoSuchName
except AttributeError:
    pass
print("ok")
"""
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
