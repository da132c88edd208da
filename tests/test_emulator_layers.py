"""formify.testing is built in floors: each sub-package imports only from its own floor or below.

_pdf (PDF bytes) < _state (the emulated service) < _routes (HTTP routes) < _app (ASGI apps and
the server) < the package's public modules (``__init__``, ``pytest_plugin``, ...). Every import
counts, including ones under ``TYPE_CHECKING`` and inside functions.
"""

from __future__ import annotations

import ast
from pathlib import Path

import formify.testing

FLOORS = {"_pdf": 1, "_state": 2, "_routes": 3, "_app": 4}
TOP = 5  # formify.testing itself and its public modules
PACKAGE = "formify.testing"


def _floor_of_module(dotted: str) -> int | None:
    """The floor of a module under formify.testing (None for modules outside it)."""
    if dotted != PACKAGE and not dotted.startswith(PACKAGE + "."):
        return None
    rest = dotted[len(PACKAGE) + 1 :].split(".")
    if not rest[0]:
        return TOP
    return FLOORS.get(rest[0], TOP)


def _imported(tree: ast.AST, here: str, is_package: bool) -> list[tuple[int, str]]:
    """(line, dotted name) of every module (or module member) imported in `tree`."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = here.split(".")
                base = parts if is_package else parts[:-1]
                base = base[: len(base) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            # `from formify.testing import _state` imports the sub-package, not the top
            found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
    return found


def _target_floor(dotted: str) -> int | None:
    floor = _floor_of_module(dotted)
    if floor == TOP:
        # `formify.testing.Emulator` (a name from the top) is the top; so is the package itself
        return TOP
    return floor


def layering_problems(root: Path, package: str = PACKAGE) -> list[str]:
    """Every import under `root` (the formify/testing directory) that goes up a floor."""
    problems = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root).with_suffix("")
        parts = list(relative.parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        here = ".".join([package, *parts])
        if len(relative.parts) > 1 and parts[0] not in FLOORS:
            problems.append(f"{here}: sub-package {parts[0]!r} has no floor in FLOORS")
            continue
        source_floor = _floor_of_module(here)
        assert source_floor is not None
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for line, name in _imported(tree, here, is_package):
            target = _target_floor(name)
            if target is not None and target > source_floor:
                problems.append(f"{here}:{line} imports {name} (floor {target} > {source_floor})")
    return problems


def test_no_module_of_formify_testing_imports_from_a_higher_floor() -> None:
    root = Path(formify.testing.__file__).parent
    assert layering_problems(root) == []


def test_every_floor_exists_and_holds_modules() -> None:
    root = Path(formify.testing.__file__).parent
    for floor in FLOORS:
        assert len(list((root / floor).glob("*.py"))) > 1, floor
    # the flat layout is gone: only public modules sit at the top
    private_top = [p.name for p in root.glob("_*.py") if p.name != "__init__.py"]
    assert private_top == []


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return tmp_path


def test_the_check_sees_upward_imports_of_every_form(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "__init__.py": "",
            "_pdf/__init__.py": "",
            "_pdf/forms.py": "from formify.testing._state.store import Store\n",
            "_state/__init__.py": "",
            "_state/store.py": (
                "from typing import TYPE_CHECKING\n"
                "if TYPE_CHECKING:\n    from formify.testing._routes import http\n"
            ),
            "_state/clock.py": "def f():\n    from ..import Emulator\n",
            "_routes/__init__.py": "import formify.testing._app.server\n",
            "_routes/ok.py": "from formify.testing._state import store\nfrom .. import _pdf\n",
            "_app/__init__.py": "",
            "_app/server.py": "from formify.testing._routes import ok\nfrom ._x import y\n",
        },
    )
    problems = layering_problems(root)
    assert [p.split(" imports ")[0] for p in problems] == [
        "formify.testing._pdf.forms:1",
        "formify.testing._routes:1",
        "formify.testing._state.clock:2",
        "formify.testing._state.store:3",
    ]


def test_a_new_sub_package_must_be_given_a_floor(tmp_path: Path) -> None:
    root = _tree(tmp_path, {"__init__.py": "", "_ui/__init__.py": "", "_ui/pages.py": ""})
    assert layering_problems(root) == [
        "formify.testing._ui: sub-package '_ui' has no floor in FLOORS",
        "formify.testing._ui.pages: sub-package '_ui' has no floor in FLOORS",
    ]
