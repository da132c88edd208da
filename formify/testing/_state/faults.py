"""Injected faults: answer a matching request with an error, a delay or a dropped connection."""

from __future__ import annotations

import threading

import attrs

KINDS = ("status", "slow", "drop")


@attrs.define
class Fault:
    """One rule: what to match, what to do and how many more times."""

    target: str  # a path ("/docs" or "/v1/docs"), "METHOD /path", or an operationId
    kind: str  # "status" (status code, e.g. 503 or 429), "slow" (delay, then answer), "drop"
    status: int = 503
    count: int = 1
    delay: float = 0.0
    reset: int = 1  # X-RateLimit-Reset for an injected 429
    hits: int = 0

    def matches(self, method: str, path: str, operation: str | None) -> bool:
        """Whether this rule applies to the request."""
        bare = path.removeprefix("/v1")
        target = self.target.strip()
        if " " in target:
            want_method, want_path = target.split(None, 1)
            if want_method.upper() != method:
                return False
            target = want_path
        return target in (operation, path, bare)


class Faults:
    """The active rules, first match wins; a rule is used up after `count` matches."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rules: list[Fault] = []

    def add(self, fault: Fault) -> None:
        """Add a rule after checking it."""
        if fault.kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}")
        if fault.kind == "status" and not 400 <= fault.status <= 599:
            raise ValueError("status must be an HTTP error status (400-599)")
        if fault.count < 1:
            raise ValueError("count must be >= 1")
        if fault.delay < 0:
            raise ValueError("delay must be >= 0")
        with self._lock:
            self._rules.append(fault)

    def take(self, method: str, path: str, operation: str | None) -> Fault | None:
        """Return the first rule matching the request (counted), or None."""
        with self._lock:
            for rule in self._rules:
                if rule.matches(method, path, operation):
                    rule.hits += 1
                    if rule.hits >= rule.count:
                        self._rules.remove(rule)
                    return rule
        return None

    def reset(self) -> None:
        """Remove every rule."""
        with self._lock:
            self._rules.clear()
