"""The ``formify`` command line (extra ``formify[cli]``); ``main`` is the console script.

Only the standard library is imported here: ``formify --help`` must start fast, and the base
install (without Typer and Rich) must still say how to get the command line.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Sequence

__all__ = ["main"]

INSTALL_HINT = "pip install 'formify[cli]'"


def _missing_extra() -> str | None:
    for name in ("typer", "rich"):
        try:
            found = importlib.util.find_spec(name) is not None
        except (ImportError, ValueError):  # a blocked or half-installed module
            found = False
        if not found:
            return name
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``formify`` command with `argv` (default ``sys.argv[1:]``); return the status."""
    missing = _missing_extra()
    if missing is not None:
        sys.stderr.write(
            f"formify: the command line needs the 'cli' extra ({missing} is not installed): "
            f"{INSTALL_HINT}\n"
        )
        return 1
    from formify.cli._app import run

    return run(list(sys.argv[1:] if argv is None else argv))
