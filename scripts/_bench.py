"""Shared by the scripts/bench_*.py benchmarks: interleaved timing and "ratio vs target" lines.

Every benchmark prints its verdicts through `Targets.check`, in one format that `make bench`
(and a reader) can scan:

    TARGET documents.get / bare httpx+.json()        1.21x   <= 1.35x   ok
    TARGET construct_event / bare hmac+json          1.52x   <= 1.35x   MISSED

and ends with `sys.exit(targets.exit_code())`, non-zero when any target was missed.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path


class Targets:
    """Collects the verdicts of one benchmark script."""

    def __init__(self) -> None:
        self.missed: list[str] = []

    def check(self, name: str, value: float, op: str, target: float, unit: str = "x") -> bool:
        """Print one verdict line; `op` is "<=", "<", ">=" or ">"."""
        ok = {
            "<=": value <= target,
            "<": value < target,
            ">=": value >= target,
            ">": value > target,
        }[op]
        verdict = "ok" if ok else "MISSED"
        print(f"TARGET {name:<46} {value:>8.2f}{unit:<3} {op} {target:g}{unit:<3} {verdict}")
        if not ok:
            self.missed.append(name)
        return ok

    def exit_code(self) -> int:
        """0 when every target held, 1 otherwise (and say which)."""
        if self.missed:
            print(f"missed {len(self.missed)} target(s): {', '.join(self.missed)}")
            return 1
        return 0


def per_call(fn: Callable[[], object], seconds: float, batch: int = 20) -> float:
    """Seconds per call of `fn`, run in batches for about `seconds`."""
    calls = 0
    start = time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        for _ in range(batch):
            fn()
        calls += batch
    return elapsed / calls


def interleaved(
    contenders: dict[str, Callable[[], object]], rounds: int, seconds: float, batch: int = 20
) -> dict[str, list[float]]:
    """Per-call seconds of each contender in each round; the order alternates every round."""
    names = list(contenders)
    for fn in contenders.values():
        fn()  # warm up
    out: dict[str, list[float]] = {name: [] for name in names}
    for round_no in range(rounds):
        order = names if round_no % 2 == 0 else names[::-1]
        for name in order:
            out[name].append(per_call(contenders[name], seconds, batch))
    return out


def ratio_of_medians(times: dict[str, list[float]], mine: str, base: str) -> float:
    """Median of the per-round ratios mine/base (rounds seconds apart share the machine's load)."""
    return statistics.median(a / b for a, b in zip(times[mine], times[base], strict=True))


def status_kb(field: str) -> int:
    """A field of /proc/self/status in kB (VmRSS, VmHWM), 0 where there is none."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def reset_peak() -> bool:
    """Reset VmHWM (the peak resident set) to the current RSS; False where Linux cannot."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False
