"""`formify send --csv` and `formify docs changes`, run as the installed console script."""

from __future__ import annotations

import json
import os
import pty
import subprocess
from pathlib import Path

from _cli import FORMIFY, cli_env, run, run_json

from formify import bulk
from formify.testing import Emulator

CSV = "key,name,signee_name,signee_email\n" + "".join(
    f"r{i},NDA {i},Signee {i},s{i}@example.com\n" for i in range(5)
)


def env_for(emu: Emulator, tmp_path: Path) -> dict[str, str]:
    return cli_env(
        tmp_path / "config", FORMIFY_BASE_URL=emu.base_url, FORMIFY_ACCESS_TOKEN=emu.access_token
    )


def template_of(emu: Emulator) -> str:
    with emu.client() as client:
        return str(next(iter(client.templates.list())).template_id)


def test_send_csv_creates_each_row_once_and_a_rerun_sends_nothing(tmp_path: Path) -> None:
    (tmp_path / "rows.csv").write_text(CSV)
    journal = str(tmp_path / "run.db")
    with Emulator() as emu:
        env, template = env_for(emu, tmp_path), template_of(emu)
        args = ("send", "--csv", str(tmp_path / "rows.csv"), "--template", template)
        first = run_json(*args, "--journal", journal, env=env)
        again = run_json(*args, "--journal", journal, env=env)
        with emu.client() as client:
            names = [str(d.name) for d in client.documents.list()]
    assert first["complete"] and first["counts"]["created"] == 5 and first["requests"] == 5
    assert again["complete"] and again["requests"] == 0
    batch = bulk.Journal(journal).batch
    assert sorted(names) == sorted(f"NDA {i} [{batch}-r{i}]" for i in range(5))


def test_a_refused_row_makes_exit_1_and_is_reported(tmp_path: Path) -> None:
    (tmp_path / "rows.csv").write_text(CSV + "bad,NDA bad,Eve,x@\n")  # no valid address
    with Emulator() as emu:
        env, template = env_for(emu, tmp_path), template_of(emu)
        proc = run("send", "--csv", str(tmp_path / "rows.csv"), "--template", template, env=env)
    assert proc.returncode == 1, proc.stderr
    assert "5 of 6 documents created" in proc.stdout and "refused bad" in proc.stdout


def test_settle_an_ambiguous_row_by_hand(tmp_path: Path) -> None:
    journal = bulk.Journal(tmp_path / "run.db")
    journal.add([("r1", "NDA [x-r1]", {"signees": []}), ("r2", "NDA [x-r2]", {"signees": []})])
    journal.mark_ambiguous("r1", "lost")
    journal.mark_ambiguous("r2", "lost")
    with Emulator() as emu:
        env = env_for(emu, tmp_path)
        path = str(tmp_path / "run.db")
        settled = run_json("send", "--journal", path, "--settle", "r1=doc-1", env=env)
        absent = run_json("send", "--journal", path, "--settle", "r2=absent", env=env)
        wrong = run("send", "--journal", path, "--settle", "r1", env=env)
    assert settled == [{"key": "r1", "state": "created", "documentId": "doc-1"}]
    assert absent == [{"key": "r2", "state": "pending", "documentId": None}]
    assert wrong.returncode == 2 and "KEY=DOCUMENT_ID" in wrong.stderr


def test_progress_bar_only_on_a_terminal(tmp_path: Path) -> None:
    (tmp_path / "rows.csv").write_text(CSV)
    with Emulator() as emu:
        env, template = env_for(emu, tmp_path), template_of(emu)
        args = [FORMIFY, "send", "--csv", str(tmp_path / "rows.csv"), "--template", template]
        piped = run(*args[1:], "--journal", str(tmp_path / "a.db"), env=env)
        leader, follower = pty.openpty()
        proc = subprocess.Popen(
            [*args, "--journal", str(tmp_path / "b.db")],
            stdin=follower,
            stdout=follower,
            stderr=follower,
            env={**env, "COLUMNS": "120"},
        )
        os.close(follower)
        out = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed: the process is done
                break
            if not chunk:
                break
            out += chunk
        os.close(leader)
        assert proc.wait(60) == 0
    drawn = out.decode(errors="replace")
    assert "sending" in drawn and "5/5" in drawn and "rate-limit waits" in drawn
    assert "sending" not in piped.stdout and "5 of 5 documents created" in piped.stdout


def test_docs_changes_since_lists_completions_and_signatures(tmp_path: Path) -> None:
    with Emulator() as emu:
        env, template = env_for(emu, tmp_path), template_of(emu)
        with emu.client() as client:
            docs = [
                str(
                    client.documents.create(
                        template_id=template,
                        signees=[{"full_name": f"S{i}", "email_address": f"s{i}@example.com"}],
                    ).document_id
                )
                for i in range(3)
            ]
        emu.sign(docs[0])
        found = run_json("docs", "changes", "--since", "1h", env=env)
        later = run_json("docs", "changes", "--since", "2999-01-01T00:00:00Z", env=env)
        bad = run("docs", "changes", "--since", "yesterday", env=env)
    assert sorted(c["type"] for c in found) == ["document.completed", "document.signed"]
    assert {c["documentId"] for c in found} == {docs[0]}
    assert later == []
    assert bad.returncode == 2 and "--since" in bad.stderr
    assert json.dumps(found)  # plain JSON values only
