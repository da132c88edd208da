"""The API reference (docs/reference/*.md) documents every public name, and only real ones.

A public module is listed in PUBLIC (each must exist, or be awaited in PLANNED); every name in
its `__all__` must be rendered by a `::: dotted.path` directive that resolves to the very same
object (a re-export documented under its other home counts). A new public name without a page,
a new public module left out, or a directive naming something that does not exist fails here
before `make docs` fails later.
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
import re
import types
from pathlib import Path
from typing import Any

import pytest

import formify

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "docs" / "reference"
DIRECTIVE = re.compile(r"^:::\s+(\S+)\s*$", re.MULTILINE)

# the modules whose `__all__` is the public API
PUBLIC = [
    "formify",
    "formify.bulk",
    "formify.errors",
    "formify.pagination",
    "formify.reconcile",
    "formify.webhooks",
    "formify.stores",
    "formify.testing",
    "formify.testing.conformance",
    "formify.types",
]
# public modules being built on other branches: skipped (not failed, so their landing is not
# blocked) until the reference has a directive for them; then checked like PUBLIC
PLANNED: list[str] = []
# public-looking modules with no API of their own to document, and why
NOT_API = {
    "formify.cli": "a command line, documented in the CLI guide",
    "formify.resources": "reached as client attributes; its classes are on the Resources page",
}


def directives() -> list[str]:
    return [
        match
        for page in sorted(REFERENCE.glob("*.md"))
        for match in DIRECTIVE.findall(page.read_text())
    ]


def resolve(path: str) -> Any:
    """Import the longest module prefix of `path`, then follow attributes."""
    parts = path.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            target: Any = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attribute in parts[cut:]:
            target = getattr(target, attribute)
        return target
    raise ModuleNotFoundError(path)


def public_modules() -> list[str]:
    planned = [name for name in PLANNED if importlib.util.find_spec(name) is not None]
    return PUBLIC + planned


def test_every_directive_names_something_real() -> None:
    found = directives()
    assert len(found) > 40
    for path in found:
        resolve(path)  # raises for a name that does not exist


@pytest.mark.parametrize("module_name", public_modules())
def test_every_public_name_has_a_reference_entry(module_name: str) -> None:
    if module_name in PLANNED and not any(p.startswith(module_name + ".") for p in directives()):
        pytest.skip(f"{module_name} has landed: give it a page in docs/reference/")
    documented = {id(resolve(path)) for path in directives()}
    covered_modules = set(public_modules())
    module = importlib.import_module(module_name)
    missing = []
    for name in module.__all__:
        value = getattr(module, name)
        if isinstance(value, types.ModuleType) and value.__name__ in covered_modules:
            continue  # a public submodule: checked as a module of its own
        if id(value) not in documented:
            missing.append(f"{module_name}.{name}")
    assert missing == [], f"add a `::: name` directive to a page in docs/reference/: {missing}"


def test_every_public_module_is_documented_or_excused() -> None:
    """A new public module under formify/ must be added to PUBLIC (or NOT_API, with a reason)."""
    found = {
        f"formify.{info.name}"
        for info in pkgutil.iter_modules(formify.__path__)
        if not info.name.startswith("_")
    }
    known = set(PUBLIC) | set(PLANNED) | set(NOT_API)
    assert found - known == set()
    for name in PUBLIC:
        assert importlib.util.find_spec(name) is not None, name


def test_the_site_shows_the_version_of_formify() -> None:
    """docs/_hooks.py puts formify.__version__ in the site name and in `{{ version }}`."""
    spec = importlib.util.spec_from_file_location("docs_hooks", ROOT / "docs" / "_hooks.py")
    assert spec is not None and spec.loader is not None
    hooks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hooks)
    assert hooks.on_config({"site_name": "x"})["site_name"] == f"formify {formify.__version__}"
    index = (ROOT / "docs" / "index.md").read_text()
    assert "{{ version }}" in index
    assert formify.__version__ in hooks.on_page_markdown(index)
    assert "{{ version }}" not in hooks.on_page_markdown(index)
