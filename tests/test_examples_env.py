"""The examples, run without their environment variables, say what to set and exit 2.

No traceback, no KeyError: one message naming every missing variable, before anything is sent
or served.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

# script, the variables it must name, variables given (the rest of the environment is bare)
CASES = [
    ("flask_receiver.py", ["FORMIFY_WEBHOOK_SECRET"], {}),
    ("fastapi_receiver.py", ["FORMIFY_WEBHOOK_SECRET"], {}),
    (
        "oauth_flask.py",
        ["FORMIFY_CLIENT_ID", "FORMIFY_CLIENT_SECRET", "FORMIFY_REDIRECT_URI", "FLASK_SECRET_KEY"],
        {},
    ),
    (
        "oauth_flask.py",
        ["FLASK_SECRET_KEY"],
        {
            "FORMIFY_CLIENT_ID": "id",
            "FORMIFY_CLIENT_SECRET": "s",
            "FORMIFY_REDIRECT_URI": "http://127.0.0.1:1/cb",
        },
    ),
    (
        "multi_account/app.py",
        ["FORMIFY_CLIENT_ID", "FORMIFY_CLIENT_SECRET", "FORMIFY_WEBHOOK_SECRET", "DATA_DIR"],
        {},
    ),
    # with a token the quick start goes live: it needs a public webhook URL and real signees
    (
        "quickstart.py",
        ["FORMIFY_WEBHOOK_URL", "FORMIFY_DEMO_SIGNEES"],
        {"FORMIFY_ACCESS_TOKEN": "tok", "FORMIFY_BASE_URL": "http://127.0.0.1:9"},
    ),
    (
        "quickstart.py",
        ["FORMIFY_DEMO_SIGNEES"],
        {
            "FORMIFY_ACCESS_TOKEN": "tok",
            "FORMIFY_BASE_URL": "http://127.0.0.1:9",
            "FORMIFY_WEBHOOK_URL": "https://example.com/hook",
            "FORMIFY_DEMO_SIGNEES": "only one <one@example.com>",
        },
    ),
]


def bare_env(**given: str) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("FORMIFY_", "FLASK_"))}
    keep.pop("PORT", None)
    keep.pop("TOKEN_FILE", None)
    return {**keep, **given}


@pytest.mark.parametrize(("script", "names", "given"), CASES)
def test_example_without_its_variables_says_what_to_set_and_exits_2(
    script: str, names: list[str], given: dict[str, str], tmp_path: Path
) -> None:
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / script)],
        cwd=tmp_path,
        env=bare_env(**given),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "set " in result.stderr
    for name in names:
        assert name in result.stderr
    for name in given:
        if name not in names:
            assert f"  {name}:" not in result.stderr  # not listed as missing
    assert list(tmp_path.iterdir()) == []  # nothing written, nothing downloaded
