"""What commands print: JSON on stdout with ``--json`` (and nothing else there), text otherwise.

Rich is imported only by the commands that draw tables or progress, so that ``--help`` and
``--json`` runs stay fast.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

    from formify.cli._config import Settings


def plain(value: Any) -> Any:
    """Return a JSON-ready copy: generated models via ``to_dict()``, datetimes as ISO 8601."""
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict) and not isinstance(value, Mapping):
        return plain(to_dict())
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return plain(value.value)
    return value


def emit_json(value: Any) -> None:
    """Write `value` as JSON on stdout."""
    sys.stdout.write(json.dumps(plain(value), indent=2, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def stdout_console() -> Console:
    """Return a Rich console on stdout (no colour or cursor tricks when piped)."""
    from rich.console import Console

    # piped: no terminal width to fit, so nothing is cut short (an ID must stay whole)
    width = None if sys.stdout.isatty() else 100_000
    return Console(highlight=False, soft_wrap=True, width=width)


def stderr_console() -> Console:
    """Return a Rich console on stderr, for progress and status kept off stdout."""
    from rich.console import Console

    return Console(stderr=True, highlight=False)


class Output:
    """Prints a command's result the way ``--json`` asks."""

    def __init__(self, settings: Settings) -> None:
        self.json = settings.json

    def result(self, value: Any, text: str | Callable[[], None]) -> None:
        """Print `value` as JSON, or `text` (a string, or a function that prints) for people."""
        if self.json:
            emit_json(value)
        elif callable(text):
            text()
        else:
            print(text, flush=True)

    def note(self, message: str) -> None:
        """Print a remark for people on stderr, so stdout stays the result alone."""
        print(message, file=sys.stderr, flush=True)

    def table(
        self,
        rows: Sequence[Any],
        columns: str,
        *,
        empty: str = "nothing to show",
        json_rows: Sequence[Any] | None = None,
    ) -> None:
        """Print rows as JSON (`json_rows` when given), or a table of the named attributes.

        `columns` names the attributes, space-separated (``"document_id name status"``); the
        first is the ID and is never wrapped or cut.
        """
        if self.json:
            emit_json(list(rows if json_rows is None else json_rows))
            return
        if not rows:
            self.note(empty)
            return
        from rich.table import Table

        names = columns.split()
        table = Table(box=None, pad_edge=False, header_style="bold")
        for index, name in enumerate(names):
            table.add_column(_title(name, index), no_wrap=index == 0)
        for row in rows:
            table.add_row(*(text_of(getattr(row, name)) for name in names))
        stdout_console().print(table)


def _title(attribute: str, index: int) -> str:
    if index == 0 and attribute.endswith("_id"):
        return "ID"
    return attribute.removesuffix("_at").removesuffix("_").replace("_", " ").upper()


def present(value: Any) -> Any:
    """Return `value`, or None for an absent member of a generated model (``Unset``)."""
    return None if type(value).__name__ == "Unset" else value


def text_of(value: object) -> str:
    """Return a cell's text: '-' for nothing, ISO-ish times, enum values."""
    if present(value) is None:
        return "-"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, list):
        return ",".join(text_of(v) for v in value)
    return str(value)
