"""Which API operation a request is: (method, /v1 path) -> operationId, from the routing table."""

from __future__ import annotations

import re
from collections.abc import Iterable

Operation = tuple[str, "re.Pattern[str]", str]


def compile_operations(table: Iterable[tuple[str, str, str]]) -> list[Operation]:
    """Turn (method, path template, operationId) rows into matchers of concrete /v1 paths."""
    out = []
    for method, template, operation in table:
        pattern = re.sub(r"\{[^/]+\}", "[^/]+", template)
        out.append((method, re.compile(f"^/v1{pattern}$"), operation))
    return out


def operation_of(operations: Iterable[Operation], method: str, path: str) -> str | None:
    """Return the operationId of a request, or None when no operation has that method and path."""
    for want, pattern, operation in operations:
        if want == method and pattern.match(path):
            return operation
    return None
