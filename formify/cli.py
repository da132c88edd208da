"""The ``formify`` command line: ``formify emulator`` runs the local Formify API emulator."""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import time
from collections.abc import Sequence

_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="formify", description="Formify API tools.")
    commands = parser.add_subparsers(dest="command", required=True)
    emu = commands.add_parser(
        "emulator",
        help="run the local Formify API emulator until Ctrl-C",
        description="Serve the Formify API emulator on 127.0.0.1 until interrupted.",
    )
    emu.add_argument("--port", type=int, default=8765, help="API port (0: any free port)")
    emu.add_argument("--storage-port", type=int, default=0, help="signed-file storage port")
    emu.add_argument("--access-token", default=None, help="token to accept (default: random)")
    emu.add_argument("--oauth-client-id", default=None, help="register this OAuth client ID")
    emu.add_argument("--oauth-client-secret", default=None, help="... with this client secret")
    emu.add_argument(
        "--rate-limit", type=int, default=None, help="requests per window per token (default 10000)"
    )
    emu.add_argument(
        "--webhook-time-scale",
        type=float,
        default=1.0,
        help="multiplier of the webhook retry schedule (default 1.0)",
    )
    return parser


def _run_emulator(args: argparse.Namespace) -> int:
    try:
        from formify.testing import Emulator
    except ImportError as exc:  # the extra is not installed
        print(f"formify emulator needs the extra: pip install 'formify[emulator]' ({exc})")
        return 2
    from formify.testing._app.app import DEFAULT_RATE_LIMIT

    if bool(args.oauth_client_id) != bool(args.oauth_client_secret):
        print("give both --oauth-client-id and --oauth-client-secret, or neither")
        return 2
    # SIGINT and SIGTERM are blocked before the server threads start (they inherit the mask)
    # and taken with sigwait: a Python-level handler could run at any bytecode, even inside a
    # lock the main thread holds, and a signal sent during start-up would be lost or raise.
    held = hasattr(signal, "pthread_sigmask")
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS) if held else set()
    try:
        with Emulator(
            args.access_token,
            port=args.port,
            storage_port=args.storage_port,
            rate_limit=args.rate_limit or DEFAULT_RATE_LIMIT,
            webhook_time_scale=args.webhook_time_scale,
        ) as emu:
            if args.oauth_client_id:
                emu.register_oauth_client(args.oauth_client_id, args.oauth_client_secret)
            # the access token is printed on purpose: it is a local test token the user asked for
            print(f"Formify emulator listening at {emu.base_url}", flush=True)
            print(f"access token: {emu.access_token}", flush=True)
            print(f"OAuth consent page: {emu.authorize_url}", flush=True)
            print("press Ctrl-C to stop", flush=True)
            _wait_for_stop(held)
    finally:
        if held:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)
    return 0


def _wait_for_stop(held: bool) -> None:
    """Return once SIGINT or SIGTERM arrives (Ctrl-C where signals cannot be held)."""
    if held:
        signal.sigwait(_STOP_SIGNALS)
        return
    with contextlib.suppress(KeyboardInterrupt):  # Windows: Ctrl-C interrupts the sleep
        while True:
            time.sleep(3600)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``formify`` command; return the exit status."""
    args = _parser().parse_args(argv)
    if args.command == "emulator":
        return _run_emulator(args)
    return 2  # pragma: no cover - argparse refuses unknown commands


if __name__ == "__main__":
    sys.exit(main())
