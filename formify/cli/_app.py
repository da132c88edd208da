"""The root command: global options, the registry of command groups, and the exit statuses.

Adding a command group is one line in `COMMANDS`: a module with ``register(app)``, which
adds its Typer group (``app.add_typer(group, name=...)``) or its commands
(``app.command(...)(fn)``). Command modules import the library, httpx and Rich inside their
functions, so that building this tree (all ``--help`` needs) stays cheap.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence

import typer

from formify.cli._config import DEFAULT_PROFILE, ENV_PROFILE, Profile, Settings
from formify.cli._errors import EXIT_OK, report

COMMANDS: Sequence[str] = (
    "formify.cli._auth",
    "formify.cli._whoami",
    "formify.cli._send",
    "formify.cli._docs",
    "formify.cli._files",
    "formify.cli._templates",
    "formify.cli._webhooks",
    "formify.cli._listen",
    "formify.cli._trigger",
    "formify.cli._emulator",
    "formify.cli._bulk",  # after _send and _docs: adds --csv to send, changes to docs
)

# Options that belong to the root but may be written anywhere, as with `gh ... --json`:
# `formify docs list --json` is rewritten to `formify --json docs list` before parsing.
_GLOBAL_FLAGS = frozenset({"--json", "--debug"})
_GLOBAL_VALUED = frozenset({"--base-url", "--access-token", "--profile"})

_HELP = """Formify e-signatures from the command line: log in, send, follow, download, listen.

Global options (--json, --base-url, --access-token, --profile, --debug) may also be given
after the command. Exit status: 0 success, 1 API or network error, 2 usage, 130 Ctrl-C.
"""


def _version(value: bool) -> None:
    if value:
        from formify._version import __version__

        print(f"formify {__version__}")
        raise typer.Exit()


def _root(
    ctx: typer.Context,
    json_output: bool = typer.Option(
        False, "--json", help="Machine-readable JSON on stdout (and nothing else there)."
    ),
    base_url: str | None = typer.Option(
        None, "--base-url", envvar="FORMIFY_BASE_URL", help="API base URL.", show_envvar=True
    ),
    access_token: str | None = typer.Option(
        None,
        "--access-token",
        envvar="FORMIFY_ACCESS_TOKEN",
        help="Use this access token instead of the profile's login.",
        show_envvar=True,
        show_default=False,
    ),
    profile: str = typer.Option(
        DEFAULT_PROFILE,
        "--profile",
        envvar=ENV_PROFILE,
        help="Settings and login to use (under $XDG_CONFIG_HOME/formify/).",
        show_envvar=True,
    ),
    debug: bool = typer.Option(
        False, "--debug", help="On error, the traceback; and the request log (redacted)."
    ),
    version: bool = typer.Option(
        False,
        "--version",
        callback=_version,
        is_eager=True,
        help="Print the version and exit.",
    ),
) -> None:
    chosen = Profile(profile)
    ctx.obj = Settings(
        json=json_output,
        debug=debug,
        base_url=base_url,
        access_token=access_token,
        profile=chosen,
        saved=chosen.load_settings(),
    )
    if debug:
        _log_requests()


def _log_requests() -> None:
    import logging
    import sys

    from formify._logging import _FILTER, logger

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("[%(asctime)s %(levelname)s %(name)s] %(message)s"))
    handler.addFilter(_FILTER)  # the library's redaction, on httpx's lines too
    for name in ("formify", "httpx"):
        log = logger if name == "formify" else logging.getLogger(name)
        log.setLevel(logging.DEBUG)
        log.addHandler(handler)


def build() -> typer.Typer:
    """Build the whole command tree."""
    app = typer.Typer(
        name="formify",
        help=_HELP,
        no_args_is_help=True,
        add_completion=False,
        rich_markup_mode=None,  # plain help: Rich's help rendering costs ~0.3 s of start-up
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    app.callback()(_root)
    for module in COMMANDS:
        importlib.import_module(module).register(app)
    return app


def hoist_globals(argv: Sequence[str]) -> list[str]:
    """Move global options written after the command to the front (up to a ``--``)."""
    front: list[str] = []
    rest: list[str] = []
    args = iter(argv)
    for arg in args:
        if arg == "--":
            rest.append(arg)
            rest.extend(args)
            break
        name = arg.split("=", 1)[0]
        if arg in _GLOBAL_FLAGS:
            front.append(arg)
        elif name in _GLOBAL_VALUED:
            front.append(arg)
            if "=" not in arg:
                value = next(args, None)
                if value is not None:
                    front.append(value)
        else:
            rest.append(arg)
    return front + rest


def run(argv: Sequence[str]) -> int:
    """Parse `argv`, run the command, turn any failure into one line and an exit status."""
    args = hoist_globals(argv)
    debug = "--debug" in args[: args.index("--")] if "--" in args else "--debug" in args
    try:
        status = build()(args=args, prog_name="formify", standalone_mode=False)
    except typer.Exit as exc:
        return exc.exit_code
    except typer.Abort:  # click turns Ctrl-C at a prompt into Abort
        return report(KeyboardInterrupt(), debug=debug)
    except (Exception, KeyboardInterrupt) as exc:
        return report(exc, debug=debug)
    return status if isinstance(status, int) else EXIT_OK
