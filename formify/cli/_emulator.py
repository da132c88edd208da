"""``formify emulator``: serve the local Formify API emulator until Ctrl-C or SIGTERM."""

from __future__ import annotations

import contextlib
import errno
import signal
import threading
import time
from typing import TYPE_CHECKING, Any

import typer

from formify.cli._errors import CLIError, UsageError

if TYPE_CHECKING:
    from formify.testing import Emulator

_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}
STOP_WAIT = 1.0  # seconds a stop waits for requests in flight: the process ends within 2 s


def emulator(
    ctx: typer.Context,
    port: int = typer.Option(8765, help="API port (0: any free port)."),
    storage_port: int = typer.Option(0, help="Signed-file storage port (0: any free port)."),
    oauth_client_id: str | None = typer.Option(None, help="Also register this OAuth client ID."),
    oauth_client_secret: str | None = typer.Option(None, help="... with this client secret."),
    rate_limit: int | None = typer.Option(
        None, help="Requests per window per token [default: 10000].", show_default=False
    ),
    rate_window: float | None = typer.Option(
        None, help="Rate-limit window in seconds [default: 60].", show_default=False
    ),
    processing_delay: float | None = typer.Option(
        None,
        help="Emulated seconds an AI-assistant document stays processing [default: 2].",
        show_default=False,
    ),
    webhook_time_scale: float = typer.Option(
        1.0, help="Multiplier of the webhook retry schedule (0: retry at once)."
    ),
    duplicate_webhooks: bool = typer.Option(False, help="Send each webhook event twice."),
    out_of_order_webhooks: bool = typer.Option(False, help="Swap consecutive webhook events."),
    deterministic: bool = typer.Option(
        False, help="Seeded ids and a clock at 2025-01-01 until advanced (stable recordings)."
    ),
) -> None:
    """Serve the Formify API emulator on 127.0.0.1 until Ctrl-C (or SIGTERM).

    The access token it accepts is the global --access-token (or FORMIFY_ACCESS_TOKEN), so
    that other commands run with the same environment talk to it; random when not given.
    """
    from formify.cli._session import settings_of

    settings = settings_of(ctx)
    access_token = settings.access_token
    for name, value in (("--port", port), ("--storage-port", storage_port)):
        if not 0 <= value <= 65535:
            raise UsageError(f"{name}: {value} is not a port (0 to 65535)")
    if rate_limit is not None and rate_limit < 1:
        raise UsageError(f"--rate-limit: must be at least 1, not {rate_limit}")
    if rate_window is not None and rate_window <= 0:
        raise UsageError(f"--rate-window: must be > 0 seconds, not {rate_window}")
    if webhook_time_scale < 0:
        raise UsageError(f"--webhook-time-scale: must be >= 0, not {webhook_time_scale}")
    if processing_delay is not None and processing_delay < 0:
        raise UsageError(f"--processing-delay: must be >= 0, not {processing_delay}")
    if bool(oauth_client_id) != bool(oauth_client_secret):
        raise UsageError("give both --oauth-client-id and --oauth-client-secret, or neither")
    try:
        from formify.testing import Emulator
    except ImportError as exc:  # the extra is not installed
        raise CLIError(
            f"formify emulator needs the extra: pip install 'formify[emulator]' ({exc})"
        ) from exc
    given: dict[str, Any] = {  # the emulator's own defaults for what is not given
        k: v
        for k, v in (
            ("rate_limit", rate_limit),
            ("rate_window", rate_window),
            ("processing_delay", processing_delay),
        )
        if v is not None
    }
    emu = Emulator(
        access_token,
        port=port,
        storage_port=storage_port,
        **given,
        webhook_time_scale=webhook_time_scale,
        duplicate_webhooks=duplicate_webhooks,
        out_of_order_webhooks=out_of_order_webhooks,
        deterministic=deterministic,
    )
    # SIGINT and SIGTERM are blocked before the server threads start (they inherit the mask)
    # and taken with sigwait: a Python-level handler could run at any bytecode, even inside a
    # lock the main thread holds, and a signal sent during start-up would be lost or raise.
    held = hasattr(signal, "pthread_sigmask")
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS) if held else set()
    try:
        try:
            emu.start()
        except OSError as exc:
            raise CLIError(_bind_problem(exc, port, storage_port)) from exc
        try:
            if oauth_client_id and oauth_client_secret:
                emu.register_oauth_client(oauth_client_id, oauth_client_secret)
            # credentials printed on purpose: local test values the user needs to connect
            _announce(
                settings.json,
                baseUrl=emu.base_url,
                accessToken=emu.access_token,
                authorizeUrl=emu.authorize_url,
                oauthClientId=oauth_client_id or emu.oauth_client_id,
                oauthClientSecret=oauth_client_secret or emu.oauth_client_secret,
            )
            _wait_for_stop(held)
        finally:
            _stop_within(emu, STOP_WAIT)
    finally:
        if held:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _announce(as_json: bool, **values: str) -> None:
    if as_json:  # one JSON object, then the emulator serves
        from formify.cli._output import emit_json

        emit_json(values)
        return
    lines = [
        f"Formify emulator listening at {values['baseUrl']}",
        f"access token: {values['accessToken']}",
        f"OAuth consent page: {values['authorizeUrl']}",
        f"OAuth client id: {values['oauthClientId']}",
        f"OAuth client secret: {values['oauthClientSecret']}",
        "press Ctrl-C to stop",
    ]
    print("\n".join(lines), flush=True)


def _stop_within(emu: Emulator, seconds: float) -> None:
    """Stop the emulator, but give up waiting after `seconds`.

    A request still in flight (a slow fault) would otherwise hold the shutdown until it is
    answered; the servers run on daemon threads, so returning ends the process anyway.
    """
    stopper = threading.Thread(target=emu.stop, name="formify-emulator-stop", daemon=True)
    stopper.start()
    stopper.join(seconds)


def _bind_problem(exc: OSError, port: int, storage_port: int) -> str:
    if exc.errno == errno.EADDRINUSE:
        taken = f"port {port}" if port else f"storage port {storage_port}"
        return f"cannot listen on 127.0.0.1: {taken} is already in use (try --port 0)"
    return f"cannot listen on 127.0.0.1: {exc.strerror or exc}"


def _wait_for_stop(held: bool) -> None:
    """Return once SIGINT or SIGTERM arrives (Ctrl-C where signals cannot be held)."""
    if held:
        signal.sigwait(_STOP_SIGNALS)
        return
    with contextlib.suppress(KeyboardInterrupt):  # Windows: Ctrl-C interrupts the sleep
        while True:
            time.sleep(3600)


def register(app: typer.Typer) -> None:
    """Add ``emulator``."""
    app.command("emulator")(emulator)
