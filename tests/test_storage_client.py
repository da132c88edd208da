"""The storage download goes out the way the API client does (its transport, mounts, proxy and
timeout), a caller's User-Agent is kept, an unusable `Location` is a `DownloadError`, and no
log line, httpx's own included, shows the storage URL's signature. Sync and async."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from _api_server import Reply
from _storage_server import StorageServer, deterministic_bytes

from formify import AsyncFormify, Formify
from formify._base_client import USER_AGENT
from formify._logging import _FILTER, redact
from formify.errors import DownloadError
from formify.testing import Emulator, sample_pdf

PDF = deterministic_bytes(200_000)


@pytest.fixture
def storage(module_storage: StorageServer) -> StorageServer:
    module_storage.reset()
    module_storage.put("signed.pdf", PDF)
    return module_storage


class Counting:
    """Wrap a real transport (sync and async) and record each request's host and port."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, int | None]] = []
        self.closed = False


class CountingTransport(httpx.HTTPTransport):
    def __init__(self, log: Counting) -> None:
        super().__init__()
        self.log = log

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.log.seen.append((request.url.host, request.url.port))
        return super().handle_request(request)

    def close(self) -> None:
        self.log.closed = True
        super().close()


class AsyncCountingTransport(httpx.AsyncHTTPTransport):
    def __init__(self, log: Counting) -> None:
        super().__init__()
        self.log = log

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.log.seen.append((request.url.host, request.url.port))
        return await super().handle_async_request(request)

    async def aclose(self) -> None:
        self.log.closed = True
        await super().aclose()


def run(mode: str, api: Any, dest: Any, make_http: Callable[[bool], Any]) -> tuple[int, Any]:
    """Download "doc1" with a client given the caller's http_client `make_http(is_async)`."""
    if mode == "sync":
        http = make_http(False)
        with Formify("tok", base_url=api.url, http_client=http) as client:
            written = client.documents.download_signed_file("doc1", dest)
        return written, http

    async def main() -> tuple[int, Any]:
        http = make_http(True)
        async with AsyncFormify("tok", base_url=api.url, http_client=http) as client:
            return await client.documents.download_signed_file("doc1", dest), http

    return asyncio.run(main())


def test_the_callers_transport_carries_the_storage_download_too(mode, api, storage, tmp_path):
    api.queue(Reply(302, headers={"Location": storage.sign("signed.pdf")}))
    log = Counting()

    def make(is_async: bool) -> Any:
        if is_async:
            return httpx.AsyncClient(transport=AsyncCountingTransport(log))
        return httpx.Client(transport=CountingTransport(log))

    written, http = run(mode, api, tmp_path / "s.pdf", make)
    assert written == len(PDF)
    storage_port = int(storage.url.rsplit(":", 1)[1].split("/")[0])
    assert log.seen == [("127.0.0.1", api.port), ("127.0.0.1", storage_port)]
    assert not log.closed and not http.is_closed  # the caller's: never closed by us


def test_the_callers_mounts_route_the_storage_download(mode, api, storage, tmp_path):
    api.queue(Reply(302, headers={"Location": storage.sign("signed.pdf")}))
    log = Counting()
    storage_origin = storage.url.split("/", 3)[:3]
    pattern = "/".join(storage_origin)  # "http://127.0.0.1:<port>"

    def make(is_async: bool) -> Any:
        if is_async:
            return httpx.AsyncClient(mounts={pattern: AsyncCountingTransport(log)})
        return httpx.Client(mounts={pattern: CountingTransport(log)})

    written, _ = run(mode, api, tmp_path / "s.pdf", make)
    assert written == len(PDF)
    assert len(log.seen) == 1 and log.seen[0][0] == "127.0.0.1"  # only the storage GET


class Proxy(ThreadingHTTPServer):
    """A minimal forward HTTP proxy on 127.0.0.1 that records the absolute URLs it is asked."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _ProxyHandler)
        self.asked: list[str] = []


class _ProxyHandler(BaseHTTPRequestHandler):
    server: Proxy

    def do_GET(self) -> None:
        self.server.asked.append(self.path)
        with httpx.Client() as upstream:
            answer = upstream.get(self.path, headers={"Accept-Encoding": "identity"})
        self.send_response(answer.status_code)
        for name in ("content-type", "location"):
            if name in answer.headers:
                self.send_header(name, answer.headers[name])
        self.send_header("Content-Length", str(len(answer.content)))
        self.end_headers()
        self.wfile.write(answer.content)

    def log_message(self, *args: Any) -> None:
        pass


def test_the_callers_proxy_carries_the_storage_download(mode, api, storage, tmp_path):
    location = storage.sign("signed.pdf")
    api.queue(Reply(302, headers={"Location": location}))
    proxy = Proxy()
    thread = threading.Thread(target=proxy.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{proxy.server_address[1]}"

        def make(is_async: bool) -> Any:
            return (httpx.AsyncClient if is_async else httpx.Client)(proxy=url)

        written, _ = run(mode, api, tmp_path / "s.pdf", make)
    finally:
        proxy.shutdown()
        proxy.server_close()
    assert written == len(PDF) and (tmp_path / "s.pdf").read_bytes() == PDF
    assert [u.split("?")[0] for u in proxy.asked] == [
        f"{api.url}/docs/doc1/signed-file",
        location.split("?")[0],
    ]


class Stall(BaseHTTPRequestHandler):
    """A storage host that accepts the request and never answers (until the test ends)."""

    release = threading.Event()

    def do_GET(self) -> None:
        self.release.wait(30)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.mark.parametrize("where", ["given", "http_client"])
def test_the_api_clients_timeout_applies_to_the_storage_get(mode, api, tmp_path, where):
    stall = ThreadingHTTPServer(("127.0.0.1", 0), Stall)
    stall.daemon_threads = True
    threading.Thread(target=stall.serve_forever, daemon=True).start()
    location = f"http://127.0.0.1:{stall.server_address[1]}/signed.pdf?X-Amz-Signature=abc"
    api.queue(Reply(302, headers={"Location": location}))
    timeout = httpx.Timeout(5.0, read=0.5)
    http_class = httpx.Client if mode == "sync" else httpx.AsyncClient
    options: dict[str, Any] = {"base_url": api.url, "max_retries": 0}
    if where == "given":  # Formify(timeout=...) on a caller's pool with another timeout
        options.update(timeout=timeout, http_client=http_class(timeout=60.0))
    else:  # the caller's pool's own timeout
        options.update(http_client=http_class(timeout=timeout))
    try:
        with pytest.raises(DownloadError, match="ReadTimeout"):
            if mode == "sync":
                with Formify("tok", **options) as client:
                    client.documents.download_signed_file("doc1", tmp_path / "s.pdf")
            else:

                async def main() -> None:
                    async with AsyncFormify("tok", **options) as client:
                        await client.documents.download_signed_file("doc1", tmp_path / "s.pdf")

                asyncio.run(main())
    finally:
        Stall.release.set()
        stall.shutdown()
        stall.server_close()
        Stall.release.clear()
    assert list(tmp_path.iterdir()) == []


def test_a_callers_user_agent_is_kept_with_ours_appended(mode, api):
    api.queue(Reply(200, json={"userId": "u"}))
    headers = {"User-Agent": "acme-billing/4.2"}
    if mode == "sync":
        with Formify("tok", base_url=api.url, http_client=httpx.Client(headers=headers)) as c:
            c.user.get()
    else:

        async def main() -> None:
            http = httpx.AsyncClient(headers=headers)
            async with AsyncFormify("tok", base_url=api.url, http_client=http) as c:
                await c.user.get()

        asyncio.run(main())
    assert api.seen[0].headers["user-agent"] == f"acme-billing/4.2 {USER_AGENT}"


def test_without_a_user_agent_of_the_callers_ours_alone_is_sent(api):
    api.queue(Reply(200, json={"userId": "u"}), Reply(200, json={"userId": "u"}))
    with Formify("tok", base_url=api.url) as client:
        client.user.get()
    with Formify("tok", base_url=api.url, http_client=httpx.Client()) as client:
        client.user.get()
    assert [s.headers["user-agent"] for s in api.seen] == [USER_AGENT, USER_AGENT]


@pytest.mark.parametrize(
    "location", ["mailto:x@example.com", "javascript:alert(1)", "data:text/plain,x", "http://[::1"]
)
def test_an_unusable_location_is_a_download_error(mode, api, tmp_path, location):
    api.queue(
        Reply(302, headers={"Location": location}), Reply(302, headers={"Location": location})
    )
    dest = tmp_path / "s.pdf"
    if mode == "sync":
        with Formify("tok", base_url=api.url) as client:
            with pytest.raises(DownloadError, match="unusable storage URL"):
                client.documents.signed_file_url("doc1")
            with pytest.raises(DownloadError, match="unusable storage URL"):
                client.documents.download_signed_file("doc1", dest)
    else:

        async def main() -> None:
            async with AsyncFormify("tok", base_url=api.url) as client:
                with pytest.raises(DownloadError, match="unusable storage URL"):
                    await client.documents.signed_file_url("doc1")
                with pytest.raises(DownloadError, match="unusable storage URL"):
                    await client.documents.download_signed_file("doc1", dest)

        asyncio.run(main())
    assert len(api.seen) == 2  # not retried: the same answer would come back
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "name", ["X-Signature", "X-Amz-Signature", "X-Goog-Signature", "X-Amz-Security-Token", "sig"]
)
def test_redact_removes_storage_signatures(name):
    line = f"GET https://bucket.example/f.pdf?X-Expires=1&{name}=abc123DEF%2F456&other=ok"
    assert "abc123DEF" not in redact(line)
    assert f"{name}=[REDACTED]" in redact(line) and "other=ok" in redact(line)


def test_httpx_info_lines_never_show_the_signature(mode, caplog, monkeypatch, tmp_path):
    monkeypatch.delenv("FORMIFY_LOG", raising=False)
    logging.getLogger("httpx").removeFilter(_FILTER)  # the client installs it on creation
    caplog.set_level(logging.INFO)  # an application's ordinary logging, root at INFO
    with Emulator() as emu:
        if mode == "sync":
            client = emu.client()
            file_id = client.files.upload(sample_pdf())
            doc = client.documents.create(
                file_id=file_id,
                signees=[
                    {
                        "full_name": "A",
                        "email_address": "a@example.com",
                        "signature_placement": "new_page",
                    }
                ],
            )
            emu.sign(doc.document_id)
            url = client.documents.signed_file_url(doc.document_id)
            client.documents.download_signed_file(doc.document_id, tmp_path / "s.pdf")
            client.close()
        else:

            async def main() -> str:
                async with emu.async_client() as aclient:
                    file_id = await aclient.files.upload(sample_pdf())
                    doc = await aclient.documents.create(
                        file_id=file_id,
                        signees=[
                            {
                                "full_name": "A",
                                "email_address": "a@example.com",
                                "signature_placement": "new_page",
                            }
                        ],
                    )
                    emu.sign(doc.document_id)
                    await aclient.documents.download_signed_file(
                        doc.document_id, tmp_path / "s.pdf"
                    )
                    return await aclient.documents.signed_file_url(doc.document_id)

            url = asyncio.run(main())
    signature = httpx.URL(url).params["X-Signature"]
    httpx_lines = [r.getMessage() for r in caplog.records if r.name == "httpx"]
    storage_lines = [line for line in httpx_lines if "/bucket/" in line]
    assert storage_lines and all("X-Signature=[REDACTED]" in line for line in storage_lines)
    assert not any(signature in r.getMessage() for r in caplog.records)
    assert Path(tmp_path / "s.pdf").stat().st_size > 0
