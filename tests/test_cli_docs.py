"""``formify send`` and ``formify docs ...`` against the emulator, as the installed script."""

from __future__ import annotations

import json
import os
import pty
import signal
import subprocess
from pathlib import Path

import pytest
from _cli import FORMIFY, emulator_env, one_line_error, run, run_json, start

from formify.testing import Emulator, sample_pdf


@pytest.fixture
def env(formify_emulator: Emulator, tmp_path: Path) -> dict[str, str]:
    return emulator_env(formify_emulator, tmp_path)


@pytest.fixture
def pdf(tmp_path: Path) -> Path:
    path = tmp_path / "contract.pdf"
    path.write_bytes(sample_pdf())
    return path


def _send(env: dict[str, str], pdf: Path, *signees: str, extra: tuple[str, ...] = ()) -> str:
    args = [a for s in signees for a in ("--signee", s)]
    created = run_json("send", str(pdf), *args, *extra, env=env)
    return str(created["documentId"])


def test_send_list_show_history_remind(
    formify_emulator: Emulator, env: dict[str, str], pdf: Path
) -> None:
    emu = formify_emulator
    created = run_json(
        "send",
        str(pdf),
        "--signee",
        "Ada Lovelace <ada@example.com>",
        "-s",
        "Alan Turing <+46701234567>",
        "--order",
        "--name",
        "NDA",
        "--language",
        "sv",
        env=env,
    )
    doc_id = created["documentId"]
    doc = emu.client().documents.get(doc_id)
    assert doc.name == "NDA" and str(doc.language) == "sv" and doc.enable_signing_order
    signees = [(s.full_name, s.email_address or s.phone_number) for s in doc.signee_details]
    assert signees == [("Ada Lovelace", "ada@example.com"), ("Alan Turing", "+46701234567")]
    assert created["fileId"] == doc.file_id

    text = run("send", str(pdf), "--signee", "Grace Hopper <grace@example.com>", env=env)
    assert text.returncode == 0 and text.stdout.startswith("Sent 'contract' to 1 signee: ")
    template_id = next(iter(emu.client().templates.list())).template_id
    from_template = run_json("send", "--template", template_id, "-s", "T <t@example.com>", env=env)
    assert emu.client().documents.get(from_template["documentId"]).template_id == template_id

    listed = run_json("docs", "list", "--status", "awaiting_signatures", "--limit", "1", env=env)
    assert len(listed) == 1 and listed[0]["status"] == "awaiting_signatures"
    assert {d["documentId"] for d in run_json("docs", "list", env=env)} >= {doc_id}
    assert run_json("docs", "list", "--status", "completed", env=env) == []

    shown = run_json("docs", "show", doc_id, env=env)
    assert shown["documentId"] == doc_id and len(shown["signeeDetails"]) == 2
    history = run_json("docs", "history", doc_id, env=env)
    assert history[0]["type"] == "document.created"

    reminded = run_json("docs", "remind", doc_id, env=env)  # default: everyone unsigned
    sent = {r["signeeId"] for r in reminded.get("remindersSentTo", [])}
    not_sent = {r["signeeId"] for r in reminded.get("remindersNotSentTo", [])}
    assert sent | not_sent == {s.signee_id for s in doc.signee_details}


def test_bad_signee_and_missing_file_are_usage_errors(env: dict[str, str], pdf: Path) -> None:
    line = one_line_error(run("send", str(pdf), "--signee", "Ada", env=env), 2, "UsageError")
    assert "--signee" in line
    missing = run("send", "nope.pdf", "--signee", "A <a@example.com>", env=env)
    assert missing.returncode == 2 and len(missing.stderr.splitlines()) == 1


def test_watch_prints_each_change_until_completed(
    formify_emulator: Emulator, env: dict[str, str], pdf: Path
) -> None:
    emu = formify_emulator
    doc_id = _send(env, pdf, "A <a@example.com>", "B <b@example.com>")
    first, second = (s.signee_id for s in emu.client().documents.get(doc_id).signee_details)
    proc = start("--json", "docs", "watch", doc_id, "--interval", "0.1", env=env)
    assert proc.stdout is not None
    try:
        lines = [json.loads(proc.stdout.readline()) for _ in range(3)]  # the state at start
        assert {
            (x.get("signeeId"), x.get("signatureStatus") or x.get("status")) for x in lines
        } == {
            (first, "awaiting_signature"),
            (second, "awaiting_signature"),
            (None, "awaiting_signatures"),
        }
        emu.sign(doc_id, first)
        assert json.loads(proc.stdout.readline())["signeeId"] == first
        emu.sign(doc_id, second)
        rest, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    changes = [json.loads(line) for line in rest.splitlines()]
    assert changes == [
        {**changes[0], "signeeId": second, "signatureStatus": "signed"},
        {**changes[1], "status": "completed"},
    ]
    assert proc.returncode == 0, err


def test_ctrl_c_stops_watch_with_130(env: dict[str, str], pdf: Path) -> None:
    doc_id = _send(env, pdf, "A <a@example.com>")
    proc = start("docs", "watch", doc_id, "--interval", "0.1", env=env)
    assert proc.stdout is not None
    assert "awaiting_signature" in proc.stdout.readline()
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130 and "Traceback" not in err


def test_revoke_then_delete_then_not_found(env: dict[str, str], pdf: Path) -> None:
    doc_id = _send(env, pdf, "A <a@example.com>")
    assert run_json("docs", "revoke", doc_id, env=env)["documentId"] == doc_id
    assert run_json("docs", "delete", doc_id, env=env) == {"documentId": doc_id, "deleted": True}
    one_line_error(run("--json", "docs", "show", doc_id, env=env), 1, "NotFoundError")


def _read_all(fd: int) -> bytes:
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)


def test_download_draws_progress_on_a_terminal_only(
    formify_emulator: Emulator, env: dict[str, str], pdf: Path, tmp_path: Path
) -> None:
    emu = formify_emulator
    doc_id = _send(env, pdf, "A <a@example.com>")
    emu.sign(doc_id)
    expected = tmp_path / "library.pdf"
    emu.client().documents.download_signed_file(doc_id, expected)

    # a real pseudo-terminal on stdout and stderr: the bar is drawn and reaches 100 %
    primary, secondary = pty.openpty()
    on_tty = tmp_path / "tty.pdf"
    proc = subprocess.Popen(
        [FORMIFY, "docs", "download", doc_id, "-o", str(on_tty)],
        env={**env, "TERM": "xterm", "COLUMNS": "120"},
        stdin=secondary,
        stdout=secondary,
        stderr=secondary,
    )
    os.close(secondary)
    screen = _read_all(primary).decode(errors="replace")
    os.close(primary)
    assert proc.wait(timeout=30) == 0, screen
    assert "100%" in screen and "signed PDF" in screen, screen
    assert on_tty.read_bytes() == expected.read_bytes()

    # piped: no bar, no terminal control codes; just the saved line
    piped_path = tmp_path / "piped.pdf"
    piped = run("docs", "download", doc_id, "-o", str(piped_path), env=env)
    assert piped.returncode == 0 and piped.stderr == ""
    assert piped.stdout == f"Saved {piped_path} ({expected.stat().st_size} bytes)\n"
    assert piped_path.read_bytes() == expected.read_bytes()
    as_json = run_json("docs", "download", doc_id, "-o", str(tmp_path / "j.pdf"), env=env)
    assert as_json == {
        "documentId": doc_id,
        "path": str(tmp_path / "j.pdf"),
        "bytes": len(expected.read_bytes()),
    }
    to_stdout = subprocess.run(
        [FORMIFY, "docs", "download", doc_id, "-o", "-"], env=env, capture_output=True, timeout=60
    )
    assert to_stdout.returncode == 0 and to_stdout.stdout == expected.read_bytes()
    assert to_stdout.stderr == b""
