"""Re-record the regression cassettes (`make cassettes`), then scan them for secrets.

By default the requests go to a `formify.testing.Emulator` started by the test fixtures on a
free loopback port. With `FORMIFY_LIVE=1` they go to the real API, with `FORMIFY_ACCESS_TOKEN`
(optionally `FORMIFY_BASE_URL`; `FORMIFY_CLIENT_ID` and `FORMIFY_CLIENT_SECRET` for OAuth);
tests that need the emulator's control surface are skipped and keep their cassettes.

Extra arguments go to pytest, e.g. `scripts/record_cassettes.py -k webhooks`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    live = os.environ.get("FORMIFY_LIVE", "").strip().lower() in ("1", "true", "yes")
    if live and not os.environ.get("FORMIFY_ACCESS_TOKEN"):
        print("FORMIFY_LIVE=1 needs FORMIFY_ACCESS_TOKEN", file=sys.stderr)
        return 2
    env = {**os.environ, "FORMIFY_RECORD": "live" if live else "emulator"}
    pytest = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider"]
    record = [*pytest, "tests/regression", "--record-mode=rewrite", *argv]
    print("recording from", "the real API" if live else "the emulator", flush=True)
    status = subprocess.call(record, cwd=ROOT, env=env)
    if status != 0:
        return status
    # Replay what was just recorded, as `make test` will, and check no secret slipped through.
    replay_env = {k: v for k, v in os.environ.items() if k != "FORMIFY_RECORD"}
    check = [
        *pytest,
        "tests/regression",
        "tests/test_cassettes_secrets.py",
        "--block-network",
        "--allowed-hosts=127.0.0.1,localhost,::1",
        "--record-mode=none",
        "-q",
        *argv,
    ]
    return subprocess.call(check, cwd=ROOT, env=replay_env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
