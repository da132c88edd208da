"""Benchmark: `webhooks.verify_signature` against a bare HMAC-SHA256 check, side by side.

The baseline is the least a correct verifier must do: `hmac.new(key, msg, sha256).hexdigest()`
and `hmac.compare_digest`. Both run in interleaved rounds in the same process (so CPU
frequency and noise hit both alike); the table shows each round's best and median rate and
the ratio of medians. Targets: verify_signature at >= 0.8x the baseline's rate;
construct_event at <= 1.35x the time of bare hmac + compare_digest + `json.loads`.

    .venv/bin/python scripts/bench_webhooks.py [--rounds 7] [--seconds 0.3] [--size 1024]
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _bench import Targets

from formify import webhooks

TARGET = 0.8
SECRET = "whsec_benchmark_5f0e1d2c3b4a69788796a5b4c3d2e1f0"


def payload(size: int) -> bytes:
    event = {
        "event": {
            "eventId": "123e4567-e89b-12d3-a456-426614174000",
            "type": "document.signed",
            "date": "2024-10-25T14:23:55Z",
            "data": {"documentId": "789e4567-e89b-12d3-a456-426614174111", "pad": ""},
        }
    }
    body = json.dumps(event).encode()
    event["event"]["data"]["pad"] = "x" * max(0, size - len(body))  # type: ignore[index]
    return json.dumps(event).encode()


def rate(fn: Callable[[], None], seconds: float) -> float:
    """Calls per second of `fn`, in batches so the clock is read rarely."""
    batch = 1000
    calls = 0
    start = time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        for _ in range(batch):
            fn()
        calls += batch
    return calls / elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--seconds", type=float, default=0.3, help="per contender per round")
    parser.add_argument("--size", type=int, default=1024, help="payload bytes")
    args = parser.parse_args()

    body = payload(args.size)
    now = int(time.time())
    headers = webhooks.sign(body, SECRET, timestamp=now)
    stamp = headers[webhooks.TIMESTAMP_HEADER]
    signature = headers[webhooks.SIGNATURE_HEADER]
    key = SECRET.encode()

    def baseline() -> None:
        # the received values arrive as str, so the baseline builds its message from them too
        msg = stamp.encode() + b"." + body
        expected = hmac.new(key, msg, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, signature):
            raise AssertionError("baseline failed to verify")

    def baseline_parse() -> None:
        msg = stamp.encode() + b"." + body
        expected = hmac.new(key, msg, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, signature):
            raise AssertionError("baseline failed to verify")
        json.loads(body)

    def formify_verify() -> None:
        webhooks.verify_signature(
            body, timestamp=stamp, signature=signature, secret=SECRET, now=now
        )

    def formify_construct() -> None:
        webhooks.construct_event(body, headers, SECRET, now=now)

    contenders: dict[str, Callable[[], None]] = {
        "bare hmac + compare_digest": baseline,
        "bare hmac + compare + json.loads": baseline_parse,
        "verify_signature": formify_verify,
        "construct_event (+ JSON parse)": formify_construct,
    }
    for fn in contenders.values():
        fn()  # warm up and prove each one verifies
    rates: dict[str, list[float]] = {name: [] for name in contenders}
    names = list(contenders)
    for round_no in range(args.rounds):
        for name in names if round_no % 2 == 0 else names[::-1]:
            rates[name].append(rate(contenders[name], args.seconds))

    print(f"payload {len(body)} bytes, {args.rounds} interleaved rounds of {args.seconds}s each")
    print(f"{'contender':<32} {'best /s':>12} {'median /s':>12} {'vs bare':>8}")
    base = statistics.median(rates["bare hmac + compare_digest"])
    for name, values in rates.items():
        med = statistics.median(values)
        print(f"{name:<32} {max(values):>12,.0f} {med:>12,.0f} {med / base:>7.2f}x")
    targets = Targets()
    ratio = statistics.median(rates["verify_signature"]) / base
    targets.check("verify_signature rate / bare hmac rate", ratio, ">=", TARGET)
    parse_base = rates["bare hmac + compare + json.loads"]
    slowdown = statistics.median(
        b / c for b, c in zip(parse_base, rates["construct_event (+ JSON parse)"], strict=True)
    )
    targets.check("construct_event / bare hmac+compare+json.loads", slowdown, "<=", 1.35)
    return targets.exit_code()


if __name__ == "__main__":
    sys.exit(main())
