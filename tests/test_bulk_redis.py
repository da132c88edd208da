"""Two processes sending with one token share its rate-limit window through `RedisBudget`."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from formify import ValidationError, bulk
from formify._base_client import RateLimit
from formify.testing import Emulator, sample_pdf

WORKER = Path(__file__).with_name("_bulk_worker.py")
LIMIT, WINDOW, ROWS = 10, 2.0, 10  # 2 x 10 rows + 1 upload at 10 a window: 3 windows


def run_two(emu: Emulator, tmp_path: Path, file_id: str, redis_url: str | None) -> list[str]:
    go = tmp_path / "go"
    env = {**os.environ, "BULK_GO_FILE": str(go)}
    workers = []
    for name in ("a", "b"):
        args = [sys.executable, str(WORKER), emu.base_url, emu.access_token]
        args += [str(tmp_path / f"{name}.db"), file_id, str(ROWS)]
        args += [redis_url] if redis_url else []
        workers.append(subprocess.Popen(args, stdout=subprocess.PIPE, text=True, env=env))
    # Both start sending at the same moment, whatever their start-up took: a worker started
    # early could finish its rows in a window of its own and the control would see no 429.
    deadline = time.monotonic() + 60
    while not all((tmp_path / f"{name}.db.ready").exists() for name in ("a", "b")):
        assert time.monotonic() < deadline and all(w.poll() is None for w in workers)
        time.sleep(0.005)
    go.touch()
    outputs = []
    for worker in workers:
        out, _ = worker.communicate(timeout=90)
        assert worker.returncode == 0, out
        outputs.append(out)
    return outputs


def statuses(emu: Emulator) -> Counter[int]:
    return Counter(status for _, _, status in emu.requests)


def test_two_processes_sharing_a_redis_budget_stay_within_one_window(
    tmp_path: Path, redis_server: Any
) -> None:
    with Emulator(rate_limit=LIMIT, rate_window=WINDOW) as emu:
        with emu.client() as client:
            file_id = client.files.upload(sample_pdf(), filename="a.pdf")
        outputs = run_two(emu, tmp_path, file_id, redis_server.url)
        seen = statuses(emu)
        with emu.client(max_retries=5) as client:
            documents = len(list(client.documents.list()))
    assert all(f"{ROWS} of {ROWS} documents created" in out for out in outputs), outputs
    assert seen[429] == 0, (seen, outputs)
    assert documents == 2 * ROWS


def test_without_the_shared_budget_the_same_two_processes_hit_429(tmp_path: Path) -> None:
    # the control: each process paces itself alone, and together they overrun the window
    with Emulator(rate_limit=LIMIT, rate_window=WINDOW) as emu:
        with emu.client() as client:
            file_id = client.files.upload(sample_pdf(), filename="a.pdf")
        outputs = run_two(emu, tmp_path, file_id, None)
        seen = statuses(emu)
    assert all(f"{ROWS} of {ROWS} documents created" in out for out in outputs), outputs
    assert seen[429] > 0, seen


def test_redis_budget_hands_out_one_windows_permits_across_clients(redis_client: Any) -> None:
    now = [1000.0]
    a = bulk.RedisBudget(redis_client, key="unit-window", clock=lambda: now[0])
    b = bulk.RedisBudget(redis_client, key="unit-window", clock=lambda: now[0])
    redis_client.delete("formify:budget:unit-window:window", "formify:budget:unit-window:in-flight")
    probe = a.try_acquire()
    assert isinstance(probe, bulk.Permit) and probe.probe
    assert isinstance(b.try_acquire(), float)  # the other process waits for the probe
    a.release(probe, RateLimit(limit=5, remaining=3, reset=10), answered=True)
    permits = [b.try_acquire(), a.try_acquire(), b.try_acquire(), a.try_acquire()]
    assert [isinstance(p, bulk.Permit) for p in permits] == [True, True, True, False]
    assert permits[3] == pytest.approx(10.0)  # 3 left in the window, shared by both


def test_redis_budget_needs_a_redis_client_and_a_key() -> None:
    with pytest.raises(ValidationError, match="redis"):
        bulk.RedisBudget(object(), key="k")
    with pytest.raises(ValidationError, match="key"):
        bulk.RedisBudget(None, key="")
