"""Download the published OpenAPI spec to openapi.json and report what changed.

Prints the operations added, removed and changed (by method and path). When the spec
cannot be fetched or is not an OpenAPI document, prints one line and exits 1, leaving
openapi.json untouched.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
PUBLISHED_URL = "https://developers-next.formify.eu/openapi.json"
METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


def operations(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Map "METHOD /path" to its operation object."""
    ops: dict[str, dict[str, Any]] = {}
    for path, item in (spec.get("paths") or {}).items():
        for method in METHODS:
            if method in item:
                ops[f"{method.upper()} {path}"] = item[method]
    return ops


def diff_operations(old: dict[str, Any], new: dict[str, Any]) -> dict[str, list[str]]:
    """Operations added, removed and changed between two specs."""
    before, after = operations(old), operations(new)
    return {
        "added": sorted(after.keys() - before.keys()),
        "removed": sorted(before.keys() - after.keys()),
        "changed": sorted(k for k in before.keys() & after.keys() if before[k] != after[k]),
    }


def fetch(url: str, timeout: float) -> dict[str, Any]:
    """Fetch and minimally check the published spec; raise RuntimeError with one line."""
    try:
        response = httpx.get(url, timeout=timeout, follow_redirects=True)
        response.raise_for_status()
        spec = response.json()
    except httpx.HTTPError as exc:
        raise RuntimeError(f"cannot fetch {url}: {type(exc).__name__}: {exc}") from exc
    except ValueError as exc:
        raise RuntimeError(f"{url} did not answer JSON") from exc
    if not isinstance(spec, dict) or "openapi" not in spec or "paths" not in spec:
        raise RuntimeError(f"{url} did not answer an OpenAPI document")
    return spec


def write_atomically(path: Path, spec: dict[str, Any]) -> None:
    """Replace `path` with the pretty-printed spec, never leaving it half-written."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(spec, fh, indent=2, ensure_ascii=False)
        fh.write("\n")
    os.replace(tmp, path)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default=os.environ.get("FORMIFY_SPEC_URL", PUBLISHED_URL))
    parser.add_argument("--output", type=Path, default=ROOT / "openapi.json")
    parser.add_argument("--timeout", type=float, default=15.0)
    args = parser.parse_args(argv)
    try:
        new = fetch(args.url, args.timeout)
    except RuntimeError as exc:
        print(f"fetch-spec: {exc}; {args.output.name} left untouched", file=sys.stderr)
        return 1
    old = json.loads(args.output.read_text()) if args.output.exists() else {}
    changes = diff_operations(old, new)
    write_atomically(args.output, new)
    for kind, ops in changes.items():
        for op in ops:
            print(f"{kind:8} {op}")
    total = sum(len(v) for v in changes.values())
    print(f"fetch-spec: wrote {args.output.name}; {total} operation(s) added, removed or changed")
    if total:
        print("next: `make generate`; `make test` then lists what the facade must cover")
    return 0


if __name__ == "__main__":
    sys.exit(main())
