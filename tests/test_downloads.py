"""Signed-file downloads against a real storage host on 127.0.0.1, sync and async side by side.

The "API" is a `get_url` callable that mints pre-signed URLs and counts how often it was
asked; the storage host is `tests/_storage_server.py` on its own port.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import logging
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from _api_server import Reply, closed_port
from _storage_server import StorageServer, deterministic_bytes

from formify import AsyncFormify, Formify
from formify._downloads import (
    MAX_REDIRECTS,
    WRITE_BATCH,
    _write_batch,
    adownload_signed_file,
    download_signed_file,
)
from formify._storage_urls import check_storage_url, excerpt, safe_url
from formify.errors import DownloadError, ValidationError

API = "https://api.formify.example/v1"
BIG = deterministic_bytes(8 * 1024 * 1024)
BIG_SHA = hashlib.sha256(BIG).hexdigest()


@pytest.fixture
def storage(module_storage: StorageServer) -> StorageServer:
    module_storage.reset()
    module_storage.put("signed.pdf", BIG)
    return module_storage


class UrlSource:
    """Stands in for the API's 302: hands out the given URLs in turn and counts the asks."""

    def __init__(self, *urls: str) -> None:
        self.urls = list(urls)
        self.calls = 0

    def __call__(self) -> str:
        self.calls += 1
        if self.calls > max(len(self.urls), 2):
            raise AssertionError("asked for a fresh URL more often than a download may")
        return self.urls[min(self.calls, len(self.urls)) - 1]


def run(
    mode: str,
    dest: Any,
    source: Callable[[], str],
    *,
    api_base_url: str = API,
    transport: httpx.BaseTransport | httpx.AsyncBaseTransport | None = None,
    **kwargs: Any,
) -> int:
    """Run the sync or async download with a fresh plain storage client."""
    client_kwargs = dict(kwargs.pop("client_kwargs", {}))
    if mode == "sync":
        with httpx.Client(transport=transport, **client_kwargs) as client:  # type: ignore[arg-type]
            return download_signed_file(
                dest, get_url=source, storage_client=client, api_base_url=api_base_url, **kwargs
            )

    async def get_url() -> str:
        return source()

    async def main() -> int:
        async with httpx.AsyncClient(transport=transport, **client_kwargs) as client:  # type: ignore[arg-type]
            return await adownload_signed_file(
                dest, get_url=get_url, storage_client=client, api_base_url=api_base_url, **kwargs
            )

    return asyncio.run(main())


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


# --- success ---------------------------------------------------------------------------------


def test_path_dest_gets_identical_bytes_and_no_temp_file(mode, storage, tmp_path):
    dest = tmp_path / "out.pdf"
    source = UrlSource(storage.sign("signed.pdf"))
    assert run(mode, dest, source) == len(BIG)
    assert sha(dest.read_bytes()) == BIG_SHA
    assert leftovers(tmp_path) == ["out.pdf"]
    assert source.calls == 1 and len(storage.seen) == 1


def test_str_path_replaces_an_existing_file(mode, storage, tmp_path):
    dest = tmp_path / "out.pdf"
    dest.write_bytes(b"old")
    assert run(mode, str(dest), UrlSource(storage.sign("signed.pdf"))) == len(BIG)
    assert sha(dest.read_bytes()) == BIG_SHA
    assert leftovers(tmp_path) == ["out.pdf"]


def test_file_object_dest_is_written_in_place(mode, storage, tmp_path):
    out = io.BytesIO(b"prefix:")
    out.seek(0, io.SEEK_END)
    assert run(mode, out, UrlSource(storage.sign("signed.pdf"))) == len(BIG)
    assert out.getvalue()[:7] == b"prefix:"
    assert sha(out.getvalue()[7:]) == BIG_SHA
    assert leftovers(tmp_path) == []


def test_storage_request_carries_no_credentials_headers_or_cookies(mode, storage, tmp_path):
    # a storage client that (wrongly) has default headers and cookies: none may ride along
    client_kwargs = {"headers": {"X-Api-Key": "leak"}, "cookies": {"session": "leak"}}
    run(
        mode,
        tmp_path / "o.pdf",
        UrlSource(storage.sign("signed.pdf")),
        client_kwargs=client_kwargs,
    )
    (seen,) = storage.seen
    assert "authorization" not in seen.headers
    assert "cookie" not in seen.headers
    assert "x-api-key" not in seen.headers
    assert seen.headers["accept-encoding"] == "identity"


def test_storage_client_with_auth_is_refused_before_any_request(mode, storage, tmp_path):
    source = UrlSource(storage.sign("signed.pdf"))
    with pytest.raises(DownloadError, match="no credentials"):
        run(mode, tmp_path / "o.pdf", source, client_kwargs={"auth": ("user", "pw")})
    with pytest.raises(DownloadError, match="no credentials"):
        run(
            mode,
            tmp_path / "o.pdf",
            source,
            client_kwargs={"headers": {"Authorization": "Bearer tok"}},
        )
    assert storage.seen == [] and source.calls == 0
    assert leftovers(tmp_path) == []


def test_progress_is_monotonic_and_ends_at_the_total(mode, storage, tmp_path):
    calls: list[tuple[int, int | None]] = []
    run(
        mode,
        tmp_path / "o.pdf",
        UrlSource(storage.sign("signed.pdf")),
        progress=lambda done, total: calls.append((done, total)),
    )
    assert len(calls) > 10  # called per chunk, not once at the end
    done = [d for d, _ in calls]
    assert done == sorted(done) and len(set(done)) == len(done)
    assert {t for _, t in calls} == {len(BIG)}
    assert calls[-1] == (len(BIG), len(BIG))


def test_no_content_length_means_progress_without_a_total(mode, storage, tmp_path):
    storage.state.chunked.add("signed.pdf")
    totals: set[int | None] = set()
    dest = tmp_path / "o.pdf"
    progress = lambda done, total: totals.add(total)  # noqa: E731
    assert run(mode, dest, UrlSource(storage.sign("signed.pdf")), progress=progress) == len(BIG)
    assert totals == {None}
    assert sha(dest.read_bytes()) == BIG_SHA


def test_a_stalled_body_times_out_and_leaves_nothing(mode, storage, tmp_path):
    storage.state.stall_at["signed.pdf"] = (1 << 20, 30.0)  # the next test's reset ends it
    started = time.perf_counter()
    with pytest.raises(DownloadError, match=f"cut short: got {1 << 20} of {len(BIG)} bytes"):
        run(
            mode,
            tmp_path / "o.pdf",
            UrlSource(storage.sign("signed.pdf")),
            client_kwargs={"timeout": 0.2},
        )
    # the client's 0.2 s timeout ended it, not the server's 30 s stall (10 s: a loaded machine)
    assert time.perf_counter() - started < 10
    assert leftovers(tmp_path) == []


def test_chunk_size_bounds_the_chunks(mode, storage):
    class Recorder(io.BytesIO):
        sizes: list[int] = []

        def write(self, data: Any) -> int:
            self.sizes.append(len(data))
            return super().write(data)

    out = Recorder()
    run(mode, out, UrlSource(storage.sign("signed.pdf")), chunk_size=4096)
    assert set(out.sizes) == {4096}  # 8 MiB is a multiple of 4096
    assert sha(out.getvalue()) == BIG_SHA


def test_loopback_http_storage_is_allowed_under_an_https_api(mode, storage, tmp_path):
    # the emulator and these tests serve storage over plain http on loopback
    assert storage.url.startswith("http://127.0.0.1:")
    assert run(mode, tmp_path / "o.pdf", UrlSource(storage.sign("signed.pdf"))) == len(BIG)


# --- expiry and errors -------------------------------------------------------------------------


def test_403_asks_for_a_fresh_url_once_then_succeeds(mode, storage, tmp_path):
    source = UrlSource(storage.expired("signed.pdf"), storage.sign("signed.pdf"))
    assert run(mode, tmp_path / "o.pdf", source) == len(BIG)
    assert source.calls == 2
    assert [s.path for s in storage.seen] == ["/signed.pdf", "/signed.pdf"]
    assert sha((tmp_path / "o.pdf").read_bytes()) == BIG_SHA


def test_second_403_is_a_download_error_without_the_signature(mode, storage, tmp_path):
    dest = tmp_path / "o.pdf"
    dest.write_bytes(b"previous")
    first, second = storage.expired("signed.pdf"), storage.expired("signed.pdf")
    source = UrlSource(first, second)
    with pytest.raises(DownloadError) as info:
        run(mode, dest, source)
    message = str(info.value)
    assert "403 again" in message and "AccessDenied" in message
    for url in (first, second):
        signature = httpx.URL(url).params["X-Amz-Signature"]
        assert signature not in message
    assert "X-Amz-Signature" not in message and "X-Amz-Expires" not in message
    assert source.calls == 2 and len(storage.seen) == 2
    assert dest.read_bytes() == b"previous"
    assert leftovers(tmp_path) == ["o.pdf"]


@pytest.mark.parametrize("status", [404, 500, 400])
def test_other_statuses_are_download_errors_with_an_excerpt(mode, storage, tmp_path, status):
    storage.state.statuses["signed.pdf"] = (status, b"<Error><Code>Boom</Code></Error>" * 50)
    source = UrlSource(storage.sign("signed.pdf"))
    with pytest.raises(DownloadError, match=f"answered {status} for http") as info:
        run(mode, tmp_path / "o.pdf", source)
    assert "<Code>Boom</Code>" in str(info.value)
    assert len(str(info.value)) < 400  # an excerpt, not the whole body
    assert source.calls == 1  # only a 403 is worth a fresh URL
    assert leftovers(tmp_path) == []


def test_cut_short_body_removes_the_temp_file_and_keeps_the_old_dest(mode, storage, tmp_path):
    dest = tmp_path / "o.pdf"
    dest.write_bytes(b"previous")
    storage.state.cut_at["signed.pdf"] = 3 * 1024 * 1024 + 5
    with pytest.raises(DownloadError, match=f"cut short: got \\d+ of {len(BIG)} bytes") as info:
        run(mode, dest, UrlSource(storage.sign("signed.pdf")))
    assert "X-Amz-Signature" not in str(info.value)
    assert dest.read_bytes() == b"previous"
    assert leftovers(tmp_path) == ["o.pdf"]


def test_file_object_dest_after_a_cut_keeps_what_arrived(mode, storage):
    cut = 3 * 1024 * 1024 + 12345  # not a multiple of any chunk or batch size
    storage.state.cut_at["signed.pdf"] = cut
    out = io.BytesIO()
    with pytest.raises(DownloadError, match=f"got {cut} of {len(BIG)} bytes"):
        run(mode, out, UrlSource(storage.sign("signed.pdf")))
    assert out.getvalue() == BIG[:cut]


def test_exception_from_progress_removes_the_temp_file(mode, storage, tmp_path):
    def progress(done: int, total: int | None) -> None:
        if done > 1_000_000:
            raise KeyboardInterrupt  # e.g. the user pressed Ctrl-C mid-download

    with pytest.raises(KeyboardInterrupt):
        run(mode, tmp_path / "o.pdf", UrlSource(storage.sign("signed.pdf")), progress=progress)
    assert leftovers(tmp_path) == []


def test_unreachable_storage_is_a_download_error_without_the_signature(mode, tmp_path):
    # a closed port that stays reserved: a freed one could be taken by another test's server
    url = f"http://127.0.0.1:{closed_port()}/signed.pdf?X-Amz-Signature=0123456789abcdef"
    with pytest.raises(DownloadError, match=r"could not download from http://127\.0\.0\.1") as info:
        run(mode, tmp_path / "o.pdf", UrlSource(url))
    assert httpx.URL(url).params["X-Amz-Signature"] not in str(info.value)
    assert leftovers(tmp_path) == []


def test_content_length_is_checked_when_the_transport_does_not(mode, tmp_path):
    # a transport that hands over fewer bytes than announced, with no protocol error
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Content-Length": "100"}, content=b"x" * 60)

    transport = httpx.MockTransport(handler)
    with pytest.raises(DownloadError, match="cut short: got 60 of 100 bytes"):
        run(
            mode,
            tmp_path / "o.pdf",
            UrlSource("https://s.example/f?sig=s3cr3t"),
            transport=transport,
        )
    assert leftovers(tmp_path) == []


# --- URL safety --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://storage.example/f.pdf?X-Amz-Signature=s3cr3tsig",
        "http://10.0.0.5/f.pdf?X-Amz-Signature=s3cr3tsig",
        "http://[2001:db8::1]/f.pdf?X-Amz-Signature=s3cr3tsig",
    ],
)
def test_https_api_refuses_plain_http_storage_before_any_request(mode, tmp_path, url):
    sent: list[httpx.Request] = []
    transport = httpx.MockTransport(lambda r: sent.append(r) or httpx.Response(200))
    with pytest.raises(DownloadError, match="API is reached over https") as info:
        run(mode, tmp_path / "o.pdf", UrlSource(url), transport=transport)
    assert sent == []
    assert "s3cr3tsig" not in str(info.value)
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize(
    "url",
    [
        "ftp://storage.example/f.pdf?sig=s3cr3tsig",
        "file:///etc/passwd?sig=s3cr3tsig",
        "javascript:alert(1)//s3cr3tsig",
        "/relative/f.pdf?sig=s3cr3tsig",
    ],
)
def test_non_http_urls_are_refused_before_any_request(mode, tmp_path, url):
    sent: list[httpx.Request] = []
    transport = httpx.MockTransport(lambda r: sent.append(r) or httpx.Response(200))
    with pytest.raises(DownloadError, match=r"only http and https|no host") as info:
        run(
            mode,
            tmp_path / "o.pdf",
            UrlSource(url),
            api_base_url="http://api.example/v1",
            transport=transport,
        )
    assert sent == []
    assert "s3cr3tsig" not in str(info.value)


def test_credentials_in_the_storage_url_are_refused(mode, tmp_path):
    sent: list[httpx.Request] = []
    transport = httpx.MockTransport(lambda r: sent.append(r) or httpx.Response(200))
    with pytest.raises(DownloadError, match="carries credentials") as info:
        run(
            mode,
            tmp_path / "o.pdf",
            UrlSource("https://u:pw@s.example/f?sig=x"),
            transport=transport,
        )
    assert sent == [] and "pw" not in str(info.value)


def test_plain_http_api_accepts_plain_http_storage(mode, storage, tmp_path):
    url = storage.sign("signed.pdf").replace("127.0.0.1", "localhost")
    assert (
        check_storage_url(url, api_base_url="http://api.example", came_from=None).host
        == "localhost"
    )
    assert run(mode, tmp_path / "o.pdf", UrlSource(url), api_base_url="http://api.example") == len(
        BIG
    )


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "127.5.6.7", "[::1]", "a.localhost"])
def test_loopback_hosts_may_be_plain_http(host):
    assert check_storage_url(f"http://{host}:9/f", api_base_url=API, came_from=None)


def test_safe_url_drops_query_and_user_info_and_brackets_ipv6():
    url = httpx.URL("http://u:p@[::1]:9/a/b.pdf?X-Amz-Signature=abc#frag")
    assert safe_url(url) == "http://[::1]:9/a/b.pdf"


# --- redirects from the storage host -----------------------------------------------------------


def test_storage_redirect_is_followed_without_credentials(mode, storage, tmp_path):
    target = storage.sign("signed.pdf")
    storage.state.redirects["moved.pdf"] = target
    source = UrlSource(storage.sign("moved.pdf"))
    assert run(mode, tmp_path / "o.pdf", source) == len(BIG)
    assert [s.path for s in storage.seen] == ["/moved.pdf", "/signed.pdf"]
    assert all("authorization" not in s.headers for s in storage.seen)
    assert source.calls == 1


def test_storage_redirect_to_another_scheme_is_refused(mode, storage, tmp_path):
    storage.state.redirects["moved.pdf"] = "ftp://elsewhere.example/f?sig=x"
    with pytest.raises(DownloadError, match="only http and https"):
        run(mode, tmp_path / "o.pdf", UrlSource(storage.sign("moved.pdf")))
    assert len(storage.seen) == 1


def test_too_many_storage_redirects(mode, storage, tmp_path):
    storage.state.redirects["loop.pdf"] = "/loop.pdf"
    with pytest.raises(DownloadError, match=f"more than {MAX_REDIRECTS} times"):
        run(mode, tmp_path / "o.pdf", UrlSource(storage.sign("loop.pdf")))
    assert len(storage.seen) == MAX_REDIRECTS + 1


def test_https_storage_may_not_redirect_to_plain_http(mode, tmp_path):
    sent: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(str(request.url.host))
        return httpx.Response(302, headers={"Location": "http://plain.example/f?sig=x"})

    transport = httpx.MockTransport(handler)
    with pytest.raises(DownloadError, match="may not downgrade to plain http"):
        run(
            mode,
            tmp_path / "o.pdf",
            UrlSource("https://s.example/f?sig=x"),
            api_base_url="http://api.example",
            transport=transport,
        )
    assert sent == ["s.example"]


# --- bad input ---------------------------------------------------------------------------------


def test_bad_dest_is_refused_before_any_request(mode, storage, tmp_path):
    source = UrlSource(storage.sign("signed.pdf"))
    cases = [
        (tmp_path, "not a directory"),
        (tmp_path / "missing" / "o.pdf", "directory does not exist"),
        (io.StringIO(), "binary mode"),
        (42, "binary mode"),
    ]
    for dest, rule in cases:
        with pytest.raises(ValidationError, match=rule) as info:
            run(mode, dest, source)
        assert info.value.field == "dest"
    with pytest.raises(ValidationError) as info:
        run(mode, tmp_path / "o.pdf", source, chunk_size=0)
    assert info.value.field == "chunk_size"
    with pytest.raises(ValidationError) as info:
        run(mode, tmp_path / "o.pdf", source, progress="yes")
    assert info.value.field == "progress"
    assert storage.seen == [] and source.calls == 0


# --- secrets -----------------------------------------------------------------------------------


def test_logs_never_show_the_signature(mode, storage, tmp_path, caplog):
    caplog.set_level(logging.DEBUG, logger="formify")
    expired, fresh = storage.expired("signed.pdf"), storage.sign("signed.pdf")
    run(mode, tmp_path / "o.pdf", UrlSource(expired, fresh))
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "/signed.pdf" in text  # the download is logged ...
    for url in (expired, fresh):
        assert httpx.URL(url).params["X-Amz-Signature"] not in text  # ... without its signature
    assert "X-Amz-Signature" not in text


def test_excerpt_scrubs_echoed_signatures():
    url = httpx.URL("https://s.example/f?X-Amz-Signature=abcdef123456&X-Amz-Credential=AKIAXYZ")
    body = (
        b"<Error><Code>SignatureDoesNotMatch</Code><SignatureProvided>abcdef123456"
        b"</SignatureProvided><StringToSign>GET\n/f\nAKIAXYZ</StringToSign>"
        b"<Note>sig abcdef123456 again</Note></Error>"
    )
    text = excerpt(body, url)
    assert "SignatureDoesNotMatch" in text
    assert "abcdef123456" not in text and "AKIAXYZ" not in text


# --- end to end through the client -------------------------------------------------------------


def test_client_follows_the_302_and_never_sends_the_token_to_storage(storage, api, tmp_path):
    api.queue(Reply(302, headers={"Location": storage.sign("signed.pdf")}))
    dest = tmp_path / "signed.pdf"
    with Formify("secret-token", base_url=api.url) as client:
        assert client.documents.download_signed_file("doc1", dest) == len(BIG)
    assert sha(dest.read_bytes()) == BIG_SHA
    assert [s.path.split("?")[0] for s in api.seen] == ["/v1/docs/doc1/signed-file"]
    assert api.seen[0].headers["authorization"] == "Bearer secret-token"
    (seen,) = storage.seen
    assert "authorization" not in seen.headers and "cookie" not in seen.headers


@pytest.mark.anyio
async def test_async_client_re_asks_the_api_once_after_a_403(storage, api, tmp_path):
    api.queue(
        Reply(302, headers={"Location": storage.expired("signed.pdf")}),
        Reply(302, headers={"Location": storage.sign("signed.pdf")}),
    )
    dest = tmp_path / "signed.pdf"
    calls: list[tuple[int, int | None]] = []
    async with AsyncFormify("secret-token", base_url=api.url) as client:
        written = await client.documents.download_signed_file(
            "doc1", dest, progress=lambda done, total: calls.append((done, total))
        )
    assert written == len(BIG) and sha(dest.read_bytes()) == BIG_SHA
    assert len(api.seen) == 2 and len(storage.seen) == 2
    assert all("authorization" not in s.headers for s in storage.seen)
    assert calls[-1] == (len(BIG), len(BIG))


def test_client_download_failure_leaks_neither_token_nor_signature(storage, api, tmp_path, caplog):
    caplog.set_level(logging.DEBUG, logger="formify")
    first, second = storage.expired("signed.pdf"), storage.expired("signed.pdf")
    api.queue(Reply(302, headers={"Location": first}), Reply(302, headers={"Location": second}))
    dest = tmp_path / "signed.pdf"
    with Formify("secret-token", base_url=api.url) as client, pytest.raises(DownloadError) as info:
        client.documents.download_signed_file("doc1", dest)
    logs = "\n".join(r.getMessage() for r in caplog.records)
    for text in (str(info.value), repr(info.value), logs):
        assert "secret-token" not in text
        for url in (first, second):
            assert httpx.URL(url).params["X-Amz-Signature"] not in text
    assert leftovers(tmp_path) == []


def _check_file_object_download(api: Any, storage: StorageServer, out: io.BytesIO, n: int) -> None:
    assert n == len(BIG) and out.getvalue()[:4] == b"old:" and sha(out.getvalue()[4:]) == BIG_SHA
    assert api.seen[0].headers["authorization"] == "Bearer secret-token"
    (seen,) = storage.seen
    assert "authorization" not in seen.headers and "cookie" not in seen.headers


def test_client_downloads_into_a_file_object_in_place(storage, api):
    api.queue(Reply(302, headers={"Location": storage.sign("signed.pdf")}))
    out = io.BytesIO(b"old:")
    out.seek(0, io.SEEK_END)
    with Formify("secret-token", base_url=api.url) as client:
        written = client.documents.download_signed_file("doc1", out)
    _check_file_object_download(api, storage, out, written)


@pytest.mark.anyio
async def test_async_client_downloads_into_a_file_object_in_place(storage, api):
    api.queue(Reply(302, headers={"Location": storage.sign("signed.pdf")}))
    out = io.BytesIO(b"old:")
    out.seek(0, io.SEEK_END)
    async with AsyncFormify("secret-token", base_url=api.url) as client:
        written = await client.documents.download_signed_file("doc1", out)
    _check_file_object_download(api, storage, out, written)


def test_a_body_longer_than_announced_is_refused(mode, tmp_path):
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, headers={"Content-Length": "10"}, stream=httpx.ByteStream(b"y" * 25)
        )

    with pytest.raises(DownloadError, match="longer than announced: got 25 of 10 bytes"):
        run(
            mode,
            tmp_path / "o.pdf",
            UrlSource("https://s.example/f?sig=x"),
            transport=httpx.MockTransport(handler),
        )
    assert leftovers(tmp_path) == []


@pytest.mark.anyio
async def test_async_file_writes_do_not_block_the_event_loop(storage):
    # The first write waits until another task on the loop sets `released`: if writes ran on
    # the event loop thread that task could never run, and the write would time out.
    released = threading.Event()
    timed_out: list[bool] = []

    class SlowDisk(io.BytesIO):
        def write(self, data: Any) -> int:
            if not timed_out:
                # generous: only a broken (loop-blocking) write ever waits this long
                timed_out.append(not released.wait(timeout=10))
            return super().write(data)

    async def release_soon() -> None:
        await asyncio.sleep(0.01)
        released.set()

    url = storage.sign("signed.pdf")

    async def get_url() -> str:
        return url

    out = SlowDisk()
    async with httpx.AsyncClient() as client:
        releaser = asyncio.ensure_future(release_soon())
        written = await adownload_signed_file(
            out, get_url=get_url, storage_client=client, api_base_url=API
        )
        await releaser
    assert timed_out == [False]
    assert written == len(BIG) and sha(out.getvalue()) == BIG_SHA


@pytest.mark.anyio
async def test_async_path_downloads_write_batches_with_one_writev_each_off_the_loop(
    storage, tmp_path, monkeypatch
):
    # One system call per batch, not per chunk: each write in the writer thread must win the
    # GIL back from the busy loop, and per-chunk writes cost a fifth of the throughput.
    calls: list[tuple[str, int]] = []
    real_writev = os.writev

    def writev(fd: int, buffers: Any) -> int:
        calls.append((threading.current_thread().name, len(buffers)))
        return real_writev(fd, buffers)

    monkeypatch.setattr(os, "writev", writev)
    chunks: list[int] = []
    url = storage.sign("signed.pdf")

    async def get_url() -> str:
        return url

    dest = tmp_path / "o.pdf"
    async with httpx.AsyncClient() as client:
        written = await adownload_signed_file(
            dest,
            get_url=get_url,
            storage_client=client,
            api_base_url=API,
            progress=lambda n, total: chunks.append(n),
        )
    assert written == len(BIG) and sha(dest.read_bytes()) == BIG_SHA
    assert {name for name, _ in calls} == {"formify-download-writer"}
    assert len(calls) <= len(BIG) // WRITE_BATCH + 1 < len(chunks)
    assert sum(buffers for _, buffers in calls) == len(chunks)


@pytest.mark.parametrize("limit", [7, 1000, 65_541])
def test_a_partial_writev_is_resumed_where_it_stopped(tmp_path, monkeypatch, limit):
    # A write may take fewer bytes than offered (a signal, a nearly full disk): the rest follows.
    # Every limit is below the batch's 69,643 bytes; 65,541 stops inside the second buffer.
    def short_writev(fd: int, buffers: Any) -> int:
        return os.write(fd, b"".join(bytes(b) for b in buffers)[:limit])

    monkeypatch.setattr(os, "writev", short_writev)
    batch = [b"a" * 65536, b"b" * 10, b"", b"c" * 4097]
    path = tmp_path / "out"
    with open(path, "wb") as out:
        _write_batch(out, out.fileno(), batch)
    assert path.read_bytes() == b"".join(batch)


@pytest.mark.anyio
async def test_async_cancellation_mid_body_leaves_nothing_behind(storage, tmp_path):
    storage.state.stall_at["signed.pdf"] = (3 << 20, 30.0)  # the next test's reset ends it
    dest = tmp_path / "o.pdf"
    dest.write_bytes(b"previous")
    url = storage.sign("signed.pdf")
    done: list[int] = []
    stalled = asyncio.Event()

    async def get_url() -> str:
        return url

    def progress(n: int, total: int | None) -> None:
        done.append(n)
        if n >= 3 << 20:
            stalled.set()

    async with httpx.AsyncClient() as client:
        task = asyncio.ensure_future(
            adownload_signed_file(
                dest, get_url=get_url, storage_client=client, api_base_url=API, progress=progress
            )
        )
        # cancel once the body has stalled after 3 MiB (events, not a guess at how long
        # 3 MiB takes on a loaded machine)
        await asyncio.wait_for(stalled.wait(), 30)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    assert done[-1] == 3 << 20  # it was cancelled mid-body, after 3 MiB
    assert dest.read_bytes() == b"previous"
    assert leftovers(tmp_path) == ["o.pdf"]
