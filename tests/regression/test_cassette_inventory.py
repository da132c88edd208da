"""Every recorded flow has its cassette, and every cassette belongs to a flow that still exists.

A missing cassette already fails its test in replay; this names all of them at once, and it
catches the other direction too: a cassette left behind by a renamed or deleted test.
"""

from __future__ import annotations

import ast
from pathlib import Path

HERE = Path(__file__).parent
CASSETTES = HERE.parent / "cassettes"


def _flow_tests() -> set[str]:
    """`<module>/<test>.yaml` for every test function in the recorded flow modules."""
    names: set[str] = set()
    for module in sorted(HERE.glob("test_flow_*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith(
                "test_"
            ):
                names.add(f"{module.stem}/{node.name}.yaml")
    return names


def _cassettes() -> set[str]:
    return {str(path.relative_to(CASSETTES)) for path in CASSETTES.glob("test_flow_*/*.yaml")}


def test_flow_modules_are_found() -> None:
    assert len(_flow_tests()) >= 20


def test_every_flow_has_a_cassette() -> None:
    missing = sorted(_flow_tests() - _cassettes())
    assert not missing, f"flows without a cassette (run `make cassettes`): {missing}"


def test_no_cassette_is_left_over() -> None:
    orphans = sorted(_cassettes() - _flow_tests())
    assert not orphans, f"cassettes of no current test (delete them): {orphans}"
