"""Run as a script: workers that open one new SQLite file at the same moment, round after round.

`python _sqlite_open_race.py tokens|events DIR ROUNDS WORKERS` prints how many rounds had a
worker fail. A small process of its own, so the forks are cheap and start together.
"""

from __future__ import annotations

import os
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from formify import Token
from formify.stores import SQLiteEventIdStore, SQLiteTokenStore


def _worker(path: Path, kind: str, go: int) -> None:
    tokens = SQLiteTokenStore(path, f"acct-{os.getpid()}")
    events = SQLiteEventIdStore(path)
    os.read(go, 1)
    if kind == "tokens":
        later = datetime.now(UTC) + timedelta(hours=1)
        tokens.save(Token("access-" + "x" * 20, "refresh-" + "y" * 20, later, lifetime=3600.0))
    else:
        events.add_if_absent(f"evt-{os.getpid()}", "done", 60)


def one_round(path: Path, kind: str, workers: int) -> bool:
    """True if every worker opened the store and wrote once."""
    go_read, go_write = os.pipe()
    children = []
    for _ in range(workers):
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                os.close(go_write)
                _worker(path, kind, go_read)
                code = 0
            finally:
                os._exit(code)
        children.append(pid)
    os.close(go_read)
    time.sleep(0.01)  # every worker is waiting at the pipe: they reach the file together
    os.write(go_write, b"x" * workers)
    os.close(go_write)
    return all(os.waitpid(pid, 0)[1] == 0 for pid in children)


if __name__ == "__main__":
    kind, where, rounds, workers = sys.argv[1], Path(sys.argv[2]), *map(int, sys.argv[3:5])
    failed = sum(not one_round(where / f"{n}.db", kind, workers) for n in range(rounds))
    print(failed)
