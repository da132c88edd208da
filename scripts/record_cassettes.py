"""Re-record the regression cassettes (`make cassettes`), then replay them with the secret scan.

By default the requests go to a `formify.testing.Emulator` started by the test fixtures on a
free loopback port. With `FORMIFY_LIVE=1` they go to the real API, with `FORMIFY_ACCESS_TOKEN`
(optionally `FORMIFY_BASE_URL`); tests that need the emulator's control surface are skipped
and keep their cassettes.

Extra arguments go to pytest, e.g. `scripts/record_cassettes.py -k webhooks`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV_RECORD = "FORMIFY_RECORD"  # read by tests/regression/_flow_target.py
REPLAY_FLAGS = [
    "--block-network",
    "--allowed-hosts=127.0.0.1,localhost,::1",
    "--record-mode=none",
]


def is_live(env: Mapping[str, str]) -> bool:
    """Whether `FORMIFY_LIVE` asks for the real API."""
    return env.get("FORMIFY_LIVE", "").strip().lower() in ("1", "true", "yes")


def plan(env: Mapping[str, str], argv: list[str]) -> list[tuple[list[str], dict[str, str]]]:
    """The two pytest runs, as (command, environment): record, then replay and scan."""
    pytest = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider"]
    record_env = {**env, ENV_RECORD: "live" if is_live(env) else "emulator"}
    replay_env = {k: v for k, v in env.items() if k != ENV_RECORD}
    return [
        ([*pytest, "tests/regression", "--record-mode=rewrite", *argv], record_env),
        (
            [*pytest, "tests/regression", "tests/test_cassettes_secrets.py", *REPLAY_FLAGS, "-q"],
            replay_env,
        ),
    ]


def main(argv: list[str]) -> int:
    env = dict(os.environ)
    if is_live(env) and not env.get("FORMIFY_ACCESS_TOKEN"):
        print("FORMIFY_LIVE=1 needs FORMIFY_ACCESS_TOKEN", file=sys.stderr)
        return 2
    print("recording from", "the real API" if is_live(env) else "the emulator", flush=True)
    for command, command_env in plan(env, argv):
        status = subprocess.call(command, cwd=ROOT, env=command_env)
        if status != 0:
            return status
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
