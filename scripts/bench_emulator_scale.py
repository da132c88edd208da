"""Requests per second of the emulator's GET /docs/{id} and GET /docs as stored documents grow.

Usage: .venv/bin/python scripts/bench_emulator_scale.py [seconds per run] [counts...]
(needs wrk: apt-get install -y wrk). Defaults: 2 s per run, 100 / 10,000 / 100,000 documents,
seven rounds (BENCH_ROUNDS=n to choose).

One document is made through the API; the rest are copies put straight into the store (making
100,000 through HTTP would take minutes). The rate limit is lifted for the run. One emulator per
count runs at once and the runs alternate between them round after round (medians); wrk uses
one thread and 10 connections, leaving the other core to the emulator. Target:
each route's rate at the largest count at least 0.9x its rate at the smallest. GET /docs is
measured on the first page and on the last ("GET /docs last": offset = count - 50). Beside each
rate: this process's CPU time per request, which other processes' load moves far less.
"""

from __future__ import annotations

import contextlib
import copy
import gc
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
import uuid

from _bench import Targets

from formify.testing import Emulator, sample_pdf


def _seed(emu: Emulator, count: int) -> str:
    store = emu.app.ctx.store
    with emu.client() as client:
        file_id = client.files.upload(sample_pdf(2), filename="bench.pdf")
        signee = {
            "full_name": "Bench Mark",
            "email_address": "bench@example.com",
            "signature_placement": "new_page",
        }
        first = client.documents.create(file_id=file_id, name="Bench", signees=[signee])
    model = store.documents[first.document_id]
    add = getattr(store, "add_document", None)  # older emulators: the dict alone
    with store.lock:
        while len(store.documents) < count:
            doc = copy.deepcopy(model)
            doc.document_id = str(uuid.uuid4())
            if add is not None:
                add(doc)
            else:
                store.documents[doc.document_id] = doc
    return first.document_id


def _wrk(url: str, token: str, seconds: int) -> tuple[float, float]:
    """Requests per second, and this process's CPU seconds per request (the emulators run here).

    CPU per request barely moves with other processes' load, so it shows what a store's size
    costs where the machine's changing load hides it in the rate.
    """
    cpu = time.process_time()
    out = subprocess.run(
        ["wrk", "-t1", "-c10", f"-d{seconds}s", "-H", f"Authorization: Bearer {token}", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    cpu = time.process_time() - cpu
    found = re.search(r"Requests/sec:\s+([\d.]+)", out)
    total = re.search(r"(\d+) requests in", out)
    if found is None or total is None or "Non-2xx" in out:
        raise SystemExit(f"wrk run failed or got errors:\n{out}")
    return float(found.group(1)), cpu / int(total.group(1))


def main() -> int:
    """Print the median rate per (route, document count) and a TARGET line per route.

    One emulator per count, all running at once; the wrk runs alternate between them round
    after round, so a change of the machine's load hits every count alike.
    """
    if shutil.which("wrk") is None:
        print("== emulator scale targets skipped: wrk is not installed (apt-get install -y wrk)")
        return 0
    seconds = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    counts = [int(c) for c in sys.argv[2:]] or [100, 10_000, 100_000]
    rounds = int(os.environ.get("BENCH_ROUNDS", "7"))
    with contextlib.ExitStack() as stack:
        emus = [stack.enter_context(Emulator(rate_limit=10**9)) for _ in counts]
        docs = [_seed(emu, count) for emu, count in zip(emus, counts, strict=True)]
        gc.collect()
        results: dict[tuple[str, int], list[float]] = {}
        cpu: dict[tuple[str, int], list[float]] = {}
        for round_no in range(rounds):
            order = list(zip(emus, docs, counts, strict=True))
            for emu, doc_id, count in order if round_no % 2 == 0 else order[::-1]:
                for route, url in (
                    ("GET /docs/{id}", f"{emu.base_url}/docs/{doc_id}"),
                    ("GET /docs", f"{emu.base_url}/docs?limit=50"),
                    ("GET /docs last", f"{emu.base_url}/docs?limit=50&offset={count - 50}"),
                ):
                    rate, per_request = _wrk(url, emu.access_token, seconds)
                    results.setdefault((route, count), []).append(rate)
                    cpu.setdefault((route, count), []).append(per_request)
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"{rounds} rounds of {seconds} s per route and count; load average now {load}")
    targets = Targets()
    for route in ("GET /docs/{id}", "GET /docs", "GET /docs last"):
        medians = [statistics.median(results[(route, count)]) for count in counts]
        for count, rate in zip(counts, medians, strict=True):
            each = " ".join(f"{r:.0f}" for r in results[(route, count)])
            used = statistics.median(cpu[(route, count)]) * 1e6
            print(
                f"emulator {route:<15} {count:>7} documents: {rate:6.0f} req/s (median of {each});"
                f" {used:5.0f} us CPU/request"
            )
        # the largest store's rate against the smallest's: within 10 %
        targets.check(
            f"emulator {route} {counts[-1]}/{counts[0]} docs", medians[-1] / medians[0], ">=", 0.9
        )
    return targets.exit_code()


if __name__ == "__main__":
    sys.exit(main())
