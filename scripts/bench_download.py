"""Benchmark: `download_signed_file` to a path against a bare httpx streaming download.

A 50 MB object is served over HTTP/1.1 on 127.0.0.1 by a server in its own subprocess. Each
measurement runs in a fresh subprocess, so its memory figures start clean:

- throughput: object size / wall time of a download (MB/s, MB = 10**6 bytes), the median of
  `TIMED_REPEATS` back-to-back downloads;
- RSS growth: peak resident set during those downloads (VmHWM, after resetting it through
  /proc/self/clear_refs) minus the resident set just before it;
- tracemalloc peak: Python allocations at the peak, measured in a second download in the same
  subprocess (tracemalloc slows allocation, so it is kept out of the timed run).

Variants, run in interleaved rounds (the order alternates): `formify` is
`download_signed_file(path, ...)` (temporary file, then rename); `httpx` is
`for chunk in r.iter_bytes(): f.write(chunk)`; `httpx+fsync` adds an fsync before closing, to
show what power-loss durability would cost on this disk (formify does not fsync; see
`formify/_downloads.py`). Reported: the median of each column
and the ratios against `httpx`. Targets: RSS growth < 10 MB and throughput >= 0.9x `httpx`.

    .venv/bin/python scripts/bench_download.py [--rounds 5] [--size-mb 50]
"""

from __future__ import annotations

import argparse
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

TARGET_RATIO = 0.9
TARGET_RSS_MB = 10.0
VARIANTS = ("formify", "httpx", "httpx+fsync")
SERVER_CHUNK = 1 << 16
TIMED_REPEATS = 3  # per subprocess; one 50 MB download is short enough to be noisy


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


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the current RSS
        return True
    except OSError:
        return False


def _downloader(variant: str, url: str) -> Callable[[Path], int]:
    import httpx

    from formify._downloads import download_signed_file

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


def measure(variant: str, url: str, size: int, directory: str) -> None:
    """Download once timed (RSS), once under tracemalloc; print one JSON line."""
    download = _downloader(variant, url)
    dest = Path(directory) / f"{variant}.bin"
    peak_resettable = _reset_peak()
    rss_before = _status_kb("VmRSS")
    times = []
    for _ in range(TIMED_REPEATS):
        start = time.perf_counter()
        written = download(dest)
        times.append(time.perf_counter() - start)
        assert written == size == dest.stat().st_size, (written, size)
        dest.unlink()
    rss_growth = _status_kb("VmHWM") - rss_before if peak_resettable else None
    elapsed = statistics.median(times)

    tracemalloc.start()
    download(dest)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    dest.unlink()
    result = {
        "variant": variant,
        "mb_s": size / 1e6 / elapsed,
        "rss_mb": None if rss_growth is None else rss_growth / 1024,
        "traced_mb": traced_peak / 1e6,
    }
    print(json.dumps(result))


# --- the driver --------------------------------------------------------------------------------


def _run_one(variant: str, url: str, size: int, directory: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--measure", variant, url, str(size), directory],
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def main() -> int:
    """Run the interleaved rounds and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--size-mb", type=int, default=50)
    args = parser.parse_args()
    size = args.size_mb * 1024 * 1024

    server = subprocess.Popen(
        [sys.executable, __file__, "--serve", str(size)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert server.stdout is not None
        url = f"http://127.0.0.1:{server.stdout.readline().strip()}/signed.pdf?X-Amz-Signature=x"
        results: dict[str, list[dict[str, float]]] = {v: [] for v in VARIANTS}
        with tempfile.TemporaryDirectory(dir=os.getcwd(), prefix=".bench-") as directory:
            for round_no in range(args.rounds):
                order = VARIANTS if round_no % 2 == 0 else tuple(reversed(VARIANTS))
                for variant in order:
                    results[variant].append(_run_one(variant, url, size, directory))
    finally:
        server.terminate()
        server.wait()

    def median(variant: str, key: str) -> float | None:
        values = [r[key] for r in results[variant] if r[key] is not None]
        return statistics.median(values) if values else None

    print(
        f"{args.size_mb} MB over HTTP/1.1 on 127.0.0.1, {args.rounds} interleaved rounds, medians"
    )
    print(
        f"{'variant':<12} {'MB/s':>8} {'RSS growth MB':>14} {'tracemalloc MB':>15} {'x httpx':>8}"
    )
    base = median("httpx", "mb_s") or 1.0
    for variant in VARIANTS:
        rss = median(variant, "rss_mb")
        rss_text = "n/a" if rss is None else f"{rss:.1f}"
        speed = median(variant, "mb_s") or 0.0
        print(
            f"{variant:<12} {speed:>8.0f} {rss_text:>14} "
            f"{median(variant, 'traced_mb') or 0.0:>15.2f} {speed / base:>8.2f}"
        )
    ratio = (median("formify", "mb_s") or 0.0) / base
    rss = median("formify", "rss_mb")
    print(
        f"formify/httpx throughput: {ratio:.2f}x (target >= {TARGET_RATIO}x: "
        f"{'met' if ratio >= TARGET_RATIO else 'NOT met'}); "
        f"RSS growth {'n/a' if rss is None else f'{rss:.1f} MB'} (target < {TARGET_RSS_MB:.0f} MB: "
        f"{'met' if rss is not None and rss < TARGET_RSS_MB else 'NOT met'})"
    )
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--serve":
        serve(int(sys.argv[2]))
    elif len(sys.argv) > 1 and sys.argv[1] == "--measure":
        measure(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5])
    else:
        sys.exit(main())
