"""A bulk run in its own process, for the tests that kill it (SIGKILL) or run two at once.

Usage: python _bulk_worker.py BASE_URL TOKEN JOURNAL FILE_ID ROWS [REDIS_URL]; prints the
report's summary and exits with its exit code. Rows are "Lease 0" .. "Lease ROWS-1". With
REDIS_URL the run paces itself by a `RedisBudget` there; with BULK_GO_FILE set it waits for
that file to exist before it starts (after creating JOURNAL.ready).
"""

from __future__ import annotations

import os
import sys
import time

from formify import Formify, bulk


def main() -> int:
    base_url, token, journal, file_id, count = sys.argv[1:6]
    budget = None
    if len(sys.argv) > 6:
        import redis

        budget = bulk.RedisBudget(redis.Redis.from_url(sys.argv[6]), key="bulk-test")
    rows = [
        bulk.Row(
            signees=[{"full_name": f"Signee {i}", "email_address": f"s{i}@example.com"}],
            name=f"Lease {i}",
        )
        for i in range(int(count))
    ]
    go = os.environ.get("BULK_GO_FILE")
    if go:  # say this worker is ready (imports done), so the test can start both at once
        open(f"{journal}.ready", "w").close()
    while go and not os.path.exists(go):  # start together with the other worker
        time.sleep(0.005)
    with Formify(access_token=token, base_url=base_url, max_retries=0) as client:
        report = bulk.send_bulk(
            client,
            rows,
            journal=journal,
            file_id=file_id,
            signee_defaults={"signature_placement": "new_page"},
            concurrency=4,
            settle=0.2,
            budget=budget,
        )
    print(report.summary(), flush=True)
    return report.exit_code


if __name__ == "__main__":
    sys.exit(main())
