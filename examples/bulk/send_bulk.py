"""Send one template to every recipient of recipients.csv, resumably.

    python examples/bulk/send_bulk.py [JOURNAL]

Against the API named by FORMIFY_BASE_URL / FORMIFY_ACCESS_TOKEN when set (it uses the first
template of the account), else against a local emulator started here. It then runs the same
send again with the same journal, as a restarted job would: that run sends nothing, since
every row already has its document.
"""

from __future__ import annotations

import os
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

from formify import Formify, bulk

HERE = Path(__file__).resolve().parent


def main() -> int:
    journal = sys.argv[1] if len(sys.argv) > 1 else f"{tempfile.mkdtemp()}/nda.db"
    with ExitStack() as stack:
        if os.environ.get("FORMIFY_BASE_URL"):
            client = stack.enter_context(Formify())
        else:
            from formify.testing import Emulator

            emu = stack.enter_context(Emulator())
            client = stack.enter_context(emu.client())
        template = next(iter(client.templates.list()))
        sender = bulk.BulkSender(
            journal=journal,
            template_id=str(template.template_id),
            on_progress=lambda p: print(f"\r{p.created}/{p.total} created", end="", flush=True),
        )
        report = sender.send(client, bulk.read_csv(HERE / "recipients.csv"))
        print()
        print(report.summary())
        again = sender.send(client, bulk.read_csv(HERE / "recipients.csv"))
        print()
        print(f"again with the journal {journal}: {again.summary()}")
        return again.exit_code


if __name__ == "__main__":
    sys.exit(main())
