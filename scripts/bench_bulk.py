"""Bulk send of 1,000 rows against the emulator at 300 requests/minute: pacing and throughput.

    python scripts/bench_bulk.py [--rows N] [--real-time]

Targets: every row created exactly once, 0 answers 429 (one process, so pacing could have
avoided every one), and throughput of at least 90 % of the rate limit (POSTs per emulated
minute from the run's first request to its last answer, over the 300 allowed).

Time: the emulator's rate-limit window is 60 s of its clock. By default the run's waits move
that clock (`Emulator.advance`) instead of sleeping — the bulk run's budget clock and the
client's sleep are both this script's virtual clock, which is real time plus every wait
skipped — so the whole run takes seconds, while every request is real HTTP and every pacing
decision is the library's own. `--real-time` sleeps for real (about 3.5 minutes).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _bench import Targets  # the shared "ratio vs target" lines of make bench

from formify import bulk
from formify.testing import Emulator, sample_pdf

LIMIT, WINDOW = 300, 60.0
SHORT = 0.5  # waits shorter than this (waiting for answers) are slept for real


class VirtualClock:
    """Real time plus the waits skipped; a skipped wait advances the emulator's clock too."""

    def __init__(self, emu: Emulator) -> None:
        self.emu = emu
        self.offset = 0.0
        self.lock = threading.Lock()

    def now(self) -> float:
        return time.time() + self.offset

    def sleep(self, seconds: float) -> None:
        if seconds < SHORT:
            time.sleep(seconds)
            return
        with self.lock:  # workers waiting for one window end move the clock once
            target = time.time() + self.offset + seconds
            ahead = target - self.now()
            if ahead > 0:
                self.offset += ahead
                self.emu.advance(ahead)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--real-time", action="store_true")
    args = parser.parse_args()
    targets = Targets()
    with Emulator(rate_limit=LIMIT, rate_window=WINDOW) as emu, emu.client() as client:
        clock = VirtualClock(emu)
        if not args.real_time:
            client._sleep = clock.sleep
        file_id = client.files.upload(sample_pdf(), filename="lease.pdf")
        rows = [
            bulk.Row(
                signees=[{"full_name": f"Tenant {i}", "email_address": f"t{i}@example.com"}],
                name=f"Lease {i}",
            )
            for i in range(args.rows)
        ]
        journal = Path(tempfile.mkdtemp()) / "bench.db"
        started_real, started = time.monotonic(), clock.now()
        report = bulk.send_bulk(
            client,
            rows,
            journal=journal,
            file_id=file_id,
            signee_defaults={"signature_placement": "new_page"},
            concurrency=4,
            budget=bulk.LocalBudget(clock=clock.now),
        )
        elapsed, wall = clock.now() - started, time.monotonic() - started_real
        statuses = Counter(s for m, p, s in emu.requests if (m, p) == ("POST", "/v1/docs"))
        all_429 = sum(1 for _, _, s in emu.requests if s == 429)
        client._sleep = time.sleep
        emu.advance(WINDOW)  # a fresh window for counting the documents
        names = Counter(str(doc.name) for doc in client.documents.list())
    created = statuses[201]
    per_minute = created / elapsed * 60
    print(
        f"{args.rows} rows: {created} created, {all_429} answers 429, {report.requests} requests,"
        f" {report.rate_limit_waits} rate-limit waits; {elapsed:.1f} s emulated"
        f" ({wall:.1f} s wall{', real time' if args.real_time else ''}),"
        f" {per_minute:.0f} POST/min against {LIMIT}/min"
    )
    print(report.summary().splitlines()[0])
    targets.check("rows created / rows", created / args.rows, ">=", 1.0)
    targets.check("documents per row (max)", max(names.values(), default=0), "<=", 1.0)
    targets.check("documents / rows", len(names) / args.rows, ">=", 1.0)
    targets.check("answers 429 (avoidable: one process)", all_429, "<=", 0, unit="")
    targets.check("throughput / rate limit", per_minute / LIMIT, ">=", 0.90)
    return targets.exit_code()


if __name__ == "__main__":
    sys.exit(main())
