"""Every ```python example in README.md and docs/**/*.md runs, against the emulator.

Each block is one test. It runs in a fresh namespace, in a temporary directory that holds
`contract.pdf`, with FORMIFY_BASE_URL and FORMIFY_ACCESS_TOKEN pointing at a running emulator
whose access token is "..." (so `Formify(access_token="...")` works as written), and with
these names already defined — the things an example's reader has at hand:

- `client`: a `Formify` on the emulator; `emu`: the `formify.testing.Emulator` itself;
- `file_id`: an uploaded PDF; `document_id`: a document waiting for its two signees
  (Ada, then Alan); `doc_id`: a completed one, with a signed PDF to download;
- `secret` ("whsec_..."), and `request_body_bytes` / `request` (`.headers`, `.body`): a
  `document.completed` delivery signed with it, as a web framework hands it over.

Top-level `await` is allowed (the block then runs in `asyncio.run`). A block that cannot
run here — it needs a browser redirect, a real account, a web server's request — is preceded
by `<!-- not-run: why -->` in the Markdown; those are counted, and the reason is required.
A block that defines `test_*` functions has them called, as pytest would, with the
`formify_emulator` and `tmp_path` fixtures they ask for.
"""

from __future__ import annotations

import ast
import asyncio
import inspect
import json
import os
import re
import types
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from formify import webhooks
from formify.testing import Emulator, sample_pdf

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "..."
SECRET = "whsec_..."
FENCE = re.compile(r"^(?P<indent>[ ]*)```(?P<lang>[\w+-]*)[^\n]*$")
NOT_RUN = re.compile(r"<!--\s*not-run:\s*(?P<reason>\S.*?)\s*-->")


@dataclass
class Block:
    path: Path
    line: int  # of the opening fence, 1-based
    code: str
    not_run: str | None  # the reason, when marked

    @property
    def id(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}"


def markdown_files() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def python_blocks(path: Path) -> list[Block]:
    """The ```python / ```py blocks of `path`, with the not-run mark of the line before."""
    lines = path.read_text().splitlines()
    blocks: list[Block] = []
    index = 0
    while index < len(lines):
        match = FENCE.match(lines[index])
        if match is None:
            index += 1
            continue
        indent, lang, start = match["indent"], match["lang"], index
        body: list[str] = []
        index += 1
        while index < len(lines) and lines[index].strip() != "```":
            body.append(lines[index][len(indent) :])
            index += 1
        index += 1
        if lang not in ("python", "py"):
            continue
        previous = next((ln for ln in reversed(lines[:start]) if ln.strip()), "")
        mark = NOT_RUN.search(previous)
        blocks.append(Block(path, start + 1, "\n".join(body) + "\n", mark and mark["reason"]))
    return blocks


ALL_BLOCKS = [block for path in markdown_files() for block in python_blocks(path)]
RUN = [block for block in ALL_BLOCKS if block.not_run is None]
MARKED = [block for block in ALL_BLOCKS if block.not_run is not None]


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    with Emulator(TOKEN, webhook_time_scale=0.001) as emu:
        yield emu


def signed_delivery() -> types.SimpleNamespace:
    event = {
        "eventId": "0b6f3c2e-5a4d-4f7e-9a51-2d7c4e8b9f10",
        "type": "document.completed",
        "date": "2026-01-01T12:00:00Z",
        "data": {
            "documentId": "7d1c0f4a-3b2e-4c5d-8e6f-9a0b1c2d3e4f",
            "accountId": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
            "userId": "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a",
        },
    }
    body = json.dumps({"event": event}, separators=(",", ":")).encode()
    return types.SimpleNamespace(headers=webhooks.sign(body, SECRET), body=body)


def prelude(emu: Emulator, code: str) -> dict[str, Any]:
    """The names the docstring promises; documents are made only for a block that uses them."""
    client = emu.client()
    delivery = signed_delivery()
    namespace: dict[str, Any] = {
        "__name__": "__docs_example__",
        "client": client,
        "emu": emu,
        "secret": SECRET,
        "request": delivery,
        "request_body_bytes": delivery.body,
    }
    used = set(re.findall(r"\b(file_id|document_id|doc_id)\b", code))
    if not used:
        return namespace
    namespace["file_id"] = client.files.upload(sample_pdf(), filename="contract.pdf")
    people = [
        {"full_name": name, "email_address": email, "signature_placement": "new_page"}
        for name, email in (
            ("Ada Lovelace", "ada@example.com"),
            ("Alan Turing", "alan@example.com"),
        )
    ]
    if "document_id" in used:
        pending = client.documents.create(
            file_id=namespace["file_id"], signees=people, name="Pending"
        )
        namespace["document_id"] = pending.document_id
    if "doc_id" in used:
        done = client.documents.create(
            file_id=namespace["file_id"], signees=people[:1], name="Completed"
        )
        emu.sign(done.document_id)
        namespace["doc_id"] = done.document_id
    return namespace


def run_block(block: Block, namespace: dict[str, Any], fixtures: dict[str, Any]) -> None:
    code = compile(
        block.code, block.id, "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT, dont_inherit=True
    )
    if code.co_flags & inspect.CO_COROUTINE:
        asyncio.run(eval(code, namespace))
    else:
        exec(code, namespace)
    for name, value in list(namespace.items()):
        if name.startswith("test_") and callable(value):
            wanted = inspect.signature(value).parameters
            value(**{name: fixtures[name] for name in wanted})


@pytest.mark.parametrize("block", RUN, ids=[block.id for block in RUN])
def test_example_runs(
    block: Block, emulator: Emulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    emulator.reset()
    monkeypatch.chdir(tmp_path)
    (tmp_path / "contract.pdf").write_bytes(sample_pdf())
    for name in list(os.environ):
        if name.startswith("FORMIFY_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("FORMIFY_BASE_URL", emulator.base_url)
    monkeypatch.setenv("FORMIFY_ACCESS_TOKEN", TOKEN)
    namespace = prelude(emulator, block.code)
    client = namespace["client"]  # the block may rebind the name
    try:
        run_block(block, namespace, {"formify_emulator": emulator, "tmp_path": tmp_path})
    finally:
        client.close()


def test_blocks_are_found_and_marks_give_a_reason() -> None:
    """The extractor sees the README's and the docs' examples; every skip says why."""
    readme = [block for block in ALL_BLOCKS if block.path.name == "README.md"]
    assert len(readme) >= 5
    assert len(RUN) > len(MARKED)
    for block in MARKED:
        assert block.not_run and len(block.not_run) > 10, block.id
    print(f"docs examples: {len(RUN)} run, {len(MARKED)} marked not-run")


def test_the_extractor_reads_fences_and_marks(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "Intro\n\n```python\nx = 1\n```\n\n<!-- not-run: needs a browser redirect -->\n"
        "```python\ny = 2\n```\n\n- item\n\n  ```py\n  z = 3\n  ```\n\n```bash\nls\n```\n"
    )
    found = python_blocks(page)
    assert [(b.line, b.code, b.not_run) for b in found] == [
        (3, "x = 1\n", None),
        (8, "y = 2\n", "needs a browser redirect"),
        (14, "z = 3\n", None),
    ]
