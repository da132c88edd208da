"""`make clean` removes everything the targets and tests create: `git status --ignored` is clean.

What the targets create is, by the project's rule, listed in `.gitignore` (anything else would
show up as untracked in every `git status`). So the test plants something for every
`.gitignore` entry — at the top and, for caches, deep in the packages, where tools put them —
runs the real `make clean` in a throw-away repository, and expects git to see nothing left.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MAKE = shutil.which("make")
GIT = shutil.which("git")

pytestmark = pytest.mark.skipif(MAKE is None or GIT is None, reason="needs make and git")

# where tools write their caches besides the top: ruff in generated/ (make generate formats
# there), bytecode next to every module
NESTED = ("generated/formify_api", "formify/testing", "tests", "scripts", "examples")
CACHES = ("__pycache__/", "*.pyc", ".ruff_cache/", ".mypy_cache/", ".pytest_cache/")


def ignore_entries() -> list[str]:
    lines = (ROOT / ".gitignore").read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def plant(repo: Path, entry: str) -> list[Path]:
    """Create what `entry` ignores: a directory with a file in it, or a matching file."""
    name = entry.strip("/").replace("*", "planted")
    places = [repo] + ([repo / sub for sub in NESTED] if entry in CACHES else [])
    made = []
    for place in places:
        place.mkdir(parents=True, exist_ok=True)
        target = place / name
        if entry.endswith("/"):
            target.mkdir(parents=True, exist_ok=True)
            (target / "left-behind").write_text("x")
        else:
            target.write_text("x")
        made.append(target)
    return made


def git(repo: Path, *args: str) -> str:
    assert GIT is not None
    return subprocess.run(
        [GIT, "-C", str(repo), *args], check=True, capture_output=True, text=True
    ).stdout


def test_make_clean_leaves_git_status_ignored_clean(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copy(ROOT / "Makefile", repo / "Makefile")
    shutil.copy(ROOT / ".gitignore", repo / ".gitignore")
    for sub in NESTED:
        (repo / sub).mkdir(parents=True)
        (repo / sub / "module.py").write_text("")  # tracked: must survive
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "init")

    planted = [path for entry in ignore_entries() for path in plant(repo, entry)]
    # the named artefacts the issue lists, whatever .gitignore says about them
    for extra in (".hypothesis/examples", "generated/formify_api/.ruff_cache/x", "signed.pdf"):
        (repo / extra).parent.mkdir(parents=True, exist_ok=True)
        (repo / extra).write_text("x")
    assert len(planted) >= len(ignore_entries())
    assert git(repo, "status", "--ignored", "--porcelain").strip()  # something to clean

    assert MAKE is not None
    result = subprocess.run(
        [MAKE, "clean"], cwd=repo, capture_output=True, text=True, timeout=60, check=False
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert git(repo, "status", "--ignored", "--porcelain") == ""
    for sub in NESTED:
        assert (repo / sub / "module.py").exists()
