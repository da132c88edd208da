"""Exit statuses and the one-line error report: 1 API or network error, 2 usage, 130 Ctrl-C."""

from __future__ import annotations

import sys
import traceback

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class CLIError(Exception):
    """A problem the command reports in one line and exits with `exit_code`."""

    exit_code = EXIT_ERROR

    def __init__(self, message: str, exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class UsageError(CLIError):
    """The command line itself is wrong (exit 2)."""

    exit_code = EXIT_USAGE


def exit_code_of(exc: BaseException) -> int:
    """Return the status a failed command exits with."""
    if isinstance(exc, KeyboardInterrupt):
        return EXIT_INTERRUPTED
    if isinstance(exc, CLIError):
        return exc.exit_code
    code = getattr(exc, "exit_code", None)  # typer's (vendored click's) usage errors
    if isinstance(code, int) and type(exc).__module__.startswith(("typer", "click")):
        return code
    from formify._exceptions import ValidationError  # bad input, caught before any request

    if isinstance(exc, ValidationError):
        return EXIT_USAGE
    return EXIT_ERROR


def report(exc: BaseException, *, debug: bool) -> int:
    """Write `exc` as one line on stderr (with the traceback under --debug); return the status."""
    code = exit_code_of(exc)
    if debug:
        traceback.print_exception(exc, file=sys.stderr)
    if isinstance(exc, KeyboardInterrupt):
        sys.stderr.write("Interrupted\n")
        return code
    message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
    name = "Error" if type(exc) is CLIError else type(exc).__name__
    line = " ".join(f"{name}: {message}".split())  # one line, whatever the message holds
    sys.stderr.write(line + "\n")  # the library's exceptions carry no secret
    return code
