"""Generate the low-level client from openapi.json into generated/, or check that it is current.

Runs the pinned openapi-python-client with the committed config and custom templates,
writing to a scratch folder first and swapping it in, so a failed run leaves the old
package in place. `--check` (make check-generated) regenerates into a temporary folder
and fails on any difference from the committed package.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "formify_api"


def generate(spec: Path, out_dir: Path) -> Path:
    """Write the generated package to `out_dir/formify_api` and return its path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    with tempfile.TemporaryDirectory(dir=out_dir) as scratch:
        target = Path(scratch) / PACKAGE
        cmd = [
            str(bin_dir / "openapi-python-client"),
            "generate",
            "--path",
            str(spec),
            "--config",
            str(ROOT / "generator-config.yaml"),
            "--custom-template-path",
            str(ROOT / "scripts" / "generator_templates"),
            "--meta",
            "none",
            "--output-path",
            str(target),
            "--fail-on-warning",
        ]
        result = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
        if result.returncode != 0 or not (target / "__init__.py").exists():
            sys.stderr.write(result.stdout + result.stderr)
            raise SystemExit(f"generation failed (exit {result.returncode})")
        (target / "py.typed").write_text("# Marker file for PEP 561\n")
        final = out_dir / PACKAGE
        if final.exists():
            shutil.rmtree(final)
        target.rename(final)
    return final


def differences(left: Path, right: Path) -> list[str]:
    """Relative paths that differ, or exist on one side only, between two trees."""
    out: list[str] = []

    def walk(cmp: filecmp.dircmp[str], prefix: str) -> None:
        out.extend(f"{prefix}{name} (only in generated/)" for name in cmp.left_only)
        out.extend(f"{prefix}{name} (missing from generated/)" for name in cmp.right_only)
        out.extend(f"{prefix}{name} (differs)" for name in cmp.diff_files)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    ignore = ["__pycache__", ".ruff_cache"]
    # a fresh tree never shares mtimes with the committed one, so dircmp compares bytes
    walk(filecmp.dircmp(left, right, ignore=ignore), "")
    return out


def check(spec: Path, committed_root: Path) -> list[str]:
    """Regenerate into a temporary folder; return how the committed package differs."""
    committed = committed_root / PACKAGE
    if not committed.exists():
        return [f"{committed} is missing"]
    with tempfile.TemporaryDirectory() as tmp:
        return differences(committed, generate(spec, Path(tmp)))


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--spec", type=Path, default=ROOT / "openapi.json")
    parser.add_argument("--output", type=Path, default=ROOT / "generated")
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args()
    if not args.check:
        print(f"generated {generate(args.spec, args.output)}")
        return
    diff = check(args.spec, args.output)
    if diff:
        print("generated/ is out of date with openapi.json; run `make generate`:", file=sys.stderr)
        for line in diff:
            print(f"  {line}", file=sys.stderr)
        raise SystemExit(1)
    print("generated/ is in sync with openapi.json")


if __name__ == "__main__":
    main()
