"""A bulk run killed with SIGKILL at random points, with answers lost after the server created
the document: every restart resumes from the journal, and no row ever gets a second document.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from _bulk_proxy import drop_proxy

from formify import bulk
from formify.testing import Emulator, sample_pdf

WORKER = Path(__file__).with_name("_bulk_worker.py")
ROWS = 40
KILLS = 10


def created_posts(emu: Emulator) -> int:
    return sum(1 for m, p, s in emu.requests if (m, p, s) == ("POST", "/v1/docs", 201))


def test_sigkill_at_ten_random_points_never_creates_a_second_document(tmp_path: Path) -> None:
    rng = random.Random()
    seed = rng.randrange(1_000_000)
    rng.seed(seed)
    journal = tmp_path / "run.db"
    lost = set(rng.sample(range(1, ROWS), 6))  # the server creates these; the answer is lost
    kills: list[tuple[int, float]] = []
    with Emulator() as emu:
        with emu.client() as client:
            file_id = client.files.upload(sample_pdf(), filename="lease.pdf")

        def lose(method: str, path: str, n: int) -> bool:
            return (method, path) == ("POST", "/v1/docs") and n in lost

        with drop_proxy(emu.url, lose) as proxy:
            args = [sys.executable, str(WORKER), proxy.url + "/v1", emu.access_token]
            args += [str(journal), file_id, str(ROWS)]
            for _ in range(KILLS):
                target = created_posts(emu) + rng.randint(1, 3)
                delay = rng.uniform(0, 0.03)
                worker = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                deadline = time.monotonic() + 30
                while created_posts(emu) < target and worker.poll() is None:
                    assert time.monotonic() < deadline, f"seed {seed}: no progress"
                    time.sleep(0.002)
                time.sleep(delay)
                # a fast run may have sent every row before this kill point: it has exited,
                # been reaped by poll(), and there is nothing left to kill
                if worker.poll() is None:
                    os.kill(worker.pid, signal.SIGKILL)
                worker.wait(10)
                kills.append((created_posts(emu), delay))
            final = subprocess.run(args, capture_output=True, text=True, timeout=60)
            dropped = proxy.dropped
        with emu.client() as client:
            names = Counter(str(doc.name) for doc in client.documents.list())
        posted = created_posts(emu)
    context = f"seed {seed}, kills at {kills}, final run: {final.stdout}{final.stderr}"
    assert final.returncode == 0, context
    assert "40 of 40 documents created" in final.stdout, context
    journaled = bulk.Journal(journal).rows()
    assert {row.state for row in journaled} == {bulk.RowState.CREATED}, context
    # exactly one document per row, and no document the journal does not know of
    assert len(names) == ROWS and set(names.values()) == {1}, (names, context)
    assert posted == ROWS, context
    assert sorted(names) == sorted(row.document_name for row in journaled), context
    assert dropped >= 1, context  # some answers were really lost after the document existed
