"""The root of ``formify``: --version, --help, global options, exit statuses, the missing extra."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from _cli import cli_env, one_line_error, run, run_json

from formify import __version__
from formify.cli._app import hoist_globals
from formify.testing import Emulator


def test_version_and_help(tmp_path: Path) -> None:
    env = cli_env(tmp_path)
    version = run("--version", env=env)
    assert (version.returncode, version.stdout) == (0, f"formify {__version__}\n")
    helped = run("--help", env=env)
    assert helped.returncode == 0 and helped.stderr == ""
    for command in ("auth", "send", "docs", "files", "templates", "webhooks", "listen", "trigger"):
        assert f"  {command} " in helped.stdout, command


def test_whoami_json_from_flags_env_and_after_the_command(
    formify_emulator: Emulator, tmp_path: Path
) -> None:
    emu = formify_emulator
    env = cli_env(tmp_path)
    user = run_json(
        "whoami", "--base-url", emu.base_url, "--access-token", emu.access_token, env=env
    )
    assert user["emailAddress"] == emu.client().user.get().email_address
    # FORMIFY_* variables stand for the flags; --json written after the command counts too
    env = cli_env(tmp_path, FORMIFY_BASE_URL=emu.base_url, FORMIFY_ACCESS_TOKEN=emu.access_token)
    proc = run("whoami", "--json", env=env)
    assert proc.returncode == 0 and proc.stderr == ""
    assert '"emailAddress"' in proc.stdout
    text = run("whoami", env=env)
    assert text.returncode == 0 and user["emailAddress"] in text.stdout


def test_api_error_is_one_line_and_exit_1(formify_emulator: Emulator, tmp_path: Path) -> None:
    env = cli_env(tmp_path, FORMIFY_BASE_URL=formify_emulator.base_url)
    proc = run("--json", "whoami", "--access-token", "not-a-token", env=env)
    line = one_line_error(proc, 1, "AuthenticationError")
    assert "not-a-token" not in line


def test_network_error_exit_1_and_debug_adds_the_traceback(tmp_path: Path) -> None:
    # port 9 (discard) on loopback: nothing listens there in the test environment
    env = cli_env(tmp_path, FORMIFY_BASE_URL="http://127.0.0.1:9/v1", FORMIFY_ACCESS_TOKEN="t0k")
    proc = run("whoami", env=env)
    one_line_error(proc, 1, "APIConnectionError")
    debug = run("whoami", "--debug", env=env)
    assert debug.returncode == 1 and "Traceback (most recent call last)" in debug.stderr
    assert "request GET /v1/user" in debug.stderr  # the request log
    assert debug.stderr.rstrip().splitlines()[-1].startswith("APIConnectionError: ")
    assert "t0k" not in debug.stderr


def test_usage_errors_exit_2_in_one_line(tmp_path: Path) -> None:
    env = cli_env(tmp_path)
    one_line_error(run("no-such-command", env=env), 2, "UsageError")
    one_line_error(run("whoami", "--no-such-option", env=env), 2, "NoSuchOption")
    one_line_error(run("--profile", "../escape", "whoami", env=env), 2, "UsageError")


def test_global_options_are_hoisted_up_to_a_double_dash() -> None:
    assert hoist_globals(["docs", "list", "--json", "--profile", "w", "--limit", "3"]) == [
        "--json",
        "--profile",
        "w",
        "docs",
        "list",
        "--limit",
        "3",
    ]
    assert hoist_globals(["send", "--base-url=http://x", "--", "--json"]) == [
        "--base-url=http://x",
        "send",
        "--",
        "--json",
    ]


_BLOCKED = """
import sys
sys.modules[{name!r}] = None  # as if the extra were not installed
from formify.cli import main
sys.exit(main(["--help"]))
"""


def test_base_install_says_how_to_get_the_extra() -> None:
    for name in ("typer", "rich"):
        proc = subprocess.run(
            [sys.executable, "-c", _BLOCKED.format(name=name)],
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert proc.returncode == 1 and proc.stdout == ""
        assert "pip install 'formify[cli]'" in proc.stderr and name in proc.stderr
