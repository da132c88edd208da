"""Retries of the storage GET, through `Formify` and `AsyncFormify`, over real local servers.

The API (`tests/_api_server.py`) answers the signed-file call with a 302 to the storage host
(`tests/_storage_server.py`), which is told to fail the first request(s). The client's `_sleep`
is replaced by a recorder, so the backoff is checked without waiting for it.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
from pathlib import Path
from typing import Any

import httpx
import pytest
from _api_server import APIServer, Reply, closed_port
from _storage_server import StorageServer, deterministic_bytes

from formify import AsyncFormify, Formify
from formify._downloads import adownload_signed_file, download_signed_file
from formify.errors import DownloadError

BIG = deterministic_bytes(8 * 1024 * 1024)
BIG_SHA = hashlib.sha256(BIG).hexdigest()
CUT = 3 * 1024 * 1024 + 12345  # not a multiple of any chunk or batch size


@pytest.fixture
def storage(module_storage: StorageServer) -> StorageServer:
    module_storage.reset()
    module_storage.put("signed.pdf", BIG)
    return module_storage


def download(
    mode: str,
    api: APIServer,
    location: str,
    dest: Any,
    sleeps: list[float],
    *,
    progress: Any = None,
    **client_kwargs: Any,
) -> int:
    """Download "doc1" (the API redirects to `location`) with the sync or async client."""
    api.queue(Reply(302, headers={"Location": location}))
    if mode == "sync":
        with Formify("secret-token", base_url=api.url, **client_kwargs) as client:
            client._sleep = sleeps.append
            return client.documents.download_signed_file("doc1", dest, progress)

    async def record(seconds: float) -> None:
        sleeps.append(seconds)

    async def main() -> int:
        async with AsyncFormify("secret-token", base_url=api.url, **client_kwargs) as client:
            client._sleep = record
            return await client.documents.download_signed_file("doc1", dest, progress)

    return asyncio.run(main())


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


def assert_backoff(sleeps: list[float], retries: int) -> None:
    """The API calls' backoff: 0.5 s * 2**n, minus up to 25 % jitter."""
    assert len(sleeps) == retries
    for n, seconds in enumerate(sleeps):
        assert 0.375 * 2**n <= seconds <= 0.5 * 2**n


@pytest.mark.parametrize("status", [503, 408, 500, 502, 504])
def test_a_storage_error_once_is_retried_and_the_file_is_identical(
    mode, storage, api, tmp_path, status
):
    storage.state.fail_first["signed.pdf"] = [status]
    dest = tmp_path / "signed.pdf"
    sleeps: list[float] = []
    assert download(mode, api, storage.sign("signed.pdf"), dest, sleeps) == len(BIG)
    assert sha(dest.read_bytes()) == BIG_SHA
    assert leftovers(tmp_path) == ["signed.pdf"]
    assert len(storage.seen) == 2  # the same URL again, not a fresh one from the API
    assert len(api.seen) == 1
    assert all("authorization" not in seen.headers for seen in storage.seen)
    assert_backoff(sleeps, 1)


def test_a_storage_503_every_time_fails_after_max_retries(mode, storage, api, tmp_path):
    storage.state.statuses["signed.pdf"] = (503, b"<Error><Code>SlowDown</Code></Error>")
    dest = tmp_path / "signed.pdf"
    dest.write_bytes(b"previous")
    sleeps: list[float] = []
    with pytest.raises(DownloadError, match=r"answered 503 for http.*SlowDown") as info:
        download(mode, api, storage.sign("signed.pdf"), dest, sleeps)
    assert "X-Amz-Signature" not in str(info.value)
    assert len(storage.seen) == 1 + 2  # the client's default max_retries is 2
    assert len(api.seen) == 1
    assert_backoff(sleeps, 2)
    assert dest.read_bytes() == b"previous" and leftovers(tmp_path) == ["signed.pdf"]


def test_a_body_cut_once_is_fetched_again_whole(mode, storage, api, tmp_path):
    storage.state.cut_first["signed.pdf"] = [CUT]
    dest = tmp_path / "signed.pdf"
    calls: list[tuple[int, int | None]] = []
    sleeps: list[float] = []
    written = download(
        mode,
        api,
        storage.sign("signed.pdf"),
        dest,
        sleeps,
        progress=lambda done, total: calls.append((done, total)),
    )
    assert written == len(BIG)
    assert sha(dest.read_bytes()) == BIG_SHA  # the temp file restarted: no duplicated bytes
    assert leftovers(tmp_path) == ["signed.pdf"]
    assert len(storage.seen) == 2
    assert_backoff(sleeps, 1)
    # progress reached the cut, then started over from the new body's first chunk
    done = [d for d, _ in calls]
    back = next(i for i in range(1, len(done)) if done[i] < done[i - 1])
    assert done[back - 1] == CUT
    assert done[:back] == sorted(done[:back]) and done[back:] == sorted(done[back:])
    assert calls[-1] == (len(BIG), len(BIG))


def test_max_retries_0_does_not_retry_the_storage_and_1_does(mode, storage, api, tmp_path):
    storage.state.fail_first["signed.pdf"] = [503]
    sleeps: list[float] = []
    with pytest.raises(DownloadError, match="answered 503 for http"):
        download(mode, api, storage.sign("signed.pdf"), tmp_path / "a.pdf", sleeps, max_retries=0)
    assert len(storage.seen) == 1 and sleeps == []

    storage.reset()
    storage.put("signed.pdf", BIG)
    storage.state.cut_first["signed.pdf"] = [CUT]
    with pytest.raises(DownloadError, match=f"cut short: got {CUT} of {len(BIG)} bytes"):
        download(mode, api, storage.sign("signed.pdf"), tmp_path / "b.pdf", sleeps, max_retries=0)
    assert len(storage.seen) == 1 and sleeps == []
    assert leftovers(tmp_path) == []

    # the same failure with max_retries=1: the client's setting is what the storage GET uses
    storage.reset()
    storage.put("signed.pdf", BIG)
    storage.state.cut_first["signed.pdf"] = [CUT]
    dest = tmp_path / "c.pdf"
    assert download(mode, api, storage.sign("signed.pdf"), dest, sleeps, max_retries=1) == len(BIG)
    assert sha(dest.read_bytes()) == BIG_SHA
    assert len(storage.seen) == 2
    assert_backoff(sleeps, 1)


def test_a_file_object_is_retried_only_before_any_byte_reached_it(mode, storage, api):
    # a 503 before the body: nothing was written, so the retry is safe
    storage.state.fail_first["signed.pdf"] = [503]
    out = io.BytesIO(b"old:")
    out.seek(0, io.SEEK_END)
    sleeps: list[float] = []
    assert download(mode, api, storage.sign("signed.pdf"), out, sleeps) == len(BIG)
    assert out.getvalue()[:4] == b"old:" and sha(out.getvalue()[4:]) == BIG_SHA
    assert len(storage.seen) == 2
    assert_backoff(sleeps, 1)

    # cut mid-body: bytes reached the caller's file, which is never rewound, so no retry
    storage.reset()
    storage.put("signed.pdf", BIG)
    storage.state.cut_first["signed.pdf"] = [CUT]
    out = io.BytesIO()
    sleeps.clear()
    with pytest.raises(DownloadError, match=f"cut short: got {CUT} of {len(BIG)} bytes"):
        download(mode, api, storage.sign("signed.pdf"), out, sleeps)
    assert out.getvalue() == BIG[:CUT]
    assert len(storage.seen) == 1 and sleeps == []


def test_an_unreachable_storage_host_is_retried_then_reported(mode, api, tmp_path):
    # a closed port that stays reserved: a freed one could be taken by another test's server
    url = f"http://127.0.0.1:{closed_port()}/signed.pdf?X-Amz-Signature=0123456789abcdef"
    sleeps: list[float] = []
    with pytest.raises(DownloadError, match=r"could not download from http://127\.0\.0\.1") as info:
        download(mode, api, url, tmp_path / "o.pdf", sleeps)
    assert "0123456789abcdef" not in str(info.value)
    assert_backoff(sleeps, 2)
    assert len(api.seen) == 1
    assert leftovers(tmp_path) == []


def test_a_stalled_body_times_out_and_is_retried(mode, storage, api, tmp_path):
    storage.state.stall_at["signed.pdf"] = (1 << 20, 30.0)  # every attempt; reset ends it
    sleeps: list[float] = []
    with pytest.raises(DownloadError, match=f"cut short: got {1 << 20} of {len(BIG)} bytes"):
        download(
            mode,
            api,
            storage.sign("signed.pdf"),
            tmp_path / "o.pdf",
            sleeps,
            max_retries=1,
            timeout=0.2,
        )
    assert len(storage.seen) == 2
    assert_backoff(sleeps, 1)
    assert leftovers(tmp_path) == []


def test_a_short_body_the_transport_let_through_is_retried(mode, tmp_path):
    # a transport that hands over fewer bytes than announced, with no protocol error, once
    sent: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(str(request.url))
        body = b"x" * (60 if len(sent) == 1 else 100)
        return httpx.Response(200, headers={"Content-Length": "100"}, content=body)

    dest = tmp_path / "o.pdf"
    sleeps: list[float] = []
    kwargs: dict[str, Any] = {"api_base_url": "https://api.example", "max_retries": 1}
    if mode == "sync":
        with httpx.Client(transport=httpx.MockTransport(handler)) as client:
            written = download_signed_file(
                dest,
                get_url=lambda: "https://s.example/f?sig=x",
                storage_client=client,
                sleep=sleeps.append,
                **kwargs,
            )
    else:

        async def get_url() -> str:
            return "https://s.example/f?sig=x"

        async def record(seconds: float) -> None:
            sleeps.append(seconds)

        async def main() -> int:
            async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
                return await adownload_signed_file(
                    dest, get_url=get_url, storage_client=client, sleep=record, **kwargs
                )

        written = asyncio.run(main())
    assert written == 100 and dest.read_bytes() == b"x" * 100
    assert len(sent) == 2
    assert_backoff(sleeps, 1)
    assert leftovers(tmp_path) == ["o.pdf"]
