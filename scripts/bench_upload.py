"""Benchmark: `files.upload(path)` of a 50 MB PDF against a bare httpx multipart upload.

A server in its own subprocess (HTTP/1.1 on 127.0.0.1) reads and drops each request body and
answers `{"fileId": ...}`. `formify` is `Formify(...).files.upload(path)`; `httpx` is
`httpx.Client.post(url, files={"file": (name, open(path, "rb"), "application/pdf")})`, which
also streams the file. Memory: each variant in a fresh subprocess per round, RSS growth = the
peak resident set during one upload (VmHWM reset via /proc/self/clear_refs) minus the resident
set before it. Throughput: interleaved rounds in one subprocess, the median of per-round ratios.

Targets: RSS growth < 10 MB, throughput >= 0.9x `httpx`.

    .venv/bin/python scripts/bench_upload.py [--rounds 21] [--memory-rounds 3] [--size-mb 50]
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
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _bench import Targets, reset_peak, status_kb

TARGET_RATIO = 0.9
TARGET_RSS_MB = 10.0
VARIANTS = ("formify", "httpx")
TOKEN = "bench-upload-token"


def serve() -> None:
    """Answer every POST with a file id after reading its whole body; print the port."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_POST(self) -> None:
            remaining = int(self.headers.get("Content-Length", "0"))
            while remaining > 0:
                chunk = self.rfile.read(min(remaining, 1 << 16))
                if not chunk:
                    break
                remaining -= len(chunk)
            body = json.dumps({"fileId": "bench-file"}).encode()
            self.send_response(201)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    print(httpd.server_address[1], flush=True)
    httpd.serve_forever()


def _uploader(variant: str, base: str, path: Path) -> Callable[[], str]:
    import httpx

    from formify import Formify

    if variant == "formify":
        client = Formify(access_token=TOKEN, base_url=base, max_retries=0)
        return lambda: client.files.upload(path)
    bare = httpx.Client(headers={"Authorization": f"Bearer {TOKEN}"})

    def with_httpx() -> str:
        with open(path, "rb") as f:
            files = {"file": (path.name, f, "application/pdf")}
            response = bare.post(f"{base}/files", files=files, data={"errorLanguage": "en"})
        return str(response.raise_for_status().json()["fileId"])

    return with_httpx


def measure_memory(variant: str, base: str, path: str) -> None:
    upload = _uploader(variant, base, Path(path))
    upload()  # warm up: imports, connection pool
    resettable = reset_peak()
    before = status_kb("VmRSS")
    assert upload() == "bench-file"
    growth = (status_kb("VmHWM") - before) / 1024 if resettable else None
    print(json.dumps({"rss_mb": growth}))


def measure_speed(rounds: int, base: str, path: str) -> None:
    uploads = {variant: _uploader(variant, base, Path(path)) for variant in VARIANTS}
    seconds: dict[str, list[float]] = {variant: [] for variant in VARIANTS}
    for fn in uploads.values():
        fn()
    for round_no in range(rounds):
        for variant in VARIANTS if round_no % 2 == 0 else VARIANTS[::-1]:
            start = time.perf_counter()
            uploads[variant]()
            seconds[variant].append(time.perf_counter() - start)
    print(json.dumps(seconds))


def _child(*args: str) -> Any:
    out = subprocess.run(
        [sys.executable, __file__, *args], check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=21)
    parser.add_argument("--memory-rounds", type=int, default=3)
    parser.add_argument("--size-mb", type=int, default=50)
    args = parser.parse_args()
    size = min(args.size_mb * 1024 * 1024, 52_428_800)  # the API's limit is 50 MB

    server = subprocess.Popen(
        [sys.executable, __file__, "--serve"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert server.stdout is not None
        base = f"http://127.0.0.1:{server.stdout.readline().strip()}/v1"
        with tempfile.TemporaryDirectory(dir=os.getcwd(), prefix=".bench-") as directory:
            path = Path(directory) / "bench.pdf"
            path.write_bytes(b"%PDF-1.7\n" + random.Random(7).randbytes(size - 9))
            memory: dict[str, list[float]] = {v: [] for v in VARIANTS}
            for round_no in range(args.memory_rounds):
                for variant in VARIANTS if round_no % 2 == 0 else VARIANTS[::-1]:
                    rss = _child("--memory", variant, base, str(path))["rss_mb"]
                    memory[variant].append(float("inf") if rss is None else rss)
            seconds = _child("--speed", str(args.rounds), base, str(path))
    finally:
        server.terminate()
        server.wait()

    print(f"{size / 1e6:.0f} MB upload from a path; {args.rounds} interleaved rounds; medians")
    for variant in VARIANTS:
        speed = size / 1e6 / statistics.median(seconds[variant])
        rss = statistics.median(memory[variant])
        print(f"{variant:<8} {speed:8.0f} MB/s   RSS growth {rss:6.1f} MB")
    ratio = statistics.median(
        b / f for b, f in zip(seconds["httpx"], seconds["formify"], strict=True)
    )
    targets = Targets()
    targets.check("upload formify / httpx throughput", ratio, ">=", TARGET_RATIO)
    rss = statistics.median(memory["formify"])
    targets.check("upload formify peak RSS growth", rss, "<", TARGET_RSS_MB, unit="MB")
    return targets.exit_code()


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--serve":
        serve()
    elif len(sys.argv) > 1 and sys.argv[1] == "--memory":
        measure_memory(sys.argv[2], sys.argv[3], sys.argv[4])
    elif len(sys.argv) > 1 and sys.argv[1] == "--speed":
        measure_speed(int(sys.argv[2]), sys.argv[3], sys.argv[4])
    else:
        sys.exit(main())
