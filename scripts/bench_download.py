"""Benchmark: `download_signed_file` to a path against a bare httpx streaming download.

A 50 MB object is served over HTTP/1.1 on 127.0.0.1 by a server in its own subprocess.
Variants: `formify` is `download_signed_file(path, ...)` (temporary file, then rename);
`httpx` is `with client.stream("GET", url) as r: for chunk in r.iter_bytes(): f.write(chunk)`;
`httpx+fsync` adds an fsync before closing, to show what power-loss durability would cost on
this disk (formify does not fsync; see `formify/_downloads.py`). `formify-async` and
`httpx-async` are the same two with `httpx.AsyncClient` (formify's async writes go through a
worker thread so the event loop never waits on the disk); they are compared with each other.

- Memory: each variant in a fresh subprocess per round (so the figures start clean). RSS growth
  is the peak resident set during one download (VmHWM, reset through /proc/self/clear_refs)
  minus the resident set just before it; the tracemalloc peak comes from a second download in
  the same subprocess, since tracemalloc slows allocation.
- Throughput: object size / wall time (MB/s, MB = 10**6 bytes), in one fresh subprocess that
  runs the variants back to back in interleaved rounds (order alternating). Each round's
  formify/httpx ratio compares downloads made seconds apart, so load from other processes on
  the machine hits both alike; the reported ratio is the median of those per-round ratios.

Medians throughout. Targets: RSS growth < 10 MB and throughput >= 0.95x `httpx` (sync and
async, each against its own bare twin).

    .venv/bin/python scripts/bench_download.py [--rounds 25] [--memory-rounds 3] [--size-mb 50]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _bench import Targets, reset_peak, status_kb

TARGET_RATIO = 0.95
TARGET_RSS_MB = 10.0
VARIANTS = ("formify", "httpx", "httpx+fsync", "formify-async", "httpx-async")
BASELINE = {"formify-async": "httpx-async"}  # each variant's ratio is against "httpx" otherwise
SERVER_CHUNK = 1 << 16


# --- the server subprocess ---------------------------------------------------------------------


def serve(size: int) -> None:
    """Serve `size` deterministic bytes at any path; print the port, then serve until killed."""
    data = random.Random(7).randbytes(size)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
            self.send_header("Content-Length", str(size))
            self.end_headers()
            view = memoryview(data)
            for start in range(0, size, SERVER_CHUNK):
                self.wfile.write(view[start : start + SERVER_CHUNK])

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    print(httpd.server_address[1], flush=True)
    httpd.serve_forever()


# --- the measuring subprocess ------------------------------------------------------------------


def _downloader(variant: str, url: str) -> Callable[[Path], int]:
    import httpx

    from formify._downloads import adownload_signed_file, download_signed_file

    if variant.endswith("-async"):
        runner = asyncio.Runner()  # one loop and one client for all of this variant's runs
        aclient = httpx.AsyncClient()

        async def get_url() -> str:
            return url

        async def formify_async(dest: Path) -> int:
            return await adownload_signed_file(
                dest, get_url=get_url, storage_client=aclient, api_base_url="http://127.0.0.1"
            )

        async def httpx_async(dest: Path) -> int:
            written = 0
            async with aclient.stream("GET", url) as response:
                with open(dest, "wb") as f:
                    async for chunk in response.aiter_bytes():
                        f.write(chunk)
                        written += len(chunk)
            return written

        chosen = formify_async if variant == "formify-async" else httpx_async
        return lambda dest: runner.run(chosen(dest))

    client = httpx.Client()

    def with_formify(dest: Path) -> int:
        return download_signed_file(
            dest, get_url=lambda: url, storage_client=client, api_base_url="http://127.0.0.1"
        )

    def with_httpx(dest: Path) -> int:
        written = 0
        with client.stream("GET", url) as response, open(dest, "wb") as f:
            for chunk in response.iter_bytes():
                f.write(chunk)
                written += len(chunk)
            if variant == "httpx+fsync":
                f.flush()
                os.fsync(f.fileno())
        return written

    return with_formify if variant == "formify" else with_httpx


def measure_memory(variant: str, url: str, size: int, directory: str) -> None:
    """Download once for RSS, once under tracemalloc; print one JSON line."""
    download = _downloader(variant, url)
    dest = Path(directory) / f"{variant}.bin"
    peak_resettable = reset_peak()
    rss_before = status_kb("VmRSS")
    written = download(dest)
    rss_growth = status_kb("VmHWM") - rss_before if peak_resettable else None
    assert written == size == dest.stat().st_size, (written, size)
    dest.unlink()
    tracemalloc.start()
    download(dest)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    dest.unlink()
    rss_mb = None if rss_growth is None else rss_growth / 1024
    print(json.dumps({"rss_mb": rss_mb, "traced_mb": traced_peak / 1e6}))


def measure_speed(rounds: int, url: str, size: int, directory: str) -> None:
    """Time every variant in interleaved rounds; print one JSON line of seconds per variant."""
    downloads = {variant: _downloader(variant, url) for variant in VARIANTS}
    seconds: dict[str, list[float]] = {variant: [] for variant in VARIANTS}
    for round_no in range(rounds):
        for variant in VARIANTS if round_no % 2 == 0 else tuple(reversed(VARIANTS)):
            dest = Path(directory) / f"{variant}.bin"
            start = time.perf_counter()
            written = downloads[variant](dest)
            seconds[variant].append(time.perf_counter() - start)
            assert written == size == dest.stat().st_size, (written, size)
            dest.unlink()
    print(json.dumps(seconds))


# --- the driver --------------------------------------------------------------------------------


def _child(*args: str) -> Any:
    out = subprocess.run(
        [sys.executable, __file__, *args], check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _fmt(value: float | None, spec: str) -> str:
    return "n/a" if value is None else format(value, spec)


def main() -> int:
    """Run both phases and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=25)
    parser.add_argument("--memory-rounds", type=int, default=3)
    parser.add_argument("--size-mb", type=int, default=50)
    args = parser.parse_args()
    size = args.size_mb * 1024 * 1024

    server = subprocess.Popen(
        [sys.executable, __file__, "--serve", str(size)], stdout=subprocess.PIPE, text=True
    )
    memory: dict[str, list[dict[str, float | None]]] = {v: [] for v in VARIANTS}
    try:
        assert server.stdout is not None
        url = f"http://127.0.0.1:{server.stdout.readline().strip()}/signed.pdf?X-Amz-Signature=x"
        with tempfile.TemporaryDirectory(dir=os.getcwd(), prefix=".bench-") as directory:
            for round_no in range(args.memory_rounds):
                for variant in VARIANTS if round_no % 2 == 0 else tuple(reversed(VARIANTS)):
                    memory[variant].append(_child("--memory", variant, url, str(size), directory))
            seconds = _child("--speed", str(args.rounds), url, str(size), directory)
    finally:
        server.terminate()
        server.wait()

    def mem(variant: str, key: str) -> float | None:
        values = [r[key] for r in memory[variant] if r[key] is not None]
        return statistics.median(values) if values else None  # type: ignore[type-var]

    def ratio(variant: str) -> float:
        base_variant = BASELINE.get(variant, "httpx")
        pairs = zip(seconds[base_variant], seconds[variant], strict=True)
        return float(statistics.median(base / mine for base, mine in pairs))

    print(
        f"{args.size_mb} MB over HTTP/1.1 on 127.0.0.1; throughput: {args.rounds} interleaved "
        f"rounds, memory: {args.memory_rounds} fresh subprocesses per variant; medians"
    )
    print(f"{'variant':<14} {'MB/s':>8} {'x base':>8} {'RSS growth MB':>14} {'tracemalloc MB':>15}")
    for variant in VARIANTS:
        speed = size / 1e6 / statistics.median(seconds[variant])
        rss_text = _fmt(mem(variant, "rss_mb"), ".1f")
        traced_text = _fmt(mem(variant, "traced_mb"), ".2f")
        print(
            f"{variant:<14} {speed:>8.0f} {ratio(variant):>8.2f} {rss_text:>14} {traced_text:>15}"
        )
    targets = Targets()
    for variant in ("formify", "formify-async"):
        base = BASELINE.get(variant, "httpx")
        targets.check(f"download {variant} / {base} throughput", ratio(variant), ">=", TARGET_RATIO)
        rss = mem(variant, "rss_mb")
        targets.check(
            f"download {variant} peak RSS growth",
            float("inf") if rss is None else rss,
            "<",
            TARGET_RSS_MB,
            unit="MB",
        )
    return targets.exit_code()


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--serve":
        serve(int(sys.argv[2]))
    elif len(sys.argv) > 1 and sys.argv[1] == "--memory":
        measure_memory(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5])
    elif len(sys.argv) > 1 and sys.argv[1] == "--speed":
        measure_speed(int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), sys.argv[5])
    else:
        sys.exit(main())
