"""FORMIFY_LOG as an application meets it: each line printed once, an unknown value warned about.

Each case runs a small program in a fresh interpreter (pytest's own log capture would be "the
application's logging" here), creates a client — which reads FORMIFY_LOG — and logs through
the library's logger; the assertions count lines on the program's stderr.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

MESSAGE = "formify-test-line client_secret=abc"


def run(program: str, formify_log: str | None, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FORMIFY_")}
    if formify_log is not None:
        env["FORMIFY_LOG"] = formify_log
    return subprocess.run(
        [sys.executable, *args, "-c", textwrap.dedent(program)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )


def lines_with(text: str, needle: str) -> list[str]:
    return [line for line in text.splitlines() if needle in line]


CLIENT = """
import logging
from formify import Formify
client = Formify(access_token="t", base_url="http://127.0.0.1:9")
"""
LOG = f"logging.getLogger('formify').info({MESSAGE!r})\n"


@pytest.mark.parametrize(
    ("setup", "when"),
    [
        ("logging.basicConfig(level=logging.INFO)\n", "before"),
        ("logging.basicConfig(level=logging.INFO)\n", "after"),
        ("logging.basicConfig(level=logging.DEBUG, format='APP %(message)s')\n", "before"),
        (
            "h = logging.StreamHandler(); h.setFormatter(logging.Formatter('APP %(message)s'))\n"
            "logging.getLogger('formify').addHandler(h)\n",
            "after",
        ),
    ],
)
def test_app_logging_configured_prints_each_line_once(setup: str, when: str) -> None:
    """`FORMIFY_LOG=info` plus the app's own handler: one line each, not two."""
    first, second = (setup, CLIENT) if when == "before" else (CLIENT, setup)
    program = "import logging\n" + first + second + LOG
    result = run(program, "info")
    found = lines_with(result.stderr, "formify-test-line")
    assert len(found) == 1, result.stderr
    assert "client_secret=[REDACTED]" in found[0]  # redacted in the app's handler too
    assert "abc" not in result.stderr
    if "APP" in setup:
        assert found[0].startswith("APP ")  # the app's format, not ours


def test_without_app_logging_the_library_prints_the_line_itself() -> None:
    result = run(CLIENT + LOG, "info")
    found = lines_with(result.stderr, "formify-test-line")
    assert len(found) == 1, result.stderr
    assert "INFO formify]" in found[0]


def test_app_handler_above_the_level_does_not_swallow_formify_log() -> None:
    """An app handler set to WARNING does not print the INFO line: FORMIFY_LOG=info still does."""
    program = (
        "import logging\nh = logging.StreamHandler(); h.setLevel(logging.WARNING)\n"
        "logging.getLogger().addHandler(h)\n" + CLIENT + LOG
    )
    found = lines_with(run(program, "info").stderr, "formify-test-line")
    assert len(found) == 1
    assert "INFO formify]" in found[0]


def test_debug_lines_appear_only_with_debug() -> None:
    program = CLIENT + "logging.getLogger('formify').debug('formify-debug-line')\n"
    assert len(lines_with(run(program, "debug").stderr, "formify-debug-line")) == 1
    assert lines_with(run(program, "info").stderr, "formify-debug-line") == []


def test_an_unknown_value_warns_once_naming_it_and_the_choices() -> None:
    program = (
        CLIENT
        + (
            "Formify(access_token='t', base_url='http://127.0.0.1:9')\n"
            "from formify import AsyncFormify\n"
            "AsyncFormify(access_token='t', base_url='http://127.0.0.1:9')\n"
        )
        + LOG
    )
    # -W always: Python's own once-per-line filter is off, so "once" is the library's doing
    result = run(program, "verbose", "-W", "always")
    warned = lines_with(result.stderr, "FORMIFY_LOG='verbose'")
    assert len(warned) == 1, result.stderr
    assert "UserWarning" in warned[0]
    assert "debug or info" in warned[0]
    assert "<string>" in warned[0]  # points at the program's line, not the library's
    assert lines_with(result.stderr, "formify-test-line") == []  # and nothing is turned on


def test_empty_or_differently_cased_values_do_not_warn() -> None:
    program = (
        "from formify._logging import setup_logging\n"
        "for value in ['', '  ', 'INFO ', 'Debug']:\n"
        "    setup_logging({'FORMIFY_LOG': value})\n"
    )
    result = run(program, None, "-W", "always")
    assert "FORMIFY_LOG=" not in result.stderr
