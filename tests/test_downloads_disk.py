"""Disk trouble on download: a `DownloadError` (or `ValidationError`), before any request when
the place cannot be written, and nothing left behind, a full disk included.

Real file systems where it matters: a read-only and a 1 MB tmpfs mounted for the test (root
only; skipped otherwise), real servers on 127.0.0.1 for the API and the storage host.
"""

from __future__ import annotations

import asyncio
import errno
import hashlib
import os
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from _api_server import Reply
from _storage_server import StorageServer, deterministic_bytes

from formify import AsyncFormify, Formify
from formify.errors import DownloadError, ValidationError

BIG = deterministic_bytes(3 * 1024 * 1024)  # three times the full-disk tmpfs


@contextmanager
def tmpfs(options: str) -> Iterator[Path]:
    """Mount a tmpfs with `options` on a fresh directory; skip the test if that is not allowed."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    directory = tempfile.mkdtemp()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", directory], capture_output=True
    )
    if mounted.returncode != 0:
        os.rmdir(directory)
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield Path(directory)
    finally:
        subprocess.run(["umount", "-l", directory], check=False)
        os.rmdir(directory)


@pytest.fixture
def storage(module_storage: StorageServer) -> StorageServer:
    module_storage.reset()
    module_storage.put("signed.pdf", BIG)
    return module_storage


def download(mode: str, api: Any, dest: Any, **client: Any) -> int:
    """Download document "doc1" through a real client (sync or async) pointed at `api`."""
    if mode == "sync":
        with Formify("tok", base_url=api.url, **client) as sync:
            return sync.documents.download_signed_file("doc1", dest)

    async def main() -> int:
        async with AsyncFormify("tok", base_url=api.url, **client) as aclient:
            return await aclient.documents.download_signed_file("doc1", dest)

    return asyncio.run(main())


def test_a_read_only_disk_fails_before_any_request(mode, api, storage):
    api.queue(Reply(302, headers={"Location": storage.sign("signed.pdf")}))
    with tmpfs("ro,size=1m") as directory:
        with pytest.raises(DownloadError) as info:
            download(mode, api, directory / "signed.pdf")
        assert "Read-only file system" in str(info.value)
        assert str(directory) in str(info.value)
        assert os.listdir(directory) == []
    assert api.seen == [] and storage.seen == []


def test_a_full_disk_is_a_download_error_and_leaves_only_the_old_file(mode, api, storage):
    api.queue(Reply(302, headers={"Location": storage.sign("signed.pdf")}))
    with tmpfs("size=1m") as directory:
        dest = directory / "signed.pdf"
        dest.write_bytes(b"OLD")
        with pytest.raises(DownloadError) as info:
            download(mode, api, dest, max_retries=0)
        assert "No space left on device" in str(info.value)
        assert os.listdir(directory) == ["signed.pdf"]  # the .part file is gone
        assert dest.read_bytes() == b"OLD"
        # the space is free again: the temporary file was really removed, not just unlinked
        # from view while open
        (directory / "fill").write_bytes(b"x" * 900_000)
    assert len(storage.seen) == 1


def test_a_file_name_too_long_is_refused_before_any_request(mode, api, tmp_path):
    with pytest.raises(ValidationError) as info:
        download(mode, api, tmp_path / ("x" * 300 + ".pdf"))
    assert info.value.field == "dest" and "at most 255" in info.value.rule
    assert api.seen == []


def test_a_long_but_allowed_file_name_gets_a_short_enough_temp_name(mode, api, storage, tmp_path):
    api.queue(Reply(302, headers={"Location": storage.sign("signed.pdf")}))
    dest = tmp_path / ("y" * 251 + ".pdf")  # 255 bytes: the longest name allowed
    assert download(mode, api, dest) == len(BIG)
    assert hashlib.sha256(dest.read_bytes()).digest() == hashlib.sha256(BIG).digest()
    assert os.listdir(tmp_path) == [dest.name]


def test_tilde_in_the_destination_is_the_home_directory(mode, api, storage, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    api.queue(Reply(302, headers={"Location": storage.sign("signed.pdf")}))
    assert download(mode, api, "~/signed.pdf") == len(BIG)
    assert (tmp_path / "signed.pdf").stat().st_size == len(BIG)
    assert not Path("~").exists()


def test_a_missing_directory_is_refused_before_any_request(mode, api, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    with pytest.raises(ValidationError, match="directory does not exist"):
        download(mode, api, "~/nowhere/signed.pdf")
    assert api.seen == []


class FullDisk:
    """A binary file object whose writes fail as a full disk does, after `room` bytes."""

    def __init__(self, room: int) -> None:
        self.room = room
        self.written = 0

    def write(self, data: bytes) -> int:
        if self.written + len(data) > self.room:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.written += len(data)
        return len(data)


def test_a_failing_file_object_write_is_a_download_error(mode, api, storage):
    api.queue(Reply(302, headers={"Location": storage.sign("signed.pdf")}))
    out = FullDisk(room=100_000)
    with pytest.raises(DownloadError) as info:
        download(mode, api, out, max_retries=0)
    assert "to the file object" in str(info.value)
    assert "No space left on device" in str(info.value)
    assert isinstance(info.value.__cause__, OSError)
