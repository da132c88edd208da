"""Injected faults: answer a matching request with an error, a delay or a dropped connection.

"drop" closes the connection once the request is read, before the handler runs (the server did
nothing); "drop_after" runs the handler and then closes the connection instead of answering
(the server did the work, the client never heard).
"""

from __future__ import annotations

import math
import threading

import attrs

from formify.testing._state.operations import Operation, operation_of

KINDS = ("status", "slow", "drop", "drop_after")
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
MAX_DELAY = 3600.0  # seconds: a "slow" fault longer than an hour is a mistake


@attrs.define
class Fault:
    """One rule: what to match, what to do and how many more times."""

    target: str  # a path ("/docs" or "/v1/docs"), "METHOD /path", or an operationId
    kind: str  # see KINDS and the module docstring
    status: int = 503
    count: int = 1
    delay: float = 0.0
    reset: int = 1  # X-RateLimit-Reset for an injected 429
    hits: int = 0

    def matches(self, method: str, path: str, operation: str | None) -> bool:
        """Whether this rule applies to the request."""
        bare = path.removeprefix("/v1")
        want_method, target = _split(self.target)
        if want_method is not None and want_method != method:
            return False
        return target in (operation, path, bare)


def _split(target: str) -> tuple[str | None, str]:
    target = target.strip()
    if " " in target:
        method, path = target.split(None, 1)
        return method.upper(), path.strip()
    return None, target


class Faults:
    """The active rules, first match wins; a rule is used up after `count` matches."""

    def __init__(self, operations: list[Operation] | None = None) -> None:
        self._lock = threading.Lock()
        self._rules: list[Fault] = []
        self._operations = operations or []

    def _reachable(self, target: str) -> bool:
        # the target must name an operation or a concrete path some operation serves
        method, path = _split(target)
        if method is not None and method not in METHODS:
            return False
        names = {operation for _, _, operation in self._operations}
        if method is None and path in names:
            return True
        full = path if path.startswith("/v1/") else "/v1" + path
        methods = [method] if method is not None else list(METHODS)
        return any(operation_of(self._operations, m, full) for m in methods)

    def add(self, fault: Fault) -> None:
        """Add a rule after checking it (ValueError naming the member and the rule)."""
        if fault.kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}")
        if fault.kind == "status" and not 400 <= fault.status <= 599:
            raise ValueError("status must be an HTTP error status (400-599)")
        if fault.count < 1:
            raise ValueError("count must be >= 1")
        if not (math.isfinite(fault.delay) and 0 <= fault.delay <= MAX_DELAY):
            raise ValueError(f"delay must be a number of seconds from 0 to {MAX_DELAY:g}")
        if not 0 <= fault.reset <= 86400:
            raise ValueError("reset must be between 0 and 86400 seconds")
        if self._operations and not self._reachable(fault.target):
            raise ValueError(
                f"target {fault.target!r} matches no API route: give a path such as '/docs', "
                "'METHOD /path', or an operationId such as 'createDocument'"
            )
        with self._lock:
            self._rules.append(fault)

    def take(self, method: str, path: str) -> Fault | None:
        """Return the first rule matching the request (counted), or None."""
        if not self._rules:
            return None  # the common case costs no lock and no route matching
        operation = operation_of(self._operations, method, path)
        with self._lock:
            for rule in self._rules:
                if rule.matches(method, path, operation):
                    rule.hits += 1
                    if rule.hits >= rule.count:
                        self._rules.remove(rule)
                    return rule
        return None

    def pending(self) -> list[Fault]:
        """Return copies of the rules not used up yet, first match first."""
        with self._lock:
            return [attrs.evolve(rule) for rule in self._rules]

    def reset(self) -> None:
        """Remove every rule."""
        with self._lock:
            self._rules.clear()
