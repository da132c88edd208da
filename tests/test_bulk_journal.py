"""The bulk journal (formify/bulk/_journal.py): states, resume checks, settling, durability."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from formify import ValidationError
from formify.bulk import Journal, RowState

PAYLOAD = {"signees": [{"full_name": "Ada", "email_address": "ada@example.com"}]}


def journal_with(path: Path, *keys: str) -> Journal:
    journal = Journal(path)
    journal.add((key, f"Doc [{journal.batch}-{key}]", {**PAYLOAD, "key": key}) for key in keys)
    return journal


def test_rows_start_pending_and_keep_their_order_and_batch(tmp_path: Path) -> None:
    journal = journal_with(tmp_path / "j.db", "b", "a", "c")
    assert [row.key for row in journal.rows()] == ["b", "a", "c"]
    assert journal.counts()[RowState.PENDING] == 3
    again = journal_with(tmp_path / "j.db", "b", "a", "c", "d")
    assert again.batch == journal.batch and len(again.rows()) == 4


def test_a_known_key_asking_for_something_else_is_refused(tmp_path: Path) -> None:
    journal = journal_with(tmp_path / "j.db", "1")
    with pytest.raises(ValidationError, match="row 1"):
        journal.add([("1", "Doc", {"signees": [{"full_name": "Eve"}]})])


def test_the_journal_belongs_to_one_source(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.db")
    journal.bind_source("file:f1")
    journal.bind_source("file:f1")
    with pytest.raises(ValidationError, match="file:f1"):
        Journal(tmp_path / "j.db").bind_source("template:t1")


def test_in_flight_rows_of_a_dead_run_become_ambiguous(tmp_path: Path) -> None:
    journal = journal_with(tmp_path / "j.db", "1", "2")
    journal.mark_in_flight("1", 100.0)
    journal.mark_created("2", "doc-2")
    assert journal.interrupted() == 1
    row = journal.row("1")
    assert row.state is RowState.AMBIGUOUS and row.attempts == 1 and row.first_sent_at == 100.0
    assert journal.row("2").document_id == "doc-2"


def test_settling_by_hand(tmp_path: Path) -> None:
    journal = journal_with(tmp_path / "j.db", "1", "2", "3")
    journal.mark_ambiguous("1", "lost")
    journal.mark_ambiguous("2", "lost")
    journal.mark_created("3", "doc-3")
    assert journal.settle("1", "doc-1").state is RowState.CREATED
    assert journal.settle("2", None).state is RowState.PENDING
    with pytest.raises(ValidationError, match="created"):
        journal.settle("3", None)
    with pytest.raises(ValidationError, match="not in the journal"):
        journal.settle("9", None)


def test_a_write_survives_sigkill_right_after_it(tmp_path: Path) -> None:
    path = tmp_path / "j.db"
    journal_with(path, "1").close()
    script = (
        "import os, signal, sys\n"
        "from formify.bulk import Journal\n"
        "j = Journal(sys.argv[1])\n"
        "j.mark_in_flight('1', 5.0)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(path)], timeout=30)
    assert done.returncode == -9
    assert Journal(path).row("1").state is RowState.IN_FLIGHT


def test_a_file_that_is_no_journal_is_a_validation_error(tmp_path: Path) -> None:
    path = tmp_path / "not.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(ValidationError, match="journal"):
        Journal(path)
